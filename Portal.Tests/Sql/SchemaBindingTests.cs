using Portal.Data;
using System.Reflection;
using Portal.Data.Db;

namespace Portal.Tests.Sql;

/// <summary>
/// What SQLite hides: SQL Server compiles every statement against its schema, so a misspelt table or column fails there
/// and only there. Every statement the code can send to SQL Server is bound here to the schema the SQL Server
/// migrations create, and the text limits the code enforces are checked against the SQL Server column lengths.
/// </summary>
public sealed class SchemaBindingTests
{
    private static readonly SqlServerSchema Schema = SqlServerSchema.FromMigrations();

    private static List<string> Problems(string sql) => SchemaBinder.Bind(Schema, sql, "test statement").Problems;

    [Fact]
    public void The_schema_model_applies_every_migration_in_order()
    {
        Assert.Equal(new SqlColumn("Orders", "PoNumber", Microsoft.SqlServer.TransactSql.ScriptDom.SqlDataTypeOption.NVarChar, 64), Schema.Column("Orders", "PoNumber"));
        Assert.NotNull(Schema.Column("CustomerAccounts", "CreditLimit"));          // ALTER TABLE ... ADD in 0002
        Assert.NotNull(Schema.Column("CustomerAccounts", "AccountManagerUserId")); // ALTER TABLE ... ADD in 0004
        Assert.Null(Schema.Column("MailOutbox", "HtmlBody")!.Length);              // NVARCHAR(MAX)
        Assert.Null(Schema.Column("Orders", "Numbr"));
    }

    [Fact]
    public void Every_table_and_column_a_sql_server_statement_names_is_in_the_sql_server_schema()
    {
        var statements = SqlScriptTests.Statements(new SqlServerDialect()).ToList();
        Assert.True(statements.Count > 40, $"only {statements.Count} statements found");
        var problems = statements
            .SelectMany(s => SchemaBinder.Bind(Schema, s.Sql, $"{s.Class}.{s.Property}").Problems.Select(p => $"{s.Class}.{s.Property}: {p}"))
            .ToList();
        Assert.True(problems.Count == 0, "statements that SQL Server would refuse:\n" + string.Join("\n", problems));
    }

    [Theory]
    [InlineData("SELECT o.Numbr FROM Orders o WHERE o.AccountId = @AccountId", "o.Numbr")]
    [InlineData("SELECT Numbr FROM Orders WHERE AccountId = @AccountId", "column Numbr")]
    [InlineData("SELECT x.Number FROM Orders o", "no table or alias x")]
    [InlineData("SELECT Id FROM Orderz", "table Orderz")]
    [InlineData("UPDATE Orders SET Staus = @Status WHERE Id = @Id", "column Staus")]
    [InlineData("INSERT INTO Sites (Id, AccountId, Cod) VALUES (@Id, @AccountId, @Code)", "column Cod")]
    [InlineData("DELETE FROM CartLines WHERE CartID = @CartId AND Product = @ProductId", "column Product")]
    [InlineData("SELECT a.Name, (SELECT COUNT(*) FROM Sites s WHERE s.AcountId = a.Id) FROM CustomerAccounts a", "s.AcountId")]
    [InlineData("WITH t AS (SELECT Id, Total FROM Orders) SELECT t.Status FROM t", "t.Status")]
    [InlineData("SELECT d.Nme FROM (SELECT Name FROM Categories) d", "d.Nme")]
    [InlineData("UPDATE Counters SET Value = Value + 1 OUTPUT inserted.Valu WHERE Name = @Name", "inserted.Valu")]
    public void A_misspelt_table_or_column_is_found(string sql, string expected)
    {
        var problems = Problems(sql);
        Assert.True(problems.Any(p => p.Contains(expected, StringComparison.OrdinalIgnoreCase)), $"expected a problem naming {expected}, got: {string.Join("; ", problems)}");
    }

