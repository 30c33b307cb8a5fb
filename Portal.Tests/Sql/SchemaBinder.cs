using Microsoft.SqlServer.TransactSql.ScriptDom;

namespace Portal.Tests.Sql;

/// <summary>
/// Binds the tables and columns one SQL Server statement names to the schema the migrations create, the way SQL Server
/// does when it compiles the statement: table names and aliases per query scope (outer scopes visible to subqueries),
/// CTEs and derived tables by their output columns, inserted/deleted in OUTPUT, select-list aliases in ORDER BY.
/// Collects what does not bind, and which text columns INSERT/UPDATE/MERGE write from a parameter.
/// </summary>
public sealed class SchemaBinder(SqlServerSchema schema) : TSqlFragmentVisitor
{
    /// <summary>A name a column can be qualified with: a table or alias, the real table (if any) and its columns (null: any).</summary>
    private sealed record Source(string Name, string? Table, IReadOnlySet<string>? Columns);

    private sealed class Scope
    {
        public List<Source> Sources { get; } = [];
        public HashSet<string> Aliases { get; } = new(StringComparer.OrdinalIgnoreCase);
    }

    private static readonly HashSet<string> DateFunctions = new(StringComparer.OrdinalIgnoreCase)
        { "DATEADD", "DATEDIFF", "DATEDIFF_BIG", "DATEPART", "DATENAME", "DATETRUNC", "DATE_BUCKET" };

    private readonly List<Scope> _scopes = [];
    private readonly Dictionary<string, IReadOnlySet<string>?> _ctes = new(StringComparer.OrdinalIgnoreCase);
    private readonly HashSet<TSqlFragment> _notColumns = [];

    public List<string> Problems { get; } = [];

    /// <summary>(table, column) pairs that an INSERT, UPDATE or MERGE sets from a parameter (or, in a MERGE, from its source).</summary>
    public HashSet<(string Table, string Column)> WrittenFromParameters { get; } = [];

    public static SchemaBinder Bind(SqlServerSchema schema, string sql, string where)
    {
        var binder = new SchemaBinder(schema);
        SqlServerSchema.Parse(sql, where).Accept(binder);
        return binder;
    }

    // ---- CTEs ----------------------------------------------------------------------------------------------------

    private void RegisterCtes(WithCtesAndXmlNamespaces? with)
    {
        if (with is null) return;
        foreach (var cte in with.CommonTableExpressions)
            _ctes[cte.ExpressionName.Value] = cte.Columns.Count > 0
                ? cte.Columns.Select(c => c.Value).ToHashSet(StringComparer.OrdinalIgnoreCase)
                : OutputColumns(cte.QueryExpression);
    }

    public override void ExplicitVisit(SelectStatement node) { RegisterCtes(node.WithCtesAndXmlNamespaces); base.ExplicitVisit(node); }
    public override void ExplicitVisit(InsertStatement node) { RegisterCtes(node.WithCtesAndXmlNamespaces); base.ExplicitVisit(node); }
    public override void ExplicitVisit(UpdateStatement node) { RegisterCtes(node.WithCtesAndXmlNamespaces); base.ExplicitVisit(node); }
    public override void ExplicitVisit(DeleteStatement node) { RegisterCtes(node.WithCtesAndXmlNamespaces); base.ExplicitVisit(node); }
    public override void ExplicitVisit(MergeStatement node) { RegisterCtes(node.WithCtesAndXmlNamespaces); base.ExplicitVisit(node); }

    private static IReadOnlySet<string>? OutputColumns(QueryExpression query) => query switch
    {
        QuerySpecification spec when spec.SelectElements.Any(e => e is SelectStarExpression) => null,
        QuerySpecification spec => spec.SelectElements.OfType<SelectScalarExpression>()
            .Select(e => e.ColumnName?.Value ?? (e.Expression as ColumnReferenceExpression)?.MultiPartIdentifier?.Identifiers.Last().Value)
            .Where(n => n is not null).Select(n => n!).ToHashSet(StringComparer.OrdinalIgnoreCase),
        BinaryQueryExpression binary => OutputColumns(binary.FirstQueryExpression),
        QueryParenthesisExpression parenthesis => OutputColumns(parenthesis.QueryExpression),
        _ => null,
    };

    // ---- scopes ----------------------------------------------------------------------------------------------------

