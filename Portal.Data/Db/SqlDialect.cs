namespace Portal.Data.Db;

/// <summary>
/// What differs between the two dialects, kept in one place (after YesSql's ISqlDialect). Feature statement classes
/// are written once and ask the dialect only for the fragments that differ; parameter names never differ.
/// </summary>
public abstract class SqlDialect
{
    public abstract DatabaseProvider Provider { get; }

    /// <summary>Paging after an ORDER BY, with the parameters <c>@Skip</c> and <c>@Take</c>.</summary>
    public abstract string Page { get; }

    /// <summary>Comma-separated aggregate of a column, for one-row-per-parent lists.</summary>
    public abstract string StringAgg(string expression);

    /// <summary>Adds one to the counter <c>@Name</c> and returns the new value, atomically.</summary>
    public abstract string NextCounterValue { get; }

    /// <summary>A statement that returns 1 when the database answers.</summary>
    public virtual string Ping => "SELECT 1";

    /// <summary>Sets how long this connection's statements wait for a lock before they fail; null: the connection's default.</summary>
    public abstract string LockWait(TimeSpan? wait);

    public static SqlDialect For(DatabaseProvider provider) => provider switch
    {
        DatabaseProvider.Sqlite => new SqliteDialect(),
        DatabaseProvider.SqlServer => new SqlServerDialect(),
        _ => throw new ArgumentOutOfRangeException(nameof(provider)),
    };
}

public sealed class SqliteDialect : SqlDialect
{
    public override DatabaseProvider Provider => DatabaseProvider.Sqlite;
    public override string Page => "LIMIT @Take OFFSET @Skip";
    public override string StringAgg(string expression) => $"group_concat({expression}, ',')";
    public override string NextCounterValue => "UPDATE Counters SET Value = Value + 1 WHERE Name = @Name RETURNING Value";
    public override string LockWait(TimeSpan? wait) => $"PRAGMA busy_timeout = {(int)(wait ?? TimeSpan.FromSeconds(10)).TotalMilliseconds}";
}

public sealed class SqlServerDialect : SqlDialect
{
    public override DatabaseProvider Provider => DatabaseProvider.SqlServer;
    public override string Page => "OFFSET @Skip ROWS FETCH NEXT @Take ROWS ONLY";
    public override string StringAgg(string expression) => $"STRING_AGG({expression}, ',')";
    public override string NextCounterValue => "UPDATE Counters SET Value = Value + 1 OUTPUT inserted.Value WHERE Name = @Name";
    public override string LockWait(TimeSpan? wait) => $"SET LOCK_TIMEOUT {(wait is { } w ? (int)w.TotalMilliseconds : -1)}";
}

/// <summary>
/// Marks a feature's statement class: every public string property is one statement. The tests build each of these
/// for SQL Server and parse every statement with ScriptDom.
/// </summary>
public interface ISqlStatements;
