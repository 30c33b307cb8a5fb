using Portal.Data.Relationships;

namespace Portal.Jobs.Relationships;

/// <summary>
/// The follow-up job (recurring id <c>relationship-follow-ups</c>, every hour at minute 30): makes the follow-up tasks
/// that are due from the health scores the nightly job wrote and from resolved complaints (see
/// <see cref="FollowUps.CreateDueAsync"/>). Running hourly, it picks up the night's scores whenever they land; it is
/// idempotent (a unique key per account, reason and trigger), so a retry or a second worker makes nothing twice.
/// </summary>
public sealed class FollowUpJobs(FollowUps followUps)
{
    [AutomaticRetry(Attempts = 1)]
    public Task<FollowUpRunResult> RunAsync(CancellationToken ct) => followUps.CreateDueAsync(ct);
}
