namespace Portal.Data.Db;

public class HealthSql(SqlDialect dialect) : ISqlStatements
{
    protected SqlDialect Dialect { get; } = dialect;

    /// <summary>A real write to a real table of the portal's schema: an empty or replaced database file has no such row.</summary>
    public virtual string Touch => "UPDATE HealthProbe SET CheckedUtc = @Now WHERE Id = 1";
}

/// <summary>
/// Whether the database can be written, not only read: its file is where it should be (SQLite), it holds the portal's
/// schema, and a write commits within a short lock wait.
/// </summary>
public sealed class DatabaseProbe(ConnectionFactory db, SqlDialect dialect, HealthSql sql, TimeProvider clock)
{
    public static readonly TimeSpan LockWait = TimeSpan.FromSeconds(2);

    /// <returns>null when healthy; otherwise what is wrong, for the log (never for the response).</returns>
    public async Task<string?> ProblemAsync(CancellationToken ct = default)
    {
        if (!db.StorageIsPresent) return "the database file is missing";
        await using var c = await db.OpenAsync(ct);
        await c.ExecuteAsync(new CommandDefinition(dialect.LockWait(LockWait), cancellationToken: ct));
        try
        {
            await using var tx = await c.BeginTransactionAsync(ct);
            var rows = await c.ExecuteAsync(new CommandDefinition(sql.Touch, new { Now = clock.GetUtcNow() }, tx, cancellationToken: ct));
            if (rows != 1) return "the database does not hold the portal's schema";
            await tx.CommitAsync(ct);
            return db.StorageIsPresent ? null : "the database file is missing";
        }
        finally
        {
            await c.ExecuteAsync(new CommandDefinition(dialect.LockWait(null), cancellationToken: CancellationToken.None));
        }
    }
}
