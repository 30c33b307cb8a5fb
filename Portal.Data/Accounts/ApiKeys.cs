using System.Security.Cryptography;
using System.Text;

namespace Portal.Data.Accounts;

public sealed record ApiKey
{
    public Guid Id { get; init; }
    public Guid? AccountId { get; init; }
    public string Name { get; init; } = "";
    public string Prefix { get; init; } = "";
    public Guid? CreatedByUserId { get; init; }
    public string? CreatedBy { get; init; }
    public DateTimeOffset CreatedUtc { get; init; }
    public DateTimeOffset? RevokedUtc { get; init; }
}

public class ApiKeySql(SqlDialect dialect) : ISqlStatements
{
    protected SqlDialect Dialect { get; } = dialect;

    private const string Columns = "k.Id, k.AccountId, k.Name, k.Prefix, k.CreatedByUserId, u.DisplayName AS CreatedBy, k.CreatedUtc, k.RevokedUtc";
    public virtual string Insert => """
        INSERT INTO ApiKeys (Id, AccountId, Name, Prefix, KeyHash, CreatedByUserId, CreatedUtc)
        VALUES (@Id, @AccountId, @Name, @Prefix, @KeyHash, @CreatedByUserId, @CreatedUtc)
        """;
    /// <summary>A key works while it is not revoked, its account (if any) is active and the user who made it (if any) is not disabled.</summary>
    public virtual string ActiveByHash => $"""
        SELECT {Columns} FROM ApiKeys k LEFT JOIN Users u ON u.Id = k.CreatedByUserId
        LEFT JOIN CustomerAccounts a ON a.Id = k.AccountId
        WHERE k.KeyHash = @KeyHash AND k.RevokedUtc IS NULL
          AND (k.AccountId IS NULL OR a.IsActive = 1)
          AND (k.CreatedByUserId IS NULL OR u.IsDisabled = 0)
        """;
    public virtual string OfAccount => $"SELECT {Columns} FROM ApiKeys k LEFT JOIN Users u ON u.Id = k.CreatedByUserId WHERE k.AccountId = @AccountId ORDER BY k.CreatedUtc DESC";
    public virtual string OfSupplier => $"SELECT {Columns} FROM ApiKeys k LEFT JOIN Users u ON u.Id = k.CreatedByUserId WHERE k.AccountId IS NULL ORDER BY k.CreatedUtc DESC";
    public virtual string RevokeOfAccount => "UPDATE ApiKeys SET RevokedUtc = @Now WHERE Id = @Id AND AccountId = @AccountId AND RevokedUtc IS NULL";
    public virtual string RevokeOfSupplier => "UPDATE ApiKeys SET RevokedUtc = @Now WHERE Id = @Id AND AccountId IS NULL AND RevokedUtc IS NULL";
}

/// <summary>
/// Keys for the integration API. A key is random, shown once, and stored as a SHA-256 hash; it belongs to a customer
/// account (its systems order as that account) or, without an account, to the supplier's systems.
/// </summary>
public sealed class ApiKeys(ConnectionFactory db, ApiKeySql sql, TimeProvider clock)
{
    public const string Prefix = "pk_";

    /// <returns>The key record and the secret, which is never shown again.</returns>
    public async Task<Outcome<(ApiKey Key, string Secret)>> CreateAsync(Guid? accountId, string? name, Guid? createdBy, string? secret = null, CancellationToken ct = default)
    {
        name = name?.Trim() ?? "";
        if (name.Length is 0 or > TextLimits.ApiKeys.Name || TextRules.HasControlCharacters(name))
            return Outcome<(ApiKey, string)>.Failed("Name", $"Name the key after the system that uses it (at most {TextLimits.ApiKeys.Name} characters, no control characters).");
        secret ??= Prefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(30)).Replace('+', '-').Replace('/', '_').TrimEnd('=');
        var key = new ApiKey { Id = Guid.NewGuid(), AccountId = accountId, Name = name, Prefix = secret[..Math.Min(8, secret.Length)], CreatedByUserId = createdBy, CreatedUtc = clock.GetUtcNow() };
        await using var c = await db.OpenAsync(ct);
        await c.ExecuteAsync(new CommandDefinition(sql.Insert, new { key.Id, key.AccountId, key.Name, key.Prefix, KeyHash = Hash(secret), key.CreatedByUserId, key.CreatedUtc }, cancellationToken: ct));
        return Outcome<(ApiKey, string)>.Ok((key, secret));
    }

    public async Task<ApiKey?> FindActiveAsync(string? secret, CancellationToken ct = default)
    {
        if (string.IsNullOrWhiteSpace(secret) || secret.Length > 200) return null;
        await using var c = await db.OpenAsync(ct);
        return await c.QuerySingleOrDefaultAsync<ApiKey>(new CommandDefinition(sql.ActiveByHash, new { KeyHash = Hash(secret.Trim()) }, cancellationToken: ct));
    }

    public async Task<IReadOnlyList<ApiKey>> ListAsync(Guid? accountId, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        return (accountId is { } id
            ? await c.QueryAsync<ApiKey>(new CommandDefinition(sql.OfAccount, new { AccountId = id }, cancellationToken: ct))
            : await c.QueryAsync<ApiKey>(new CommandDefinition(sql.OfSupplier, cancellationToken: ct))).ToList();
    }

    public async Task<bool> RevokeAsync(Guid? accountId, Guid id, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        var args = new { Id = id, AccountId = accountId, Now = clock.GetUtcNow() };
        return await c.ExecuteAsync(new CommandDefinition(accountId is null ? sql.RevokeOfSupplier : sql.RevokeOfAccount, args, cancellationToken: ct)) == 1;
    }

    public static string Hash(string secret) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));
}
