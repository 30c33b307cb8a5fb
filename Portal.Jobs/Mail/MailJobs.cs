using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Portal.Data.Mail;

namespace Portal.Jobs.Mail;

/// <summary>
/// Sends queued mail. Safe to run twice, and several at once: a message is claimed before it is sent and marked sent
/// after, and drains running together claim disjoint batches.
/// </summary>
public sealed class MailJobs(MailOutbox outbox)
{
    /// <summary>Sends one message (jobs of this kind queued before drains existed still run).</summary>
    [AutomaticRetry(Attempts = 5)]
    public Task SendAsync(Guid messageId, CancellationToken ct) => outbox.SendAsync(messageId, ct);

    /// <summary>Drains the outbox batch by batch, soon after mail was queued; what fails waits for the next drain or the sweep.</summary>
    [AutomaticRetry(Attempts = 0)]
    public Task<int> DrainAsync(CancellationToken ct) => outbox.SendDueAsync(ct: ct);

    /// <summary>The recurring sweep: whatever is still unsent (a failed attempt, or queued while no worker ran).</summary>
    [DisableConcurrentExecution(timeoutInSeconds: 60)]
    public Task<int> SendDueAsync(CancellationToken ct) => outbox.SendDueAsync(ct: ct);
}

/// <summary>
/// Asks Hangfire for a drain of the outbox when mail is queued: at once for the first message, then at most once per
/// <see cref="Window"/> however many messages arrive (no job per message), with one more drain at the end of the window
/// when messages came during it, so a message queued just after a drain looked never waits for the sweep.
/// </summary>
public sealed class HangfireMailDispatcher(IBackgroundJobClient jobs, ILogger<HangfireMailDispatcher> logger) : IMailDispatcher, IDisposable
{
    public static readonly TimeSpan Window = TimeSpan.FromMilliseconds(200);

    private readonly Lock _gate = new();
    private long _last = long.MinValue;
    private Timer? _trailing;

    public void Dispatch(Guid messageId)
    {
        lock (_gate)
        {
            if (_trailing is not null) return; // a drain is already asked for at the end of this window
            var now = Stopwatch.GetTimestamp();
            var since = _last == long.MinValue ? Window : Stopwatch.GetElapsedTime(_last, now);
            if (since < Window)
            {
                _trailing = new Timer(_ => Trailing(), null, Window - since, Timeout.InfiniteTimeSpan);
                return;
            }
            _last = now;
        }
        Enqueue();
    }

    private void Trailing()
    {
        lock (_gate)
        {
            _trailing?.Dispose();
            _trailing = null;
            _last = Stopwatch.GetTimestamp();
        }
        Enqueue();
    }

    private void Enqueue()
    {
        try
        {
            jobs.Enqueue<MailJobs>(j => j.DrainAsync(CancellationToken.None));
        }
        catch (Exception ex)
        {
            // the message is safe in the outbox: the recurring sweep sends it
            logger.LogWarning(ex, "Could not ask for a mail drain; the sweep sends the mail");
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _trailing?.Dispose();
            _trailing = null;
        }
    }
}
