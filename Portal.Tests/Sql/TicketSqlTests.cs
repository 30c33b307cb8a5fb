using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.SqlServer.TransactSql.ScriptDom;
using Portal.Data.Db;
using Portal.Data.Service;

namespace Portal.Tests.Sql;

/// <summary>
/// The desk's and the customer's request lists are built from the filters given (methods, not properties, so the sweep
/// over statement properties does not see them): every combination parses as T-SQL, binds to the SQL Server schema and
/// prepares on the migrated SQLite schema (which also proves each INDEXED BY can be used: SQLite refuses to prepare a
/// statement whose named index cannot answer it).
/// </summary>
public sealed class TicketSqlTests
{
    private static IEnumerable<(string Name, string Sql)> Statements(SqlDialect dialect)
    {
        var sql = new TicketSql(dialect);
        for (var f = 0; f <= (int)DeskFilters.Every; f++)
        {
            var given = (DeskFilters)f;
            if (given.HasFlag(DeskFilters.Open) && given.HasFlag(DeskFilters.Status)) continue; // "open" takes the place of one status
            yield return ($"DeskCount({given})", sql.DeskCount(given));
            foreach (var sort in DeskSort.All) yield return ($"DeskList({given}, {sort})", sql.DeskList(given, sort));
        }
        for (var f = 0; f <= (int)CustomerFilters.Every; f++)
        {
            var given = (CustomerFilters)f;
            if (given.HasFlag(CustomerFilters.Open) && given.HasFlag(CustomerFilters.Status)) continue;
            yield return ($"CustomerList({given})", sql.CustomerList(given));
            yield return ($"CustomerCount({given})", sql.CustomerCount(given));
        }
    }

    [Fact]
    public void Every_combination_of_request_list_filters_parses_as_t_sql_and_binds_to_the_schema()
    {
        var parser = new TSql170Parser(initialQuotedIdentifiers: true);
        var schema = SqlServerSchema.FromMigrations();
        var statements = Statements(new SqlServerDialect()).ToList();
        Assert.Equal(768 * 6 + 6 * 2, statements.Count);
        foreach (var (name, sql) in statements)
        {
            parser.Parse(new StringReader(sql), out var errors);
            Assert.True(errors.Count == 0, $"{name} does not parse: {string.Join("; ", errors.Select(e => e.Message))}\n{sql}");
            var bound = SchemaBinder.Bind(schema, sql, name);
            Assert.True(bound.Problems.Count == 0, $"{name}: {string.Join("; ", bound.Problems)}\n{sql}");
        }
    }

    [Fact]
    public void Every_combination_of_request_list_filters_prepares_on_sqlite_and_holds_only_the_conditions_given()
    {
        var file = Path.Combine(Path.GetTempPath(), "portal-tests", $"ticket-sql-{Guid.NewGuid():N}.db");
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
            var ticketSql = new TicketSql(new SqliteDialect());
            // the default view: open requests by time left, read in the index's order, counted from the kept counts
            var list = ticketSql.DeskList(DeskFilters.Open, DeskSort.TimeLeft);
            Assert.Contains("INDEXED BY IX_Tickets_Open_TimeLeft", list);
            Assert.DoesNotContain(" OR ", list.Split("ORDER BY")[0].Split("WHERE")[1]);
            Assert.DoesNotContain("@", list.Split("ORDER BY")[0].Split("WHERE")[1]);
            Assert.StartsWith("SELECT COALESCE(SUM(c.Requests), 0) FROM TicketCounts", ticketSql.DeskCount(DeskFilters.Open | DeskFilters.Queue | DeskFilters.Unassigned));
            Assert.Contains("FROM Tickets t", ticketSql.DeskCount(DeskFilters.Open | DeskFilters.Priority));
            Assert.Contains("@AccountId", ticketSql.DeskList(DeskFilters.Account, DeskSort.Newest));
            Assert.DoesNotContain("@RequesterUserId", ticketSql.CustomerList(CustomerFilters.None));
            Assert.Contains("t.RequesterUserId = @RequesterUserId", ticketSql.CustomerList(CustomerFilters.Own | CustomerFilters.Open));
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            File.Delete(file);
        }
    }
}
