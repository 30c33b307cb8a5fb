using System.Reflection;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.SqlServer.TransactSql.ScriptDom;
using Portal.Data.Db;

namespace Portal.Tests.Sql;

/// <summary>
/// SQL Server cannot run on the build machines, so every statement the code can send to it, and every migration
/// script, is parsed with ScriptDom's newest parser; the SQLite twins are prepared against a real migrated database.
/// </summary>
public sealed class SqlScriptTests
{
    public static string RepoRoot
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Portal.sln"))) dir = dir.Parent;
            return dir?.FullName ?? throw new InvalidOperationException("Portal.sln not found above " + AppContext.BaseDirectory);
        }
    }

    /// <summary>The highest TSqlNNNParser the package ships, so new syntax is checked with the newest grammar.</summary>
    private static TSqlParser NewestParser()
    {
        var type = typeof(TSqlParser).Assembly.GetTypes()
            .Where(t => !t.IsAbstract && typeof(TSqlParser).IsAssignableFrom(t) && t.Name.StartsWith("TSql") && t.Name.EndsWith("Parser"))
            .OrderByDescending(t => int.TryParse(t.Name[4..^6], out var v) ? v : 0)
            .First();
        return (TSqlParser)Activator.CreateInstance(type, [true])!; // initialQuotedIdentifiers: true, as SQL Server connections set it
    }

    private static void AssertParses(string sql, string where)
    {
        using var reader = new StringReader(sql);
        NewestParser().Parse(reader, out var errors);
        Assert.True(errors.Count == 0,
            $"{where} does not parse as T-SQL:\n" + string.Join("\n", errors.Select(e => $"  line {e.Line}, col {e.Column}: {e.Message}")) + "\n" + sql);
    }

    public static IEnumerable<(string Class, string Property, string Sql)> Statements(SqlDialect dialect) =>
        typeof(ISqlStatements).Assembly.GetTypes()
            .Where(t => typeof(ISqlStatements).IsAssignableFrom(t) && t is { IsClass: true, IsAbstract: false })
            .SelectMany(t =>
            {
                var instance = Activator.CreateInstance(t, dialect)!;
                return t.GetProperties(BindingFlags.Public | BindingFlags.Instance)
                    .Where(p => p.PropertyType == typeof(string))
                    .Select(p => (t.Name, p.Name, (string)p.GetValue(instance)!));
            });

    [Fact]
    public void The_newest_parser_is_used() => Assert.True(int.Parse(NewestParser().GetType().Name[4..^6]) >= 170, NewestParser().GetType().Name);

    [Fact]
    public void Every_sql_server_migration_script_parses()
    {
        var scripts = Directory.GetFiles(Path.Combine(RepoRoot, "sql", "sqlserver"), "*.sql");
        Assert.NotEmpty(scripts);
        foreach (var script in scripts) AssertParses(File.ReadAllText(script), Path.GetFileName(script));
    }

    [Fact]
    public void Both_sql_folders_hold_the_same_numbered_scripts()
    {
        string[] Names(string provider) => Directory.GetFiles(Path.Combine(RepoRoot, "sql", provider), "*.sql").Select(Path.GetFileName).Order().ToArray()!;
        var sqlServer = Names("sqlserver");
        Assert.NotEmpty(sqlServer);
        Assert.Equal(sqlServer, Names("sqlite"));
        Assert.All(sqlServer, n => Assert.Matches(@"^\d{4}_[a-z0-9_]+\.sql$", n));
        // and the assembly carries exactly these scripts for both providers
        Assert.Equal(sqlServer, Migrator.ScriptNames(DatabaseProvider.SqlServer));
        Assert.Equal(sqlServer, Migrator.ScriptNames(DatabaseProvider.Sqlite));
    }

    [Fact]
    public void Every_sql_server_statement_the_code_can_send_parses()
    {
        var statements = Statements(new SqlServerDialect()).ToList();
        Assert.True(statements.Count > 40, $"only {statements.Count} statements found: the search for them is broken");
        foreach (var (cls, property, sql) in statements) AssertParses(sql, $"{cls}.{property}");
        AssertParses(new SqlServerDialect().Ping, "SqlServerDialect.Ping");
    }

    [Fact]
    public void Every_sqlite_statement_prepares_against_the_migrated_schema()
    {
        var file = Path.Combine(Path.GetTempPath(), "portal-tests", $"sql-{Guid.NewGuid():N}.db");
        var options = DatabaseOptions.From("Sqlite", $"Data Source={file}", Path.GetTempPath());
        new Migrator(options, NullLogger<Migrator>.Instance).Migrate();
        try
        {
            using var connection = new SqliteConnection(options.ConnectionString);
            connection.Open();
            var statements = Statements(new SqliteDialect()).ToList();
            Assert.True(statements.Count > 40);
            foreach (var (cls, property, sql) in statements)
            {
                using var command = connection.CreateCommand();
                command.CommandText = sql;
                var ex = Record.Exception(() => command.Prepare());
                Assert.True(ex is null, $"{cls}.{property} does not prepare on SQLite: {ex?.Message}\n{sql}");
            }
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            File.Delete(file);
        }
    }
}
