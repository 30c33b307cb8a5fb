using Microsoft.SqlServer.TransactSql.ScriptDom;

namespace Portal.Tests.Sql;

/// <summary>A column as the SQL Server migrations leave it: its type and, for character types, its length (null for MAX).</summary>
public sealed record SqlColumn(string Table, string Name, SqlDataTypeOption Type, int? Length)
{
    public bool IsText => Type is SqlDataTypeOption.NVarChar or SqlDataTypeOption.VarChar or SqlDataTypeOption.NChar or SqlDataTypeOption.Char;
    public override string ToString() => $"{Table}.{Name} {Type}{(IsText ? $"({(Length is { } l ? l : "MAX")})" : "")}";
}

/// <summary>
/// The schema the SQL Server migrations create, read by parsing sql/sqlserver/*.sql in order with ScriptDom:
/// CREATE TABLE, ALTER TABLE ADD / ALTER COLUMN / DROP COLUMN and DROP TABLE are applied. Names compare case-insensitively.
/// </summary>
public sealed class SqlServerSchema
{
    public Dictionary<string, Dictionary<string, SqlColumn>> Tables { get; } = new(StringComparer.OrdinalIgnoreCase);

    public SqlColumn? Column(string table, string column) =>
        Tables.TryGetValue(table, out var columns) && columns.TryGetValue(column, out var c) ? c : null;

    public static TSqlParser Parser() => new TSql170Parser(initialQuotedIdentifiers: true);

    public static TSqlFragment Parse(string sql, string where)
    {
        using var reader = new StringReader(sql);
        var fragment = Parser().Parse(reader, out var errors);
        if (errors.Count > 0)
            throw new InvalidOperationException($"{where} does not parse: " + string.Join("; ", errors.Select(e => $"line {e.Line}: {e.Message}")));
        return fragment;
    }

    private static SqlServerSchema? _fromMigrations;

    /// <summary>The schema of every script under sql/sqlserver, applied in file-name order.</summary>
    public static SqlServerSchema FromMigrations()
    {
        if (_fromMigrations is { } cached) return cached;
        var schema = new SqlServerSchema();
        foreach (var file in Directory.GetFiles(Path.Combine(SqlScriptTests.RepoRoot, "sql", "sqlserver"), "*.sql").Order(StringComparer.Ordinal))
            schema.Apply(Parse(File.ReadAllText(file), Path.GetFileName(file)));
        return _fromMigrations = schema;
    }

    public void Apply(TSqlFragment script)
    {
        foreach (var statement in ((TSqlScript)script).Batches.SelectMany(b => b.Statements))
        {
            switch (statement)
            {
                case CreateTableStatement create:
                    Tables[create.SchemaObjectName.BaseIdentifier.Value] = new Dictionary<string, SqlColumn>(StringComparer.OrdinalIgnoreCase);
                    foreach (var column in create.Definition.ColumnDefinitions) Add(create.SchemaObjectName.BaseIdentifier.Value, column);
                    break;
                case AlterTableAddTableElementStatement add:
                    foreach (var column in add.Definition.ColumnDefinitions) Add(add.SchemaObjectName.BaseIdentifier.Value, column);
                    break;
                case AlterTableAlterColumnStatement alter when alter.DataType is not null:
                    Tables[alter.SchemaObjectName.BaseIdentifier.Value][alter.ColumnIdentifier.Value] =
                        ColumnOf(alter.SchemaObjectName.BaseIdentifier.Value, alter.ColumnIdentifier.Value, alter.DataType);
                    break;
                case AlterTableDropTableElementStatement drop:
                    foreach (var element in drop.AlterTableDropTableElements.Where(e => e.TableElementType == TableElementType.Column))
                        Tables[drop.SchemaObjectName.BaseIdentifier.Value].Remove(element.Name.Value);
                    break;
                case DropTableStatement dropTable:
                    foreach (var name in dropTable.Objects) Tables.Remove(name.BaseIdentifier.Value);
                    break;
            }
        }
    }

    private void Add(string table, ColumnDefinition column) =>
        Tables[table][column.ColumnIdentifier.Value] = ColumnOf(table, column.ColumnIdentifier.Value, column.DataType);

    private static SqlColumn ColumnOf(string table, string name, DataTypeReference? type)
    {
        if (type is not SqlDataTypeReference sql) return new SqlColumn(table, name, SqlDataTypeOption.None, null);
        int? length = sql.Parameters.FirstOrDefault() switch
        {
            MaxLiteral => null,
            Literal literal when int.TryParse(literal.Value, out var n) => n,
            // NVARCHAR without a length is NVARCHAR(1) in a column definition
            null when sql.SqlDataTypeOption is SqlDataTypeOption.NVarChar or SqlDataTypeOption.VarChar or SqlDataTypeOption.NChar or SqlDataTypeOption.Char => 1,
            _ => null,
        };
        return new SqlColumn(table, name, sql.SqlDataTypeOption, length);
    }
}
