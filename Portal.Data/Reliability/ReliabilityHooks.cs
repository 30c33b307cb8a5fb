using Microsoft.Extensions.Logging;

namespace Portal.Data.Reliability;

/// <summary>
/// Told when a delivery of an order is recorded, so its reliability figures are refreshed. Where no job server is wired
/// (a tool, a test of the data layer) the refresh runs at once; the jobs project replaces this with a Hangfire job per order.
/// </summary>
public interface IReliabilityDispatcher
{
    Task OrderDeliveredAsync(Guid orderId, CancellationToken ct);
}

public sealed class InlineReliabilityDispatcher(ReliabilityRollup rollup) : IReliabilityDispatcher
{
    public Task OrderDeliveredAsync(Guid orderId, CancellationToken ct) => rollup.RefreshOrderAsync(orderId, ct);
}

/// <summary>
/// What the order desk tells delivery reliability, after its own change is committed: a delivery (the order's figures are
/// refreshed) and a re-promise (the line's at-risk flag is cleared). A failure here never undoes the desk's change: it is
/// logged, and the nightly refresh and the next at-risk run put things right.
/// </summary>
public sealed class ReliabilityHooks(IReliabilityDispatcher dispatcher, PromiseRisk risk, ILogger<ReliabilityHooks> logger)
{
    public async Task DeliveredAsync(Guid orderId, CancellationToken ct)
    {
        try
        {
            await dispatcher.OrderDeliveredAsync(orderId, ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogWarning(ex, "The reliability figures of order {OrderId} were not refreshed; the nightly refresh will", orderId);
        }
    }

    public async Task RepromisedAsync(Guid orderId, int lineNumber, CancellationToken ct)
    {
        try
        {
            await risk.ClearLineAsync(orderId, lineNumber, ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogWarning(ex, "The at-risk flag of order {OrderId} line {LineNumber} was not cleared; the next run will", orderId, lineNumber);
        }
    }
}
