using Dapper;
using Microsoft.Data.SqlClient;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Portal.Data;
using Portal.Data.Accounts;
using Portal.Data.Db;
using Portal.Data.Ordering;

namespace Portal.Tests.Data;

/// <summary>Where SQLite and SQL Server would differ unless told: LIKE patterns, collations. Both must behave the same.</summary>
public abstract class SqlSemanticsFacts(ProviderDatabase db)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private AccountStore Accounts => db.Get<AccountStore>();

    [Fact]
    public async Task A_search_with_square_brackets_finds_the_brackets_literally()
    {
        var tag = DataSeed.Tag();
        foreach (var name in new[] { $"{tag} [A]B Paper", $"{tag} AB Paper", $"{tag} B Paper" })
            Assert.True((await Accounts.CreateAccountAsync(new NewAccount(name, null, "UTC"), Ct)).Succeeded);

        // on SQL Server an unescaped "[A]" is a character class and would find "AB Paper" instead
        Assert.Equal([$"{tag} [A]B Paper"], (await Accounts.ListAccountsAsync($"{tag} [A]", 1, 10, Ct)).Items.Select(a => a.Name));
        Assert.Equal([$"{tag} [A]B Paper"], (await Accounts.ListAccountsAsync($"{tag} [", 1, 10, Ct)).Items.Select(a => a.Name));
        Assert.Equal(@"50\% \[A-C]\_x", Like.Escape("50% [A-C]_x")); // a lone ']' means nothing to either database
    }

    [Fact]
    public async Task Names_people_type_compare_without_regard_to_case_on_both_databases()
    {
        var name = "Case Test " + DataSeed.Tag();
        Assert.True((await Accounts.CreateAccountAsync(new NewAccount(name, null, "UTC"), Ct)).Succeeded);
        var again = await Accounts.CreateAccountAsync(new NewAccount(name.ToUpperInvariant(), null, "UTC"), Ct);
        Assert.Equal("An account with this name already exists.", again.Errors["Name"]);

        var who = await DataSeed.CustomerAsync(db);
        var product = (await DataSeed.ProductsAsync(db, 1))[0];
        var lists = db.Get<StandingLists>();
        await db.Get<Carts>().AddAsync(who.Buyer, [(product.Id, 1)], Ct);
        Assert.True((await lists.SaveCartAsync(who.Buyer, "Weekly", Ct)).Succeeded);
        Assert.False((await lists.SaveCartAsync(who.Buyer, "WEEKLY", Ct)).Succeeded);
    }

    [Fact]
    public async Task Idempotency_keys_compare_exactly_on_both_databases()
    {
        // SQL Server's usual collation is case-insensitive: "abc" and "ABC" would be one key, and a second order would
        // be answered with the first; the column is BIN2 now, as SQLite's BINARY
        var who = await DataSeed.CustomerAsync(db);
        var product = (await DataSeed.ProductsAsync(db, 1))[0];
        var lower = await DataSeed.SubmittedOrderAsync(db, who, [(product, 1)]);
        var upper = await DataSeed.SubmittedOrderAsync(db, who, [(product, 1)]);
        await using var c = await db.Get<ConnectionFactory>().OpenAsync(Ct);
        await c.ExecuteAsync("UPDATE Orders SET IdempotencyKey = @Key WHERE Id = @Id", new { Key = "retry-key-abc", lower.Id });
        await c.ExecuteAsync("UPDATE Orders SET IdempotencyKey = @Key WHERE Id = @Id", new { Key = "RETRY-KEY-ABC", upper.Id });

        var sql = db.Get<OrderingSql>();
        Assert.Equal(lower.Number, await c.ExecuteScalarAsync<string>(sql.OrderByIdempotencyKey, new { who.AccountId, IdempotencyScope = "", IdempotencyKey = "retry-key-abc" }));
        Assert.Equal(upper.Number, await c.ExecuteScalarAsync<string>(sql.OrderByIdempotencyKey, new { who.AccountId, IdempotencyScope = "", IdempotencyKey = "RETRY-KEY-ABC" }));
        Assert.Null(await c.ExecuteScalarAsync<string>(sql.OrderByIdempotencyKey, new { who.AccountId, IdempotencyScope = "", IdempotencyKey = "Retry-Key-Abc" }));
    }
}