    [Theory]
    [InlineData("SELECT a.Name, (SELECT COUNT(*) FROM Sites s WHERE s.AccountId = a.Id) AS SiteCount FROM CustomerAccounts a ORDER BY SiteCount")]
    [InlineData("WITH t (OrderId, Amount) AS (SELECT Id, Total FROM Orders) SELECT t.OrderId, Amount FROM t")]
    [InlineData("SELECT d.Name FROM (SELECT Name FROM Categories) d")]
    [InlineData("UPDATE o SET Status = @Status FROM Orders o JOIN Sites s ON s.Id = o.SiteId WHERE s.Code = @Code")]
    [InlineData("SELECT DATEADD(day, 1, o.CreatedUtc) FROM Orders o")]
    [InlineData("MERGE Counters WITH (HOLDLOCK) AS t USING (VALUES (@Name, @Value)) AS s (Name, Value) ON t.Name = s.Name WHEN MATCHED THEN UPDATE SET Value = s.Value WHEN NOT MATCHED THEN INSERT (Name, Value) VALUES (s.Name, s.Value);")]
    [InlineData("SELECT COUNT(*) FROM sys.objects WHERE name = @Name")]
    public void Correct_statements_bind(string sql) => Assert.Empty(Problems(sql));

    // ---- text limits -------------------------------------------------------------------------------------------------

    /// <summary>Every (table, column) constant of <see cref="TextLimits"/>: nested class = table, constant = column.</summary>
    public static IEnumerable<(string Table, string Column, int Limit)> Limits() =>
        typeof(TextLimits).GetNestedTypes(BindingFlags.Public | BindingFlags.Static)
            .SelectMany(t => t.GetFields(BindingFlags.Public | BindingFlags.Static)
                .Where(f => f.IsLiteral && f.FieldType == typeof(int))
                .Select(f => (t.Name, f.Name, (int)f.GetRawConstantValue()!)));

    /// <summary>Text columns written only from values the code makes, never from what a person or system types.</summary>
    private static readonly Dictionary<string, string> Generated = new()
    {
        ["Users.PasswordHash"] = "Identity's password hasher output",
        ["Users.SecurityStamp"] = "a GUID made by Identity",
        ["Users.ConcurrencyStamp"] = "a GUID made by Identity",
        ["Roles.Name"] = "the six fixed role names (seeded)",
        ["Roles.NormalizedName"] = "the six fixed role names (seeded)",
        ["Roles.ConcurrencyStamp"] = "a GUID made by Identity",
        ["UserClaims.ClaimType"] = "claims made by the portal's code",
        ["UserClaims.ClaimValue"] = "claims made by the portal's code",
        ["RoleClaims.ClaimType"] = "claims made by the portal's code",
        ["RoleClaims.ClaimValue"] = "claims made by the portal's code",
        ["UserLogins.LoginProvider"] = "the external login provider's name (none are configured)",
        ["UserLogins.ProviderKey"] = "the external login provider's key (none are configured)",
        ["UserLogins.ProviderDisplayName"] = "the external login provider's name (none are configured)",
        ["UserTokens.LoginProvider"] = "Identity's token provider names",
        ["UserTokens.Name"] = "Identity's token names (authenticator key, recovery codes)",
        ["Invitations.Roles"] = "role names chosen from the fixed list, comma-joined (at most 3 x 14 characters)",
        ["Invitations.TokenHash"] = "a SHA-256 hex hash",
        ["Counters.Name"] = "fixed counter names in code",
        ["ApiKeys.Prefix"] = "the first 8 characters of a generated key",
        ["ApiKeys.KeyHash"] = "a SHA-256 hex hash",
        ["Orders.Number"] = "made from the order-number counter",
        ["DataProtectionKeys.FriendlyName"] = "the key's name made by ASP.NET Core data protection (\"key-\" and a GUID)",
        ["Orders.IdempotencyScope"] = "who sent the key: \"user:\" or \"api-key:\" and a GUID (at most 40 characters)",
        ["Orders.RequestHash"] = "a SHA-256 hex hash of the request",
        ["Orders.Source"] = "an OrderSource code",
        ["ImportUploads.Kind"] = "\"products\" or \"prices\", chosen by the page",
        ["ImportUploads.FileName"] = "the upload's file name, cut to the column by CatalogImport (shown only as a label)",
        ["Orders.Status"] = "an OrderStatus code",
        ["OrderEvents.Status"] = "an OrderStatus code",
        ["OrderLines.Sku"] = "copied from Products.Sku (same column length)",
        ["OrderLines.Name"] = "copied from Products.Name (same column length)",
        ["OrderLines.Unit"] = "copied from Products.Unit (same column length)",
        ["Promises.Kind"] = "a promise kind code",
        ["Promises.ReasonCode"] = "a re-promise reason code from the fixed list",
        ["CustomerAccounts.ExternalRef"] = "an account reference of an imported history file; HistoryImport skips rows whose reference is over 60 characters",
        ["HistoryImports.FileName"] = "the imported file's name, cut to 400 by HistoryImport",
        ["HistoryImports.Format"] = "a HistoryFormat name",
        ["HistoryImports.Summary"] = "the import's counts, made by HistoryImport and cut to 4000",
        ["SlaPolicies.Priority"] = "a TicketPriority code, checked against the fixed list",
        ["TicketSlaAlerts.Target"] = "an SlaTarget code",
        ["TicketSlaAlerts.Kind"] = "an SlaAlertKind code",
        ["ReliabilityLines.OrderNumber"] = "copied from Orders.Number by the reliability roll-up",
        ["ReliabilityLines.Sku"] = "copied from OrderLines.Sku (same column length)",
        ["ReliabilityLines.ProductName"] = "copied from OrderLines.Name (same column length)",
        ["ReliabilityLines.ReasonCode"] = "copied from Promises.ReasonCode (a code from the fixed list)",
        ["ReliabilityRollups.Dimension"] = "a ReliabilityDimensions code",
        ["ReliabilityRollups.DimensionKey"] = "a GUID, a SKU (64) or a reason code, made by the roll-up",
        ["ReliabilityRollups.Grain"] = "a ReliabilityGrains code (W or M)",
        ["ReliabilityRollups.Label"] = "account, site, product, category names joined by the roll-up, cut to the column",
    };

