namespace Portal.Data.Accounts;

public class SessionSql(SqlDialect dialect) : ISqlStatements
{
    protected SqlDialect Dialect { get; } = dialect;

    public virtual string Insert => "INSERT INTO UserSessions (Id, UserId, CreatedUtc, ExpiresUtc) VALUES (@Id, @UserId, @Now, @ExpiresUtc)";

    /// <summary>One primary-key read per signed-in request.</summary>
    public virtual string IsActive => "SELECT COUNT(1) FROM UserSessions WHERE Id = @Id AND UserId = @UserId AND ExpiresUtc > @Now";

    public virtual string Extend => "UPDATE UserSessions SET ExpiresUtc = @ExpiresUtc WHERE Id = @Id AND ExpiresUtc < @ExpiresUtc";

    public virtual string Delete => "DELETE FROM UserSessions WHERE Id = @Id";

    /// <summary>When someone of the account last signed in (relationship health reads it: sessions are deleted at sign-out).</summary>
    public virtual string MarkSignIn => "UPDATE Users SET LastSignInUtc = @Now WHERE Id = @UserId";

    public virtual string DeleteOfUser => "DELETE FROM UserSessions WHERE UserId = @UserId";

    public virtual string DeleteExpired => "DELETE FROM UserSessions WHERE ExpiresUtc <= @Now";
}

/// <summary>
/// A server-side record of every sign-in. The sign-in cookie carries the session's id; a request is signed in only while
/// the record exists, so signing out (or an admin ending someone's sessions) refuses every copy of the cookie on every
/// node at once. The record's expiry follows the cookie's sliding expiry and lets old records be cleared.
/// </summary>
public sealed class UserSessions(ConnectionFactory db, SessionSql sql, TimeProvider clock)
{
    public async Task<Guid> StartAsync(Guid userId, TimeSpan lifetime, CancellationToken ct = default)
    {
        var id = Guid.NewGuid();
        var now = clock.GetUtcNow();
        await using var c = await db.OpenAsync(ct);
        // sessions that ran out without a sign-out are cleared here, a few at a time as people sign in
        await c.ExecuteAsync(new CommandDefinition(sql.DeleteExpired, new { Now = now }, cancellationToken: ct));
        await c.ExecuteAsync(new CommandDefinition(sql.Insert, new { Id = id, UserId = userId, Now = now, ExpiresUtc = now + lifetime }, cancellationToken: ct));
        await c.ExecuteAsync(new CommandDefinition(sql.MarkSignIn, new { UserId = userId, Now = now }, cancellationToken: ct));
        return id;
    }

    public async Task<bool> IsActiveAsync(Guid id, Guid userId, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        return await c.ExecuteScalarAsync<int>(new CommandDefinition(sql.IsActive, new { Id = id, UserId = userId, Now = clock.GetUtcNow() }, cancellationToken: ct)) > 0;
    }

    public async Task ExtendAsync(Guid id, TimeSpan lifetime, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        await c.ExecuteAsync(new CommandDefinition(sql.Extend, new { Id = id, ExpiresUtc = clock.GetUtcNow() + lifetime }, cancellationToken: ct));
    }

    public async Task EndAsync(Guid id, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        await c.ExecuteAsync(new CommandDefinition(sql.Delete, new { Id = id }, cancellationToken: ct));
    }

    /// <summary>Ends every session of the user (a password reset, a disabled sign-in).</summary>
    public async Task EndAllAsync(Guid userId, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        await c.ExecuteAsync(new CommandDefinition(sql.DeleteOfUser, new { UserId = userId }, cancellationToken: ct));
    }
}
