using Portal.Data.Relationships;

namespace Portal.Jobs.Relationships;

/// <summary>
/// The nightly relationship-health job: every account's score, risk, silence and reasons as of today (UTC midnight: only
/// what was known before today began), stored in AccountHealthScores. Running it again the same day replaces that
/// day's rows, so a retry or a second worker does no harm.
/// </summary>
public sealed class HealthJobs(RelationshipHealth health, TimeProvider clock)
{
    [AutomaticRetry(Attempts = 2)]
    public async Task<int> RunAsync(CancellationToken ct)
    {
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        return (await health.ComputeAndStoreAsync(today, ct)).Count;
    }
}
