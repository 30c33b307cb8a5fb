using System.Diagnostics;
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

/// <summary>
/// Told when a message is queued, so the outbox is drained soon (the jobs project asks Hangfire for a drain, a few times a
/// second at most, however many messages arrive).
/// </summary>
public interface IMailDispatcher
{
    void Dispatch(Guid messageId);
}

/// <summary>
/// Mail is written to the outbox table first and sent by a job, so a slow or absent SMTP server never loses a message
/// or blocks a page. A message is claimed before it is sent, so two workers never send it twice at once; the drain
/// claims messages in batches and sends a batch over one connection, and several drains at once take disjoint batches.
/// </summary>
public sealed class MailOutbox(ConnectionFactory db, MailSql sql, TimeProvider clock, IMailTransport transport, IMailDispatcher dispatcher, ILogger<MailOutbox> logger)
{
    public const int MaxAttempts = 10;

    /// <summary>Messages one drain claims at a time: sent over one connection, marked sent in one transaction.</summary>
    public const int BatchSize = 25;

    private static readonly TimeSpan ClaimFor = TimeSpan.FromMinutes(5);

    /// <summary>How long one drain keeps claiming batches; whatever is left goes to the next drain or sweep.</summary>
    private static readonly TimeSpan DrainFor = TimeSpan.FromSeconds(50);

    public async Task<Guid> QueueAsync(string to, string subject, string htmlBody, CancellationToken ct = default)
    {
        Guid id;
        await using (var c = await db.OpenAsync(ct))
        {
            id = await QueueAsync(c, null, to, subject, htmlBody, ct);
        }
        dispatcher.Dispatch(id);
        return id;
    }

    /// <summary>
    /// Writes a message on the caller's connection and transaction, so it exists exactly when the change it tells of does.
    /// Call <see cref="Wake"/> after the commit so it goes out at once (the sweep sends it otherwise).
    /// </summary>
    public async Task<Guid> QueueAsync(DbConnection c, DbTransaction? tx, string to, string subject, string htmlBody, CancellationToken ct = default)
    {
        var id = Guid.NewGuid();
        await c.ExecuteAsync(new CommandDefinition(sql.Insert, new { Id = id, ToAddress = to, Subject = TextLimits.Cut(subject, TextLimits.MailOutbox.Subject), HtmlBody = htmlBody, CreatedUtc = clock.GetUtcNow() }, tx, cancellationToken: ct));
        return id;
    }

    /// <summary>
    /// Writes several messages on the caller's connection and transaction with one prepared statement (a batch of orders'
    /// confirmations); the ids in the order given, time-ordered (they go at the end of the outbox's index). Call <see cref="Wake"/> after the commit.
    /// </summary>
    public async Task<IReadOnlyList<Guid>> QueueManyAsync(DbConnection c, DbTransaction? tx, IReadOnlyList<(string To, string Subject, string HtmlBody)> messages, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        var rows = messages.Select(m => new { Id = Guid.CreateVersion7(), ToAddress = m.To, Subject = TextLimits.Cut(m.Subject, TextLimits.MailOutbox.Subject), m.HtmlBody, CreatedUtc = now }).ToList();
        if (rows.Count > 0) await c.ExecuteAsync(new CommandDefinition(sql.Insert, rows, tx, cancellationToken: ct));
        return rows.Select(r => r.Id).ToList();
    }

    /// <summary>Asks for a drain of the outbox (after messages were written in a transaction that has committed).</summary>
    public void Wake(Guid messageId = default) => dispatcher.Dispatch(messageId);

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

    /// <summary>
    /// Drains the outbox: claims the oldest waiting messages a batch at a time and sends each batch over one transport
    /// session, until nothing is waiting, a batch had a failure (the failed message waits for the next drain), or the
    /// drain has run for a while. Safe to run several at once. Returns how many messages this call sent.
    /// </summary>
    public async Task<int> SendDueAsync(int batch = BatchSize, CancellationToken ct = default)
    {
        batch = Math.Clamp(batch, 1, 500);
        var sent = 0;
        var watch = Stopwatch.StartNew();
        while (!ct.IsCancellationRequested)
        {
            var (count, claimed, failed) = await SendBatchAsync(batch, ct);
            sent += count;
            if (failed || claimed < batch || watch.Elapsed > DrainFor) break;
        }
        return sent;
    }

    private async Task<(int Sent, int Claimed, bool Failed)> SendBatchAsync(int size, CancellationToken ct)
    {
        var token = Guid.NewGuid();
        var now = clock.GetUtcNow();
        List<OutboxMessage> messages;
        await using (var c = await db.OpenAsync(ct))
        {
            var claimed = await c.ExecuteAsync(new CommandDefinition(sql.ClaimBatch,
                new { ClaimToken = token, Now = now, ClaimedUntilUtc = now + ClaimFor, MaxAttempts, Skip = 0, Take = size }, cancellationToken: ct));
            if (claimed == 0) return (0, 0, false);
            messages = (await c.QueryAsync<OutboxMessage>(new CommandDefinition(sql.Claimed, new { ClaimToken = token }, cancellationToken: ct))).AsList();
        }

        var sent = new List<Guid>(messages.Count);
        var failed = new List<(Guid Id, string Error)>();
        var consecutive = 0;
        try
        {
            await using var session = await transport.OpenSessionAsync(ct);
            foreach (var message in messages)
            {
                try
                {
                    await session.SendAsync(message, ct);
                    sent.Add(message.Id);
                    consecutive = 0;
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    logger.LogWarning(ex, "Mail {MessageId} to {To} failed (attempt {Attempt})", message.Id, message.ToAddress, message.Attempts);
                    failed.Add((message.Id, ex.Message));
                    // one bad message does not hold up the others; a server that keeps failing ends the batch
                    if (++consecutive >= 3) break;
                }
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // the session could not be opened (or closed): every message not sent was attempted and failed
            logger.LogWarning(ex, "Mail session failed; {Count} messages wait for the next drain", messages.Count - sent.Count);
            var known = failed.Select(f => f.Id).ToHashSet();
            failed.AddRange(messages.Where(m => !sent.Contains(m.Id) && !known.Contains(m.Id)).Select(m => (m.Id, ex.Message)));
        }
        finally
        {
            // recorded whatever happened, even when cancelled: sent ones sent, failed ones with their error, the rest given back untried
            await using var c = await db.OpenAsync(CancellationToken.None);
            await using var tx = await c.BeginTransactionAsync(CancellationToken.None);
            var at = clock.GetUtcNow();
            if (sent.Count > 0)
                await c.ExecuteAsync(new CommandDefinition(sql.MarkSent, sent.Select(id => new { Id = id, SentUtc = at }).ToList(), tx));
            if (failed.Count > 0)
                await c.ExecuteAsync(new CommandDefinition(sql.MarkFailed, failed.Select(f => new { f.Id, LastError = f.Error }).ToList(), tx));
            var done = sent.Concat(failed.Select(f => f.Id)).ToHashSet();
            var untried = messages.Where(m => !done.Contains(m.Id)).Select(m => new { m.Id, ClaimToken = token }).ToList();
            if (untried.Count > 0)
                await c.ExecuteAsync(new CommandDefinition(sql.Release, untried, tx));
            await tx.CommitAsync(CancellationToken.None);
        }
        return (sent.Count, messages.Count, failed.Count > 0);
    }
}
