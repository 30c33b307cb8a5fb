using Microsoft.Extensions.Logging;

namespace Portal.Data.Mail;

public sealed record OutboxMessage
{
    public Guid Id { get; init; }
    public string ToAddress { get; init; } = "";
    public string Subject { get; init; } = "";
    public string HtmlBody { get; init; } = "";
    public DateTimeOffset CreatedUtc { get; init; }
    public DateTimeOffset? SentUtc { get; init; }
    public int Attempts { get; init; }
    public string? LastError { get; init; }
}

/// <summary>Told when a message is queued, so it can be sent at once (the jobs project enqueues a Hangfire job).</summary>
public interface IMailDispatcher
{
    void Dispatch(Guid messageId);
}

/// <summary>
/// Mail is written to the outbox table first and sent by a job, so a slow or absent SMTP server never loses a message
/// or blocks a page. A message is claimed before it is sent, so two workers never send it twice at once.
/// </summary>
public sealed class MailOutbox(ConnectionFactory db, MailSql sql, TimeProvider clock, IMailTransport transport, IMailDispatcher dispatcher, ILogger<MailOutbox> logger)
{
    public const int MaxAttempts = 10;
    private static readonly TimeSpan ClaimFor = TimeSpan.FromMinutes(5);

    public async Task<Guid> QueueAsync(string to, string subject, string htmlBody, CancellationToken ct = default)
    {
        var id = Guid.NewGuid();
        await using (var c = await db.OpenAsync(ct))
        {
            await c.ExecuteAsync(new CommandDefinition(sql.Insert, new { Id = id, ToAddress = to, Subject = TextLimits.Cut(subject, TextLimits.MailOutbox.Subject), HtmlBody = htmlBody, CreatedUtc = clock.GetUtcNow() }, cancellationToken: ct));
        }
        dispatcher.Dispatch(id);
        return id;
    }

    public async Task<OutboxMessage?> GetAsync(Guid id, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        return await c.QuerySingleOrDefaultAsync<OutboxMessage>(new CommandDefinition(sql.ById, new { Id = id }, cancellationToken: ct));
    }

    /// <summary>Sends one message if it is still unsent and nobody else holds it. Returns true when this call sent it.</summary>
    public async Task<bool> SendAsync(Guid id, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        await using var c = await db.OpenAsync(ct);
        var claimed = await c.ExecuteAsync(new CommandDefinition(sql.Claim, new { Id = id, Now = now, ClaimedUntilUtc = now + ClaimFor, MaxAttempts }, cancellationToken: ct));
        if (claimed == 0) return false;

        var message = await c.QuerySingleAsync<OutboxMessage>(new CommandDefinition(sql.ById, new { Id = id }, cancellationToken: ct));
        try
        {
            await transport.SendAsync(message, ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogWarning(ex, "Mail {MessageId} to {To} failed (attempt {Attempt})", id, message.ToAddress, message.Attempts);
            await c.ExecuteAsync(new CommandDefinition(sql.MarkFailed, new { Id = id, LastError = ex.Message }, cancellationToken: ct));
            throw;
        }
        await c.ExecuteAsync(new CommandDefinition(sql.MarkSent, new { Id = id, SentUtc = clock.GetUtcNow() }, cancellationToken: ct));
        return true;
    }

    /// <summary>Sends everything still waiting (a message whose first attempt failed, or was queued while no worker ran).</summary>
    public async Task<int> SendDueAsync(int batch = 100, CancellationToken ct = default)
    {
        List<Guid> ids;
        await using (var c = await db.OpenAsync(ct))
        {
            ids = (await c.QueryAsync<Guid>(new CommandDefinition(sql.DueIds, new { Now = clock.GetUtcNow(), MaxAttempts, Skip = 0, Take = batch }, cancellationToken: ct))).ToList();
        }
        var sent = 0;
        foreach (var id in ids)
        {
            try
            {
                if (await SendAsync(id, ct)) sent++;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // already recorded on the message; the rest of the batch still goes
            }
        }
        return sent;
    }
}