public sealed class SqlSemanticsFacts_Sqlite(SqliteDatabase db) : SqlSemanticsFacts(db), IClassFixture<SqliteDatabase>;
public sealed class SqlSemanticsFacts_SqlServer(SqlServerDatabase db) : SqlSemanticsFacts(db), IClassFixture<SqlServerDatabase>;

/// <summary>Several web nodes starting at once on a fresh database: the migrations run once, every node starts.</summary>
public sealed class MigratorFacts
{
    private static MigrationResult[] MigrateAllAtOnce(DatabaseOptions options, int nodes)
    {
        using var barrier = new Barrier(nodes);
        var results = new MigrationResult[nodes];
        var errors = new Exception?[nodes];
        var threads = Enumerable.Range(0, nodes).Select(i => new Thread(() =>
        {
            barrier.SignalAndWait();
            try { results[i] = new Migrator(options, NullLogger<Migrator>.Instance).Migrate(); }
            catch (Exception ex) { errors[i] = ex; }
        })).ToList();
        foreach (var t in threads) t.Start();
        foreach (var t in threads) t.Join();
        Assert.All(errors, e => Assert.True(e is null, $"a node failed to start: {e}"));
        return results;
    }

    private static void AssertMigratedOnce(MigrationResult[] results, DatabaseProvider provider, IEnumerable<(string Name, int Count)> recorded)
    {
        Assert.All(results, Assert.NotNull); // no node threw
        var scripts = Migrator.ScriptNames(provider);
        // every script ran on exactly one node
        Assert.Equal(scripts.Order(), results.SelectMany(r => r.ScriptsRun).Select(n => n.Split('/').Last()).Order());
        Assert.All(recorded, r => Assert.Equal(1, r.Count));
        Assert.Equal(scripts.Count, recorded.Count());
    }

    [Fact]
    public void Nodes_migrating_a_fresh_sqlite_database_at_once_all_start_and_the_schema_is_migrated_once()
    {
        var folder = Path.Combine(Path.GetTempPath(), "portal-tests", "migrate-" + Guid.NewGuid().ToString("N")[..12]);
        var options = DatabaseOptions.From("Sqlite", $"Data Source={Path.Combine(folder, "portal.db")}", folder);
        try
        {
            var results = MigrateAllAtOnce(options, 6);
            using var c = new SqliteConnection(options.ConnectionString);
            c.Open();
            AssertMigratedOnce(results, DatabaseProvider.Sqlite, c.Query<(string, int)>("SELECT ScriptName, COUNT(*) FROM SchemaVersions GROUP BY ScriptName"));
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            try { Directory.Delete(folder, recursive: true); } catch (IOException) { }
        }
    }

    [Fact]
    public void Nodes_migrating_a_fresh_sql_server_database_at_once_all_start_and_the_schema_is_migrated_once()
    {
        var server = Environment.GetEnvironmentVariable(ProviderDatabase.SqlServerVariable);
        Assert.SkipWhen(string.IsNullOrWhiteSpace(server), ProviderDatabase.SqlServerSkipped);
        var builder = new SqlConnectionStringBuilder(server) { InitialCatalog = "portal_test_" + Guid.NewGuid().ToString("N") };
        var options = DatabaseOptions.From("SqlServer", builder.ConnectionString, Path.GetTempPath());
        try
        {
            var results = MigrateAllAtOnce(options, 6);
            using var c = new SqlConnection(options.ConnectionString);
            c.Open();
            AssertMigratedOnce(results, DatabaseProvider.SqlServer, c.Query<(string, int)>("SELECT ScriptName, COUNT(*) FROM SchemaVersions GROUP BY ScriptName"));
        }
        finally
        {
            var name = builder.InitialCatalog;
            builder.InitialCatalog = "master";
            SqlConnection.ClearAllPools();
            using var c = new SqlConnection(builder.ConnectionString);
            c.Open();
            c.Execute($"IF DB_ID('{name}') IS NOT NULL BEGIN ALTER DATABASE [{name}] SET SINGLE_USER WITH ROLLBACK IMMEDIATE; DROP DATABASE [{name}]; END");
        }
    }
}
