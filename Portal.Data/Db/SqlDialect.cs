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

    /// <summary>Adds <c>@Count</c> to the counter <c>@Name</c> and returns the new value, atomically: the last of a block of
    /// <c>@Count</c> numbers taken at once (a batch of orders).</summary>
    public abstract string TakeCounterValues { get; }

    /// <summary>
    /// Locks the row of account <c>@AccountId</c> until the transaction ends, so that changes which read and then write the
    /// account's orders (placing, approving: the credit check) run one at a time per account. SQLite needs no hint: its
    /// write transactions are immediate (<see cref="ConnectionFactory.BeginWriteAsync"/>) and so already one at a time.
    /// </summary>
    public abstract string LockAccount { get; }
    /// <summary>
    /// Makes writers of one kind of work (@Resource) take turns until their transaction ends. SQLite's write transaction
    /// already holds the database's only write lock; SQL Server takes an application lock owned by the transaction.
    /// </summary>
    public abstract string TakeTurns { get; }

    /// <summary>A statement that returns 1 when the database answers.</summary>
    public virtual string Ping => "SELECT 1";

    /// <summary>
    /// Inserts a row, or when a row with the same <paramref name="keys"/> exists (a unique key), updates it with
    /// <paramref name="updateSet"/> (column = expression over the existing row's columns and parameters), or leaves it
    /// alone when that is null; one atomic statement, safe when two writers race for the same key. Values are
    /// <c>(column, expression)</c>, the keys first; key expressions are usually the parameter of the same name.
    /// </summary>
    public abstract string Upsert(string table, IReadOnlyList<(string Column, string Value)> keys, IReadOnlyList<(string Column, string Value)> values, string? updateSet);

    /// <summary>Appended to a text comparison to make it case-insensitive on both databases (names people type).</summary>
    public abstract string IgnoreCase { get; }
    /// <summary>Sets how long this connection's statements wait for a lock before they fail; null: the connection's default.</summary>
    public abstract string LockWait(TimeSpan? wait);
    /// <summary>
    /// After a table name in FROM: read it through this index. SQLite (INDEXED BY) plans without statistics unless someone
    /// runs ANALYZE, and can then prefer a narrow index plus a sort to an index that gives the order; SQL Server's
    /// optimizer costs both with its own statistics, so it gets no hint.
    /// </summary>
    public abstract string IndexedBy(string index);

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
    public override string TakeCounterValues => "UPDATE Counters SET Value = Value + @Count WHERE Name = @Name RETURNING Value";
    public override string LockAccount => "SELECT Version FROM CustomerAccounts WHERE Id = @AccountId";
    public override string TakeTurns => "SELECT @Resource";
    public override string IgnoreCase => "COLLATE NOCASE";

    // INSERT .. ON CONFLICT: in DO UPDATE an unqualified column is the existing row's; DO NOTHING names no target, so it
    // also honours a unique index declared with another collation (COLLATE NOCASE)
    public override string Upsert(string table, IReadOnlyList<(string Column, string Value)> keys, IReadOnlyList<(string Column, string Value)> values, string? updateSet)
    {
        var all = keys.Concat(values).ToList();
        return $"""
            INSERT INTO {table} ({string.Join(", ", all.Select(c => c.Column))})
            VALUES ({string.Join(", ", all.Select(c => c.Value))})
            ON CONFLICT {(updateSet is null ? "DO NOTHING" : $"({string.Join(", ", keys.Select(k => k.Column))}) DO UPDATE SET {updateSet}")}
            """;
    }
    public override string IndexedBy(string index) => $"INDEXED BY {index}";
    public override string LockWait(TimeSpan? wait) => $"PRAGMA busy_timeout = {(int)(wait ?? TimeSpan.FromSeconds(10)).TotalMilliseconds}";
}

public sealed class SqlServerDialect : SqlDialect
{
    public override DatabaseProvider Provider => DatabaseProvider.SqlServer;
    public override string Page => "OFFSET @Skip ROWS FETCH NEXT @Take ROWS ONLY";
    public override string StringAgg(string expression) => $"STRING_AGG({expression}, ',')";
    public override string NextCounterValue => "UPDATE Counters SET Value = Value + 1 OUTPUT inserted.Value WHERE Name = @Name";
    public override string TakeCounterValues => "UPDATE Counters SET Value = Value + @Count OUTPUT inserted.Value WHERE Name = @Name";
    public override string LockAccount => "SELECT Version FROM CustomerAccounts WITH (UPDLOCK, HOLDLOCK) WHERE Id = @AccountId";
    public override string TakeTurns => """
        DECLARE @Granted int;
        EXEC @Granted = sp_getapplock @Resource = @Resource, @LockMode = 'Exclusive', @LockOwner = 'Transaction', @LockTimeout = 300000;
        IF @Granted < 0 THROW 51000, 'Waited five minutes for another writer of the same work.', 1;
        """;
    public override string IgnoreCase => "COLLATE Latin1_General_100_CI_AS";

    // MERGE .. WITH (HOLDLOCK): the key range stays locked from the match to the insert, so two sessions cannot both
    // find nothing and both insert (a plain MERGE under READ COMMITTED can). The source holds only the keys, so an
    // unqualified column in the update is the target's.
    public override string Upsert(string table, IReadOnlyList<(string Column, string Value)> keys, IReadOnlyList<(string Column, string Value)> values, string? updateSet)
    {
        var all = keys.Concat(values).ToList();
        return $"""
            MERGE {table} WITH (HOLDLOCK) AS target
            USING (SELECT {string.Join(", ", keys.Select(k => $"{k.Value} AS {k.Column}"))}) AS source
            ON {string.Join(" AND ", keys.Select(k => $"target.{k.Column} = source.{k.Column}"))}
            {(updateSet is null ? "" : "WHEN MATCHED THEN UPDATE SET " + updateSet)}
            WHEN NOT MATCHED THEN INSERT ({string.Join(", ", all.Select(c => c.Column))}) VALUES ({string.Join(", ", all.Select(c => c.Value))});
            """;
    }
    public override string IndexedBy(string index) => "";
    public override string LockWait(TimeSpan? wait) => $"SET LOCK_TIMEOUT {(wait is { } w ? (int)w.TotalMilliseconds : -1)}";
}

/// <summary>
/// Marks a feature's statement class: every public string property is one statement. The tests build each of these
/// for SQL Server and parse every statement with ScriptDom.
/// </summary>
public interface ISqlStatements;
