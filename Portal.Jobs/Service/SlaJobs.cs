using Portal.Data.Service;

namespace Portal.Jobs.Service;

/// <summary>
/// The service desk's recurring jobs: SLA escalation every minute (warnings at 80% of a target, breaches) and the closing
/// of requests resolved seven days ago. Both are safe to run twice or on two workers at once (see <see cref="SlaEscalation"/>).
/// </summary>
public sealed class SlaJobs(SlaEscalation escalation)
{
    /// <summary>No retries: the next minute's run is the retry.</summary>
    [AutomaticRetry(Attempts = 0)]
    public Task<EscalationSummary> EscalateAsync(CancellationToken ct) => escalation.RunAsync(ct);

    [AutomaticRetry(Attempts = 0)]
    public Task<int> AutoCloseAsync(CancellationToken ct) => escalation.AutoCloseAsync(ct);
}
