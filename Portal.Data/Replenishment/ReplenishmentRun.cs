using System.Globalization;
using System.Net;
using Microsoft.Extensions.Logging;
using Portal.Data.Catalog;
using Portal.Data.Mail;
using Portal.Data.Ordering;

namespace Portal.Data.Replenishment;

/// <summary>Where links in the schedules' e-mails point (the portal's public address).</summary>
public sealed record ReplenishmentOptions(string PublicUrl = "http://localhost:5080");

/// <summary>
/// One run of the replenishment job: finds the due schedules with one set-based query, and for each claims its occurrence
/// by inserting a row with the unique key (schedule, occurrence instant) BEFORE placing the order, then places it through
/// the one order-placement core with an idempotency key made from the occurrence. So two runs at once, a retried job or a
/// run stopped half-way never place a second order: the loser of the insert leaves the occurrence alone, and a run that
/// takes over a claim whose run stopped gets the first order back from the idempotency key instead of a new one. A
/// schedule that missed several occurrences (the job was down) places one order, for the latest, and records the others
/// as missed. Also sends the reminders due before each occurrence.
/// </summary>
public sealed class ReplenishmentRun(
    ConnectionFactory db, ReplenishmentSql sql, OrderPlacement placement, Schedules schedules, MailOutbox mail, ReplenishmentOptions options, TimeProvider clock,
    ILogger<ReplenishmentRun> logger, StockRun stock, RunLog runLog, Portal.Data.Service.CalendarAdmin calendars)
{
    /// <summary>
    /// Due schedules handled per batch at most: claimed, placed, recorded and moved on in one transaction. A run starts
    /// with <see cref="FirstBatchSize"/> and doubles up to this, so the first orders are out at once and a run stopped
    /// early loses little work (a stopped batch keeps nothing and is done again by the next run).
    /// </summary>
    public const int BatchSize = 2000;
    public const int FirstBatchSize = 100;

    /// <summary>How long a claim holds an occurrence; a run that stopped leaves it to the next run after this.</summary>
    public static readonly TimeSpan ClaimFor = TimeSpan.FromMinutes(2);

    public async Task<RunSummary> RunAsync(CancellationToken ct = default)
    {
        var started = clock.GetUtcNow();
        var summary = await RemindAsync(ct);
        var seen = new HashSet<Guid>();
        var take = FirstBatchSize;
        while (true)
        {
            ct.ThrowIfCancellationRequested();
            List<ReorderSchedule> due;
            await using (var c = await db.OpenAsync(ct))
                due = (await c.QueryAsync<ReorderSchedule>(new CommandDefinition(sql.DueSchedulesForRun, new { Now = clock.GetUtcNow(), Skip = 0, Take = take }, cancellationToken: ct))).ToList();
            var fresh = due.Where(s => seen.Add(s.Id)).ToList();
            if (fresh.Count == 0) break;
            summary = summary.Plus(await RunBatchOrEachAsync(fresh, ct));
            take = Math.Min(take * 2, BatchSize);
        }
        // the customers' own min/max levels (StockRun), then the run's record for the supplier admins (RunLog)
        summary = summary.Plus(await stock.RunAsync(ct));
        await runLog.RecordAsync(started, clock.GetUtcNow(), summary, ct);
        return summary;
    }

    /// <summary>Handles whatever of one schedule is due now; safe to call from several runs at once.</summary>
    public async Task<RunSummary> RunScheduleAsync(Guid scheduleId, CancellationToken ct = default)
    {
        ReorderSchedule? schedule;
        await using (var c = await db.OpenAsync(ct))
            schedule = await c.QuerySingleOrDefaultAsync<ReorderSchedule>(new CommandDefinition(sql.ScheduleForRun, new { Id = scheduleId }, cancellationToken: ct));
        return schedule is null ? RunSummary.None : await RunBatchOrEachAsync([schedule], ct);
    }

    /// <summary>
    /// A batch in one transaction; should it fail on our side (the database, not a rule: a rule's refusal is an outcome),
    /// nothing of it is kept and each schedule is tried alone, so one that cannot be handled holds up none of the others
    /// and is tried again by the next run.
    /// </summary>
    private async Task<RunSummary> RunBatchOrEachAsync(IReadOnlyList<ReorderSchedule> batch, CancellationToken ct)
    {
        try
        {
            return await RunBatchAsync(batch, ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException && batch.Count > 1)
        {
            logger.LogWarning(ex, "A batch of {Count} due schedules failed; handling them one by one", batch.Count);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogError(ex, "Handling schedule {ScheduleId} failed", batch[0].Id);
            return RunSummary.None with { Failed = 1, Problems = [Problem(batch[0], null, "The order could not be placed because of an error on our side; the next run tries again. " + ex.Message)] };
        }
        var summary = RunSummary.None;
        foreach (var schedule in batch) summary = summary.Plus(await RunBatchOrEachAsync([schedule], ct));
        return summary;
    }

    /// <summary>A due schedule whose latest occurrence this batch tries to claim.</summary>
    private sealed record Due(ReorderSchedule Schedule, Recurrence Recurrence, DateTimeOffset Expected, DateTimeOffset Latest);

    /// <summary>
    /// Handles a batch of schedules as read (each is looked at again: one no longer due is left alone), in ONE write
    /// transaction: records the missed occurrences and claims the latest of each with the batch's token (the unique key
    /// decides: a claim another run holds is left to it, one whose run stopped is taken over, a finished one only moves
    /// the schedule on), places the claimed ones' orders through the placement core's batch path, records the outcomes
    /// and moves the schedules on. A run stopped half-way keeps nothing of the batch it was in.
    /// </summary>
    private async Task<RunSummary> RunBatchAsync(IReadOnlyList<ReorderSchedule> batch, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var token = Guid.NewGuid();
        var work = new List<Due>();
        var moveOnly = new List<object>();
        var missed = new List<object>();
        foreach (var schedule in batch)
        {
            if (schedule is not { Status: ScheduleStatus.Active, NextRunUtc: { } expected } || expected > now) continue;
            var recurrence = schedule.Recurrence;
            var due = recurrence.Between(expected, now);
            // the recurrence changed under the stored next run (or it is no occurrence at all): move to the real next one
            if (due.Count == 0) { moveOnly.Add(AdvanceArgs(schedule, expected, recurrence.Next(now), null)); continue; }
            var latest = due[^1];
            foreach (var old in due.Take(due.Count - 1))
                missed.Add(Claim(schedule, old, OccurrenceOutcome.Missed,
                    $"The replenishment job was not running at this time; one order was placed for the latest occurrence, {recurrence.Local(latest):ddd d MMM yyyy HH:mm}.", null, now, null));
            work.Add(new Due(schedule, recurrence, expected, latest));
        }
        if (work.Count == 0 && moveOnly.Count == 0) return RunSummary.None;
        var summary = RunSummary.None;
        IReadOnlyList<Guid> mails = [];
        await using (var c = await db.OpenAsync(ct))
        await using (var tx = await db.BeginBatchWriteAsync(c, ct))
        {
            if (moveOnly.Count > 0) await c.ExecuteAsync(new CommandDefinition(sql.Advance, moveOnly, tx, cancellationToken: ct));
            if (missed.Count > 0) summary = summary with { Missed = await c.ExecuteAsync(new CommandDefinition(sql.ClaimOccurrenceForRun, missed, tx, cancellationToken: ct)) };
            var mine = new HashSet<Guid>();
            if (work.Count > 0)
            {
                await c.ExecuteAsync(new CommandDefinition(sql.ClaimOccurrenceForRun,
                    work.Select(w => Claim(w.Schedule, w.Latest, OccurrenceOutcome.Claimed, null, now + ClaimFor, now, token)).ToList(), tx, cancellationToken: ct));
                mine.UnionWith(await c.QueryAsync<Guid>(new CommandDefinition(sql.ClaimedForRun, new { ClaimToken = token }, tx, cancellationToken: ct)));
            }
            foreach (var w in work.Where(w => !mine.Contains(w.Schedule.Id)))
            {
                var row = await c.QuerySingleAsync<ScheduleOccurrence>(new CommandDefinition(sql.Occurrence, new { ScheduleId = w.Schedule.Id, OccurrenceUtc = w.Latest }, tx, cancellationToken: ct));
                if (row.Outcome != OccurrenceOutcome.Claimed)
                {
                    // finished (by another run, or skipped by a person): only the next run is left to move
                    await c.ExecuteAsync(new CommandDefinition(sql.Advance, AdvanceArgs(w.Schedule, w.Expected, w.Recurrence.Next(w.Latest), null), tx, cancellationToken: ct));
                    continue;
                }
                // a claim whose run stopped (its time ran out) is taken over; a live one is another run placing it right now
                if (await c.ExecuteAsync(new CommandDefinition(sql.TakeOverClaim,
                        new { ScheduleId = w.Schedule.Id, OccurrenceUtc = w.Latest, ClaimedUntilUtc = now + ClaimFor, Now = now, ClaimToken = token }, tx, cancellationToken: ct)) == 1)
                    mine.Add(w.Schedule.Id);
            }
            var claimed = work.Where(w => mine.Contains(w.Schedule.Id)).ToList();
            if (claimed.Count > 0)
            {
                var (placed, queued) = await PlaceAsync(c, tx, claimed, token, ct);
                (summary, mails) = (summary.Plus(placed), queued);
            }
            await tx.CommitAsync(ct);
        }
        if (mails.Count > 0) mail.Wake(mails[0]);
        return summary;
    }

    private static object Claim(ReorderSchedule s, DateTimeOffset occurrence, string outcome, string? reason, DateTimeOffset? until, DateTimeOffset now, Guid? token) => new
    {
        ScheduleId = s.Id, OccurrenceUtc = occurrence, Id = Guid.CreateVersion7(), s.AccountId, Outcome = outcome,
        Reason = reason is null ? null : TextLimits.Cut(reason, TextLimits.ReorderOccurrences.Reason), ClaimedUntilUtc = until, Now = now, ClaimToken = token,
    };

    /// <summary>The idempotency key of an occurrence's order: the same occurrence always gives the same key.</summary>
    public static string KeyOf(DateTimeOffset occurrenceUtc) => "occurrence:" + occurrenceUtc.UtcDateTime.ToString("yyyy-MM-ddTHH:mmZ", CultureInfo.InvariantCulture);

    public static string ScopeOf(Guid scheduleId) => $"schedule:{scheduleId}";

    /// <summary>What became of one claimed occurrence, to record.</summary>
    private sealed record Finish(ReorderSchedule Schedule, DateTimeOffset Occurrence, DateTimeOffset? Next, string Outcome, Order? Order, string? Reason,
        bool Suspend, OwnerRow? Owner, IReadOnlyList<ScheduleLine> Dropped);

    /// <summary>
    /// Places the orders of the occurrences the batch <paramref name="token"/> claimed, in the batch's transaction, then
    /// records what became of each and moves the schedules on (or suspends them); the e-mails queued, to wake after the commit.
    /// </summary>
    private async Task<(RunSummary Summary, IReadOnlyList<Guid> Mails)> PlaceAsync(DbConnection c, DbTransaction tx, IReadOnlyList<Due> claimed, Guid token, CancellationToken ct)
    {
        var linesOf = (await c.QueryAsync<Guid, ScheduleLine, (Guid ScheduleId, ScheduleLine Line)>(new CommandDefinition(sql.LinesForRun, new { ClaimToken = token }, tx, cancellationToken: ct),
            (id, line) => (id, line), splitOn: "ProductId")).ToLookup(l => l.ScheduleId, l => l.Line);
        var owners = (await c.QueryAsync<OwnerRow>(new CommandDefinition(sql.OwnersForRun, new { ClaimToken = token }, tx, cancellationToken: ct))).ToDictionary(o => (o.UserId, o.AccountId));
        var calendar = await calendars.CurrentAsync(ct);
        var summary = RunSummary.None;
        var finishes = new List<Finish>();
        var placing = new List<(Due Due, OwnerRow Owner, List<ScheduleLine> Dropped, PlacementRequest Request)>();
        foreach (var due in claimed)
        {
            var (schedule, recurrence, _, occurrence) = due;
            var lines = linesOf[schedule.Id].ToList();
            var owner = owners.GetValueOrDefault((schedule.OwnerUserId, schedule.AccountId));
            var left = lines.Where(l => l.IsActive).ToList();
            var dropped = lines.Where(l => !l.IsActive).ToList();
            var stop = owner is null || owner.IsDisabled ? $"The schedule's owner ({owner?.DisplayName ?? "unknown"}) can no longer sign in, so nothing can be ordered on their behalf."
                : !owner.AccountIsActive ? $"{owner.AccountName} is deactivated: no orders can be placed."
                : left.Count == 0 ? (lines.Count == 0 ? "The schedule has no lines." : "None of the schedule's products is sold any more.")
                : null;
            if (stop is not null)
            {
                finishes.Add(new Finish(schedule, occurrence, recurrence.Next(occurrence), OccurrenceOutcome.Failed, null, stop, Suspend: true, owner, dropped));
                summary = summary.Plus(RunSummary.None with { Failed = 1, Problems = [Problem(schedule, owner, stop)] });
                continue;
            }
            var draft = new OrderDraft
            {
                SiteId = schedule.SiteId,
                Lines = left.Select(l => new DraftLine(l.ProductId, l.Quantity)).ToList(),
                PoNumber = schedule.PoNumber,
                RequestedDeliveryDate = recurrence.DeliveryDate(occurrence, left.Max(l => l.LeadTimeDays), schedule.DeliveryBusinessDays, calendar),
                Notes = TextLimits.Cut($"Placed by reorder schedule \"{schedule.Name}\" for {recurrence.Local(occurrence):ddd d MMM yyyy HH:mm}.", TextLimits.Orders.Notes),
                IdempotencyScope = ScopeOf(schedule.Id),
                IdempotencyKey = KeyOf(occurrence),
                Source = OrderSource.Schedule,
            };
            placing.Add((due, owner!, dropped, new PlacementRequest(new Placer(schedule.AccountId, schedule.OwnerUserId), draft)));
        }

        var mails = new List<Guid>();
        if (placing.Count > 0)
        {
            var batch = await placement.PlaceManyAsync(c, tx, placing.Select(p => p.Request).ToList(), ct);
            mails.AddRange(batch.Mails);
            foreach (var ((due, owner, dropped, _), result) in placing.Zip(batch.Placements))
            {
                var (schedule, recurrence, _, occurrence) = due;
                var next = recurrence.Next(occurrence);
                if (result.Order is { } order)
                {
                    var note = dropped.Count == 0 ? null : $"Left out, no longer sold: {string.Join(", ", dropped.Select(d => $"{d.Sku} {d.Name}"))}.";
                    finishes.Add(new Finish(schedule, occurrence, next, OccurrenceOutcome.Placed, order, note, Suspend: false, owner, dropped));
                    summary = summary.Plus(RunSummary.None with { Placed = 1 });
                }
                else
                {
                    var why = "The order could not be placed: " + string.Join(" ", result.Errors.Values.Distinct());
                    finishes.Add(new Finish(schedule, occurrence, next, OccurrenceOutcome.Failed, null, why, Suspend: false, owner, dropped));
                    summary = summary.Plus(RunSummary.None with { Failed = 1, Problems = [Problem(schedule, owner, why)] });
                }
            }
        }

        // the occurrences are this transaction's claims, so every one is still 'Claimed' here
        var now = clock.GetUtcNow();
        var completed = await c.ExecuteAsync(new CommandDefinition(sql.CompleteOccurrence, finishes.Select(f => CompleteArgs(f, now)).ToList(), tx, cancellationToken: ct));
        if (completed != finishes.Count) throw new InvalidOperationException($"{finishes.Count - completed} of the batch's claimed occurrences were no longer claimed.");
        await c.ExecuteAsync(new CommandDefinition(sql.Advance, finishes.Select(f => AdvanceArgs(f.Schedule, f.Schedule.NextRunUtc!.Value, f.Next, f.Suspend ? f.Reason : null)).ToList(), tx, cancellationToken: ct));
        foreach (var f in finishes) mails.AddRange(await MailAsync(c, tx, f, ct));
        return (summary, mails);
    }

    private static RunProblem Problem(ReorderSchedule schedule, OwnerRow? owner, string reason) =>
        new(RunProblem.Schedule, schedule.AccountId, owner?.AccountName ?? "", schedule.Name, schedule.Id, reason);

    private static object CompleteArgs(Finish f, DateTimeOffset now) => new
    {
        ScheduleId = f.Schedule.Id, OccurrenceUtc = f.Occurrence, f.Outcome, OrderId = f.Order?.Id, OrderNumber = f.Order?.Number,
        Reason = f.Reason is null ? null : TextLimits.Cut(f.Reason, TextLimits.ReorderOccurrences.Reason), Now = now,
    };

    /// <summary>The e-mails an outcome sends: a suspended schedule tells the account's admins and the owner; a product left out or no order tells the owner.</summary>
    private async Task<List<Guid>> MailAsync(DbConnection c, DbTransaction tx, Finish f, CancellationToken ct)
    {
        var (schedule, occurrence, _, _, order, reason, suspend, owner, dropped) = f;
        var mails = new List<Guid>();
        var link = $"{options.PublicUrl.TrimEnd('/')}/schedules/{schedule.Id}";
        var name = WebUtility.HtmlEncode(schedule.Name);
        if (suspend)
        {
            var admins = (await c.QueryAsync<string>(new CommandDefinition(sql.AccountAdmins, new { schedule.AccountId }, tx, cancellationToken: ct))).ToList();
            if (owner is { IsDisabled: false } && !string.IsNullOrEmpty(owner.Email)) admins.Add(owner.Email);
            foreach (var to in admins.Distinct(StringComparer.OrdinalIgnoreCase))
                mails.Add(await mail.QueueAsync(c, tx, to, $"Reorder schedule \"{schedule.Name}\" is suspended", $"""
                    <p>The reorder schedule <strong>{name}</strong> placed no order for {recurrence(schedule, occurrence)} and is suspended.</p>
                    <p>{WebUtility.HtmlEncode(reason)}</p>
                    <p><a href="{WebUtility.HtmlEncode(link)}">Look at the schedule</a> to change it and resume it.</p>
                    """, ct));
        }
        else if (owner is { IsDisabled: false } && !string.IsNullOrEmpty(owner.Email) && (dropped.Count > 0 || order is null))
        {
            mails.Add(await mail.QueueAsync(c, tx, owner.Email, order is null ? $"Reorder schedule \"{schedule.Name}\" placed no order" : $"Order {order.Number} from schedule \"{schedule.Name}\" left out products", $"""
                <p>The reorder schedule <strong>{name}</strong>, for {recurrence(schedule, occurrence)}: {(order is null ? "no order was placed" : $"order <strong>{order.Number}</strong> was placed")}.</p>
                <p>{WebUtility.HtmlEncode(reason)}</p>
                <p><a href="{WebUtility.HtmlEncode(link)}">Look at the schedule</a></p>
                """, ct));
        }
        return mails;

        static string recurrence(ReorderSchedule s, DateTimeOffset o) => WebUtility.HtmlEncode($"{s.Recurrence.Local(o):ddd d MMM yyyy HH:mm}");
    }

    private object AdvanceArgs(ReorderSchedule schedule, DateTimeOffset expected, DateTimeOffset? next, string? suspendReason) => new
    {
        schedule.Id, ExpectedRunUtc = expected, NextRunUtc = next, ReminderDueUtc = next?.AddHours(-schedule.LeadNoticeHours),
        Status = suspendReason is not null ? ScheduleStatus.Suspended : next is null ? ScheduleStatus.Ended : ScheduleStatus.Active,
        StatusReason = suspendReason is null ? null : TextLimits.Cut(suspendReason, TextLimits.ReorderSchedules.StatusReason), Now = clock.GetUtcNow(),
    };

    /// <summary>Sends the owner of each schedule whose reminder time has come the lines and total of its next order, once per occurrence.</summary>
    public async Task<RunSummary> RemindAsync(CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        List<Guid> due;
        await using (var c = await db.OpenAsync(ct))
            due = (await c.QueryAsync<Guid>(new CommandDefinition(sql.RemindersForRun, new { Now = now, Skip = 0, Take = 1000 }, cancellationToken: ct))).ToList();
        var sent = 0;
        foreach (var id in due)
        {
            await using var c = await db.OpenAsync(ct);
            var schedule = await c.QuerySingleOrDefaultAsync<ReorderSchedule>(new CommandDefinition(sql.ScheduleForRun, new { Id = id }, cancellationToken: ct));
            if (schedule is not { NextRunUtc: { } next }) continue;
            var owner = await c.QuerySingleOrDefaultAsync<OwnerRow>(new CommandDefinition(sql.OwnerForRun, new { UserId = schedule.OwnerUserId, schedule.AccountId }, cancellationToken: ct));
            var details = await schedules.DetailsAsync(new ScheduleViewer(schedule.AccountId, schedule.OwnerUserId, SeesAll: true), id, ct);
            if (details is null) continue;
            var body = ReminderBody(schedule, details.Lines, details.EstimatedTotal, next);
            await using var tx = await db.BeginWriteAsync(c, ct);
            if (await c.ExecuteAsync(new CommandDefinition(sql.ClaimReminder, new { Id = id, NextRunUtc = next }, tx, cancellationToken: ct)) == 0) continue;
            Guid? message = null;
            if (owner is { IsDisabled: false } && !string.IsNullOrEmpty(owner.Email))
                message = await mail.QueueAsync(c, tx, owner.Email, $"Reorder schedule \"{schedule.Name}\" orders on {schedule.Recurrence.Local(next):ddd d MMM HH:mm}", body, ct);
            await tx.CommitAsync(ct);
            if (message is { } m) { mail.Wake(m); sent++; }
        }
        return RunSummary.None with { Reminders = sent };
    }

    /// <summary>The reminder: when, the lines (products no longer sold marked), and links to skip this order (to a page that
    /// asks for one press: a GET changes nothing) or to edit the schedule.</summary>
    public string ReminderBody(ReorderSchedule schedule, IReadOnlyList<ScheduleLine> lines, decimal total, DateTimeOffset next)
    {
        var link = $"{options.PublicUrl.TrimEnd('/')}/schedules/{schedule.Id}";
        var skip = $"{link}/skip?at={SkipAt(next)}";
        var edit = $"{options.PublicUrl.TrimEnd('/')}/schedule/edit/{schedule.Id}";
        var rows = string.Concat(lines.Select(l => $"<li>{WebUtility.HtmlEncode(l.Sku)} {WebUtility.HtmlEncode(l.Name)}: {l.Quantity} {WebUtility.HtmlEncode(l.Unit)}{(l.IsActive ? "" : " (no longer sold: will be left out)")}</li>"));
        return $"""
            <p>Your reorder schedule <strong>{WebUtility.HtmlEncode(schedule.Name)}</strong> will place an order for {WebUtility.HtmlEncode(schedule.SiteName)} on
            {WebUtility.HtmlEncode($"{schedule.Recurrence.Local(next):dddd d MMMM yyyy HH:mm}")} ({WebUtility.HtmlEncode(schedule.TimeZone)}):</p>
            <ul>{rows}</ul>
            <p>Total at today's prices: {WebUtility.HtmlEncode(Money.Format(total))}</p>
            <p><a href="{WebUtility.HtmlEncode(skip)}">Skip this order</a> · <a href="{WebUtility.HtmlEncode(edit)}">Edit the schedule</a> · <a href="{WebUtility.HtmlEncode(link)}">Look at the schedule</a></p>
            """;
    }

    /// <summary>An occurrence as the skip link carries it: "20261125T0900Z".</summary>
    public static string SkipAt(DateTimeOffset occurrenceUtc) => occurrenceUtc.UtcDateTime.ToString("yyyyMMdd'T'HHmm'Z'", CultureInfo.InvariantCulture);

    public static DateTimeOffset? ParseSkipAt(string? text) =>
        DateTime.TryParseExact(text, "yyyyMMdd'T'HHmm'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var at)
            ? new DateTimeOffset(at, TimeSpan.Zero) : null;

    private sealed record OwnerRow
    {
        public Guid UserId { get; init; }
        public Guid AccountId { get; init; }
        public string? Email { get; init; }
        public string DisplayName { get; init; } = "";
        public bool IsDisabled { get; init; }
        public bool AccountIsActive { get; init; }
        public string AccountName { get; init; } = "";
    }
}
