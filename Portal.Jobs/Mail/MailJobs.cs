using Portal.Data.Mail;

namespace Portal.Jobs.Mail;

/// <summary>Sends queued mail. Safe to run twice: a message is claimed before it is sent and marked sent after.</summary>
public sealed class MailJobs(MailOutbox outbox)
{
    /// <summary>Sends one message as soon as it was queued; Hangfire retries it if the mail server is away.</summary>
    [AutomaticRetry(Attempts = 5)]
    public Task SendAsync(Guid messageId, CancellationToken ct) => outbox.SendAsync(messageId, ct);

    /// <summary>The recurring sweep: whatever is still unsent (a failed attempt, or queued while no worker ran).</summary>
    [DisableConcurrentExecution(timeoutInSeconds: 60)]
    public Task<int> SendDueAsync(CancellationToken ct) => outbox.SendDueAsync(ct: ct);
}

/// <summary>Queues a Hangfire job for each new message, so mail goes out within seconds.</summary>
public sealed class HangfireMailDispatcher(IBackgroundJobClient jobs) : IMailDispatcher
{
    public void Dispatch(Guid messageId) => jobs.Enqueue<MailJobs>(j => j.SendAsync(messageId, CancellationToken.None));
}