    private void AddSources(TableReference? reference, Scope scope)
    {
        switch (reference)
        {
            case null:
                return;
            case NamedTableReference named:
                scope.Sources.Add(SourceOf(named.SchemaObject, named.Alias?.Value));
                return;
            case QualifiedJoin join:
                AddSources(join.FirstTableReference, scope);
                AddSources(join.SecondTableReference, scope);
                return;
            case UnqualifiedJoin join:
                AddSources(join.FirstTableReference, scope);
                AddSources(join.SecondTableReference, scope);
                return;
            case JoinParenthesisTableReference parenthesis:
                AddSources(parenthesis.Join, scope);
                return;
            case QueryDerivedTable derived:
                scope.Sources.Add(new Source(derived.Alias?.Value ?? "", null,
                    derived.Columns.Count > 0 ? derived.Columns.Select(c => c.Value).ToHashSet(StringComparer.OrdinalIgnoreCase) : OutputColumns(derived.QueryExpression)));
                return;
            case InlineDerivedTable values:
                scope.Sources.Add(new Source(values.Alias?.Value ?? "", null, values.Columns.Select(c => c.Value).ToHashSet(StringComparer.OrdinalIgnoreCase)));
                return;
            case TableReferenceWithAlias aliased:
                scope.Sources.Add(new Source(aliased.Alias?.Value ?? "", null, null));
                return;
        }
    }

    private Source SourceOf(SchemaObjectName name, string? alias)
    {
        var table = name.BaseIdentifier.Value;
        var shownAs = alias ?? table;
        if (name.SchemaIdentifier is null && _ctes.TryGetValue(table, out var cteColumns)) return new Source(shownAs, null, cteColumns);
        if (table.StartsWith('#')) return new Source(shownAs, null, null); // a temporary table made by the statement itself
        if (name.SchemaIdentifier?.Value is { } schemaName && (schemaName.Equals("sys", StringComparison.OrdinalIgnoreCase) || schemaName.Equals("INFORMATION_SCHEMA", StringComparison.OrdinalIgnoreCase)))
            return new Source(shownAs, null, null);
        if (schema.Tables.TryGetValue(table, out var columns)) return new Source(shownAs, table, columns.Keys.ToHashSet(StringComparer.OrdinalIgnoreCase));
        Problems.Add($"table {table} is not created by any sql/sqlserver migration");
        return new Source(shownAs, null, null);
    }

    private void InScope(Scope scope, Action visit)
    {
        _scopes.Add(scope);
        try { visit(); }
        finally { _scopes.RemoveAt(_scopes.Count - 1); }
    }

    public override void ExplicitVisit(QuerySpecification node)
    {
        var scope = new Scope();
        foreach (var reference in node.FromClause?.TableReferences ?? []) AddSources(reference, scope);
        foreach (var element in node.SelectElements.OfType<SelectScalarExpression>())
            if (element.ColumnName?.Value is { } alias) scope.Aliases.Add(alias);
        InScope(scope, () => base.ExplicitVisit(node));
    }

    /// <summary>The target of an UPDATE/DELETE/INSERT/MERGE: an alias of the FROM clause, or a table; plus inserted/deleted.</summary>
    private Scope TargetScope(TableReference target, FromClause? from, out string? table)
    {
        var scope = new Scope();
        foreach (var reference in from?.TableReferences ?? []) AddSources(reference, scope);
        table = null;
        if (target is NamedTableReference named)
        {
            var existing = named.SchemaObject.SchemaIdentifier is null && named.Alias is null
                ? scope.Sources.FirstOrDefault(s => s.Name.Equals(named.SchemaObject.BaseIdentifier.Value, StringComparison.OrdinalIgnoreCase))
                : null;
            var source = existing ?? SourceOf(named.SchemaObject, named.Alias?.Value);
            if (existing is null) scope.Sources.Add(source);
            table = source.Table;
            scope.Sources.Add(source with { Name = "inserted" });
            scope.Sources.Add(source with { Name = "deleted" });
        }
        else
        {
            AddSources(target, scope);
        }
        return scope;
    }

    public override void ExplicitVisit(UpdateSpecification node)
    {
        var scope = TargetScope(node.Target, node.FromClause, out var table);
        if (table is not null)
            foreach (var set in node.SetClauses.OfType<AssignmentSetClause>())
                if (set.Column is not null && HasParameter(set.NewValue)) WrittenFromParameters.Add((table, set.Column.MultiPartIdentifier.Identifiers.Last().Value));
        InScope(scope, () => base.ExplicitVisit(node));
    }

    public override void ExplicitVisit(DeleteSpecification node)
    {
        var scope = TargetScope(node.Target, node.FromClause, out _);
        InScope(scope, () => base.ExplicitVisit(node));
    }

