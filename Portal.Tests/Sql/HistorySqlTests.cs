using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.SqlServer.TransactSql.ScriptDom;
using Portal.Data.Db;
using Portal.Data.Ordering;

namespace Portal.Tests.Sql;

/// <summary>
/// The history statements are built from the filters given (methods, not properties, so the sweep over statement
/// properties does not see them): every combination parses as T-SQL and prepares on the migrated SQLite schema.
/// </summary>
public sealed class HistorySqlTests
{
    private static IEnumerable<(string Name, string Sql)> Statements(SqlDialect dialect)
    {
        var sql = new OrderingSql(dialect);
        for (var f = 0; f <= (int)HistoryFilters.All; f++)
        {
            var given = (HistoryFilters)f;
            yield return ($"History({given})", sql.History(given));
            yield return ($"HistoryCount({given})", sql.HistoryCount(given));
            yield return ($"HistoryExport({given})", sql.HistoryExport(given));
            // "Open" takes the place of a single status, with every other filter
            if (given.HasFlag(HistoryFilters.Status)) continue;
            var open = given | HistoryFilters.Open;
            yield return ($"History({open})", sql.History(open));
            yield return ($"HistoryCount({open})", sql.HistoryCount(open));
            yield return ($"HistoryExport({open})", sql.HistoryExport(open));
        }
    }

    [Fact]
    public void Every_combination_of_history_filters_parses_as_t_sql()
    {
        // the newest TSqlNNNParser the package ships, as SqlScriptTests uses
        var parserType = typeof(TSqlParser).Assembly.GetTypes()
            .Where(t => !t.IsAbstract && typeof(TSqlParser).IsAssignableFrom(t) && t.Name.StartsWith("TSql") && t.Name.EndsWith("Parser"))
            .OrderByDescending(t => int.TryParse(t.Name[4..^6], out var v) ? v : 0)
            .First();
        var parser = (TSqlParser)Activator.CreateInstance(parserType, [true])!;
        var statements = Statements(new SqlServerDialect()).ToList();
        Assert.Equal((64 + 32) * 3, statements.Count);
        foreach (var (name, sql) in statements)
        {
            parser.Parse(new StringReader(sql), out var errors);
            Assert.True(errors.Count == 0, $"{name} does not parse: {string.Join("; ", errors.Select(e => e.Message))}\n{sql}");
        }
    }

    [Fact]
    public void Every_combination_of_history_filters_prepares_on_sqlite_and_holds_only_the_conditions_given()
    {
        var file = Path.Combine(Path.GetTempPath(), "portal-tests", $"history-sql-{Guid.NewGuid():N}.db");
        var options = DatabaseOptions.From("Sqlite", $"Data Source={file}", Path.GetTempPath());
        new Migrator(options, NullLogger<Migrator>.Instance).Migrate();
        try
        {
            using var connection = new SqliteConnection(options.ConnectionString);
            connection.Open();
            foreach (var (name, sql) in Statements(new SqliteDialect()))
            {
                using var command = connection.CreateCommand();
                command.CommandText = sql;
                var ex = Record.Exception(() => command.Prepare());
                Assert.True(ex is null, $"{name} does not prepare on SQLite: {ex?.Message}\n{sql}");
            }
            var plain = new OrderingSql(new SqliteDialect()).HistoryCount(HistoryFilters.None);
            Assert.DoesNotContain("@Status", plain);
            Assert.DoesNotContain(" OR ", plain);
            Assert.Contains("@Sku", new OrderingSql(new SqliteDialect()).HistoryCount(HistoryFilters.Sku));
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            File.Delete(file);
        }
    }
}