    [Fact]
    public void Every_text_limit_fits_its_sql_server_column()
    {
        var limits = Limits().ToList();
        Assert.True(limits.Count > 20, "the TextLimits constants are not found");
        var problems = new List<string>();
        foreach (var (table, column, limit) in limits)
        {
            var sqlColumn = Schema.Column(table, column);
            if (sqlColumn is null) problems.Add($"TextLimits.{table}.{column}: no such column in the SQL Server schema");
            else if (!sqlColumn.IsText) problems.Add($"TextLimits.{table}.{column}: {sqlColumn} is not a text column");
            else if (sqlColumn.Length is { } length && limit > length) problems.Add($"TextLimits.{table}.{column} = {limit} is longer than {sqlColumn}");
            else if (limit < 1) problems.Add($"TextLimits.{table}.{column} = {limit}");
        }
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Fact]
    public void Every_text_column_written_from_a_parameter_has_a_limit_or_is_only_ever_generated()
    {
        var written = SqlScriptTests.Statements(new SqlServerDialect())
            .SelectMany(s => SchemaBinder.Bind(Schema, s.Sql, $"{s.Class}.{s.Property}").WrittenFromParameters)
            .Where(w => Schema.Column(w.Table, w.Column) is { IsText: true, Length: not null }) // NVARCHAR(MAX) cannot overflow
            .Select(w => $"{Schema.Tables[w.Table][w.Column].Table}.{Schema.Tables[w.Table][w.Column].Name}")
            .ToHashSet();
        Assert.Contains("Orders.PoNumber", written); // the search finds writes at all
        var limited = Limits().Select(l => $"{l.Table}.{l.Column}").ToHashSet();
        var missing = written.Where(w => !limited.Contains(w) && !Generated.ContainsKey(w)).Order().ToList();
        Assert.True(missing.Count == 0,
            "text columns written from parameters with no TextLimits entry (add one and enforce it, or list the column as generated with the reason):\n"
            + string.Join("\n", missing.Select(m => $"  {m} {Schema.Column(m.Split('.')[0], m.Split('.')[1])}")));
        var stale = Generated.Keys.Where(g => limited.Contains(g)).ToList();
        Assert.True(stale.Count == 0, "listed as generated but limited too: " + string.Join(", ", stale));
    }
}
