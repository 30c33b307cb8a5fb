using Portal.Data.Replenishment;

namespace Portal.Jobs.Replenishment;

/// <summary>
/// The replenishment job: every minute, places the orders of the reorder schedules that are due (and sends the reminders
/// before them). Safe to run on several workers at once and to retry: every occurrence is claimed by a unique row before
/// its order is placed, and the order's idempotency key comes from the occurrence (see <see cref="ReplenishmentRun"/>).
/// </summary>
public sealed class ReplenishmentJobs(ReplenishmentRun run)
{
    /// <summary>No retries: the next minute's run is the retry, and it takes over whatever this one left claimed.</summary>
    [AutomaticRetry(Attempts = 0)]
    public Task<RunSummary> RunAsync(CancellationToken ct) => run.RunAsync(ct);
}
