using Portal.Data.Reliability;

namespace Portal.Jobs.Reliability;

/// <summary>
/// Delivery reliability's jobs: the nightly full refresh of the line figures and roll-ups, the refresh of one order after
/// a delivery, and the promise-at-risk run. Each is safe to run twice: the refreshes recompute from the ledger, and a
/// promise is flagged at most once (a unique key per promise).
/// </summary>
public sealed class ReliabilityJobs(ReliabilityRollup rollup, PromiseRisk risk)
{
    [DisableConcurrentExecution(timeoutInSeconds: 600)]
    [AutomaticRetry(Attempts = 2)]
    public Task<RollupSummary> RefreshAllAsync(CancellationToken ct) => rollup.RefreshAllAsync(ct);

    [AutomaticRetry(Attempts = 5)]
    public Task<RollupSummary> RefreshOrderAsync(Guid orderId, CancellationToken ct) => rollup.RefreshOrderAsync(orderId, ct);

    /// <summary>No retries: the next run is the retry.</summary>
    [DisableConcurrentExecution(timeoutInSeconds: 120)]
    [AutomaticRetry(Attempts = 0)]
    public Task<RiskSummary> FlagAtRiskAsync(CancellationToken ct) => risk.RunAsync(ct);
}

/// <summary>Refreshes an order's figures in a Hangfire job after each delivery, so recording a delivery never waits for it.</summary>
public sealed class HangfireReliabilityDispatcher(IBackgroundJobClient jobs) : IReliabilityDispatcher
{
    public Task OrderDeliveredAsync(Guid orderId, CancellationToken ct)
    {
        jobs.Enqueue<ReliabilityJobs>(j => j.RefreshOrderAsync(orderId, CancellationToken.None));
        return Task.CompletedTask;
    }
}
