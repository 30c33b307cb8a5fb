using System.Data.Common;
using Microsoft.Extensions.Caching.Memory;

namespace Portal.Data.Service;

/// <summary>
/// What the service desk's lists read (the desk's page of requests, its counts and filter lists; a customer's page of
/// requests), kept between requests under the database's list version (ListVersions 'ServiceDesk' for the desk; one per
/// account in AccountListVersions for a customer's list, 0024). Triggers move those versions whenever a row the lists read
/// changes, whoever writes it (any web node, a job, a script), so each request reads one number and finds what it would
/// have read, or reads the lists again. The version is read before the lists,
/// so what is kept under a version is never older than it; a write is seen by the next request on every node.
/// </summary>
/// <remarks>
/// <see cref="MemoryCache"/> (Microsoft.Extensions.Caching.Memory) rather than a dictionary of our own: a size limit with
/// compaction and expiry come with it. Entries of older versions are never asked for again and leave by size or age.
/// The views that depend on the clock as well as the rows ("breaching soon", "breached") are keyed by <see cref="ClockStep"/>
/// as well: they are at most that far behind the clock.
/// </remarks>
public sealed class ServiceListCache(TimeProvider clock) : IDisposable
{
    /// <summary>How far behind the clock the "breaching soon" and "breached" views may be.</summary>
    public static readonly TimeSpan ClockStep = TimeSpan.FromSeconds(15);
    private static readonly TimeSpan Life = TimeSpan.FromMinutes(5);
    private const string VersionSql = "SELECT Version FROM ListVersions WHERE Name = 'ServiceDesk'";
    private const string AccountVersionSql = "SELECT Version FROM AccountListVersions WHERE AccountId = @AccountId";

    private readonly MemoryCache _cache = new(new MemoryCacheOptions { SizeLimit = 5_000 });

    /// <summary>The lists' version now.</summary>
    public async Task<long> VersionAsync(DbConnection c, CancellationToken ct) =>
        await c.ExecuteScalarAsync<long>(new CommandDefinition(VersionSql, cancellationToken: ct));

    /// <summary>One account's version now (AccountListVersions, a row per account kept by triggers): what a customer's list
    /// of that account is kept under.</summary>
    public async Task<long> AccountVersionAsync(DbConnection c, Guid accountId, CancellationToken ct) =>
        await c.ExecuteScalarAsync<long?>(new CommandDefinition(AccountVersionSql, new { AccountId = accountId }, cancellationToken: ct)) ?? 0;

    /// <summary>The step of the clock a clock-dependent view is kept for (0 for views that do not depend on it).</summary>
    public long Step(bool dependsOnClock) => dependsOnClock ? clock.GetUtcNow().UtcTicks / ClockStep.Ticks : 0;

    /// <summary>What <paramref name="read"/> gives for <paramref name="key"/> (which must hold the version): kept, or read and kept.</summary>
    public async Task<T> GetAsync<T>(object key, Func<Task<T>> read) where T : class
    {
        if (_cache.TryGetValue(key, out T? kept) && kept is not null) return kept;
        var value = await read();
        _cache.Set(key, value, new MemoryCacheEntryOptions { Size = 1, AbsoluteExpirationRelativeToNow = Life });
        return value;
    }

    public void Dispose() => _cache.Dispose();
}