    public override void ExplicitVisit(InsertSpecification node)
    {
        var scope = TargetScope(node.Target, null, out var table);
        if (table is not null)
        {
            var columns = node.Columns.Select(c => c.MultiPartIdentifier.Identifiers.Last().Value).ToList();
            IEnumerable<IList<ScalarExpression>> rows = node.InsertSource switch
            {
                ValuesInsertSource values => values.RowValues.Select(r => r.ColumnValues),
                SelectInsertSource { Select: QuerySpecification spec } => [spec.SelectElements.OfType<SelectScalarExpression>().Select(e => e.Expression).ToList()],
                _ => [],
            };
            foreach (var row in rows)
                for (var i = 0; i < Math.Min(columns.Count, row.Count); i++)
                    if (HasParameter(row[i])) WrittenFromParameters.Add((table, columns[i]));
        }
        InScope(scope, () => base.ExplicitVisit(node));
    }

    public override void ExplicitVisit(MergeSpecification node)
    {
        var scope = new Scope();
        var target = SourceOf(((NamedTableReference)node.Target).SchemaObject, node.TableAlias?.Value ?? ((NamedTableReference)node.Target).Alias?.Value);
        scope.Sources.Add(target);
        scope.Sources.Add(target with { Name = "inserted" });
        scope.Sources.Add(target with { Name = "deleted" });
        AddSources(node.TableReference, scope);
        if (target.Table is { } table)
            foreach (var action in node.ActionClauses.Select(a => a.Action))
            {
                if (action is UpdateMergeAction update)
                    foreach (var set in update.SetClauses.OfType<AssignmentSetClause>())
                        if (set.NewValue is not null and not Literal) WrittenFromParameters.Add((table, set.Column.MultiPartIdentifier.Identifiers.Last().Value));
                if (action is InsertMergeAction { Source: ValuesInsertSource values } insert)
                    foreach (var row in values.RowValues)
                        for (var i = 0; i < Math.Min(insert.Columns.Count, row.ColumnValues.Count); i++)
                            if (row.ColumnValues[i] is not Literal) WrittenFromParameters.Add((table, insert.Columns[i].MultiPartIdentifier.Identifiers.Last().Value));
            }
        InScope(scope, () => base.ExplicitVisit(node));
    }

    // ---- column references ---------------------------------------------------------------------------------------

    public override void ExplicitVisit(FunctionCall node)
    {
        // DATEADD(day, ...): the date part parses as a column reference but is a keyword
        if (DateFunctions.Contains(node.FunctionName.Value) && node.Parameters.FirstOrDefault() is ColumnReferenceExpression part) _notColumns.Add(part);
        base.ExplicitVisit(node);
    }

    public override void ExplicitVisit(ColumnReferenceExpression node)
    {
        base.ExplicitVisit(node);
        if (node.ColumnType != ColumnType.Regular || node.MultiPartIdentifier is null || _notColumns.Contains(node)) return;
        var parts = node.MultiPartIdentifier.Identifiers.Select(i => i.Value).ToList();
        var column = parts[^1];
        var scopes = Enumerable.Reverse(_scopes).ToList();
        if (parts.Count == 1)
        {
            if (scopes.Count == 0) return; // e.g. a default value outside any query
            var bound = scopes.Any(s => s.Aliases.Contains(column) || s.Sources.Any(x => x.Columns is null || x.Columns.Contains(column)));
            if (!bound)
                Problems.Add($"column {column} is in none of the tables it can come from ({string.Join(", ", scopes.SelectMany(s => s.Sources).Select(s => s.Table ?? s.Name).Distinct())})");
            return;
        }
        var qualifier = parts[^2];
        var source = scopes.SelectMany(s => s.Sources).FirstOrDefault(s => s.Name.Equals(qualifier, StringComparison.OrdinalIgnoreCase));
        if (source is null)
            Problems.Add($"{qualifier}.{column}: no table or alias {qualifier} in scope");
        else if (source.Columns is not null && !source.Columns.Contains(column))
            Problems.Add($"{qualifier}.{column}: {source.Table ?? qualifier} has no column {column}");
    }

    private static bool HasParameter(TSqlFragment? fragment)
    {
        if (fragment is null) return false;
        var finder = new ParameterFinder();
        fragment.Accept(finder);
        return finder.Found;
    }

    private sealed class ParameterFinder : TSqlFragmentVisitor
    {
        public bool Found { get; private set; }
        public override void Visit(VariableReference node) => Found = true;
    }
}
