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
    /// <summary>Due schedules read per query.</summary>
    public const int BatchSize = 200;

    /// <summary>How long a claim holds an occurrence; a run that stopped leaves it to the next run after this.</summary>
    public static readonly TimeSpan ClaimFor = TimeSpan.FromMinutes(2);

    public async Task<RunSummary> RunAsync(CancellationToken ct = default)
    {
        var started = clock.GetUtcNow();
        var summary = await RemindAsync(ct);
        var seen = new HashSet<Guid>();
        while (!ct.IsCancellationRequested)
        {
            List<Guid> due;
            await using (var c = await db.OpenAsync(ct))
                due = (await c.QueryAsync<Guid>(new CommandDefinition(sql.DueForRun, new { Now = clock.GetUtcNow(), Skip = 0, Take = BatchSize }, cancellationToken: ct))).ToList();
            var fresh = due.Where(seen.Add).ToList();
            if (fresh.Count == 0) break;
            foreach (var id in fresh)
            {
                ct.ThrowIfCancellationRequested();
                summary = summary.Plus(await RunScheduleAsync(id, ct));
            }
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
        var now = clock.GetUtcNow();
        if (schedule is not { Status: ScheduleStatus.Active, NextRunUtc: { } expected } || expected > now) return RunSummary.None;
        var recurrence = schedule.Recurrence;
        var due = recurrence.Between(expected, now);
        if (due.Count == 0)
        {
            // the recurrence changed under the stored next run (or it is no occurrence at all): move to the real next one
            await AdvanceAsync(null, null, schedule, expected, recurrence.Next(now), null, ct);
            return RunSummary.None;
        }
        var latest = due[^1];
        var missed = 0;
        await using (var c = await db.OpenAsync(ct))
        {
            foreach (var old in due.Take(due.Count - 1))
                missed += await c.ExecuteAsync(new CommandDefinition(sql.ClaimOccurrence, Claim(schedule, old, OccurrenceOutcome.Missed,
                    $"The replenishment job was not running at this time; one order was placed for the latest occurrence, {recurrence.Local(latest):ddd d MMM yyyy HH:mm}.", null, now), cancellationToken: ct));

            var claimed = await c.ExecuteAsync(new CommandDefinition(sql.ClaimOccurrence, Claim(schedule, latest, OccurrenceOutcome.Claimed, null, now + ClaimFor, now), cancellationToken: ct)) == 1;
            if (!claimed)
            {
                var row = await c.QuerySingleAsync<ScheduleOccurrence>(new CommandDefinition(sql.Occurrence, new { ScheduleId = schedule.Id, OccurrenceUtc = latest }, cancellationToken: ct));
                if (row.Outcome != OccurrenceOutcome.Claimed)
                {
                    // finished (by another run, or skipped by a person): only the next run is left to move
                    await AdvanceAsync(null, null, schedule, expected, recurrence.Next(latest), null, ct);
                    return RunSummary.None with { Missed = missed };
                }
                claimed = await c.ExecuteAsync(new CommandDefinition(sql.TakeOverClaim,
                    new { ScheduleId = schedule.Id, OccurrenceUtc = latest, ClaimedUntilUtc = now + ClaimFor, Now = now }, cancellationToken: ct)) == 1;
                if (!claimed) return RunSummary.None with { Missed = missed }; // another run is placing it right now
            }
        }
        var result = await PlaceAsync(schedule, recurrence, latest, ct);
        return result with { Missed = result.Missed + missed };
    }

    private static object Claim(ReorderSchedule s, DateTimeOffset occurrence, string outcome, string? reason, DateTimeOffset? until, DateTimeOffset now) => new
    {
        ScheduleId = s.Id, OccurrenceUtc = occurrence, Id = Guid.NewGuid(), s.AccountId, Outcome = outcome,
        Reason = reason is null ? null : TextLimits.Cut(reason, TextLimits.ReorderOccurrences.Reason), ClaimedUntilUtc = until, Now = now,
    };

    /// <summary>The idempotency key of an occurrence's order: the same occurrence always gives the same key.</summary>
    public static string KeyOf(DateTimeOffset occurrenceUtc) => "occurrence:" + occurrenceUtc.UtcDateTime.ToString("yyyy-MM-ddTHH:mmZ", CultureInfo.InvariantCulture);

    public static string ScopeOf(Guid scheduleId) => $"schedule:{scheduleId}";

    private async Task<RunSummary> PlaceAsync(ReorderSchedule schedule, Recurrence recurrence, DateTimeOffset occurrence, CancellationToken ct)
    {
        List<ScheduleLine> lines;
        OwnerRow? owner;
        await using (var c = await db.OpenAsync(ct))
        {
            lines = (await c.QueryAsync<ScheduleLine>(new CommandDefinition(sql.Lines, new { ScheduleId = schedule.Id }, cancellationToken: ct))).ToList();
            owner = await c.QuerySingleOrDefaultAsync<OwnerRow>(new CommandDefinition(sql.OwnerForRun, new { UserId = schedule.OwnerUserId, schedule.AccountId }, cancellationToken: ct));
        }
        var next = recurrence.Next(occurrence);
        var left = lines.Where(l => l.IsActive).ToList();
        var dropped = lines.Where(l => !l.IsActive).ToList();
        var stop = owner is null || owner.IsDisabled ? $"The schedule's owner ({owner?.DisplayName ?? "unknown"}) can no longer sign in, so nothing can be ordered on their behalf."
            : !owner.AccountIsActive ? $"{owner.AccountName} is deactivated: no orders can be placed."
            : left.Count == 0 ? (lines.Count == 0 ? "The schedule has no lines." : "None of the schedule's products is sold any more.")
            : null;
        if (stop is not null)
        {
            await FinishAsync(schedule, occurrence, next, OccurrenceOutcome.Failed, null, stop, suspend: true, owner, dropped, ct);
            return RunSummary.None with { Failed = 1, Problems = [Problem(schedule, owner, stop)] };
        }

        var draft = new OrderDraft
        {
            SiteId = schedule.SiteId,
            Lines = left.Select(l => new DraftLine(l.ProductId, l.Quantity)).ToList(),
            PoNumber = schedule.PoNumber,
            RequestedDeliveryDate = recurrence.DeliveryDate(occurrence, left.Max(l => l.LeadTimeDays), schedule.DeliveryBusinessDays, await calendars.CurrentAsync(ct)),
            Notes = TextLimits.Cut($"Placed by reorder schedule \"{schedule.Name}\" for {recurrence.Local(occurrence):ddd d MMM yyyy HH:mm}.", TextLimits.Orders.Notes),
            IdempotencyScope = ScopeOf(schedule.Id),
            IdempotencyKey = KeyOf(occurrence),
            Source = OrderSource.Schedule,
        };
        Placement placed;
        try
        {
            placed = await placement.PlaceAsync(new Placer(schedule.AccountId, schedule.OwnerUserId), draft, ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // the claim stays: the next run after it runs out tries again with the same idempotency key
            logger.LogError(ex, "Placing the order of schedule {ScheduleId} for {Occurrence} failed", schedule.Id, occurrence);
            return RunSummary.None with { Failed = 1, Problems = [Problem(schedule, owner, "The order could not be placed because of an error on our side; the next run tries again. " + ex.Message)] };
        }
        if (placed.Order is { } order)
        {
            var note = dropped.Count == 0 ? null : $"Left out, no longer sold: {string.Join(", ", dropped.Select(d => $"{d.Sku} {d.Name}"))}.";
            await FinishAsync(schedule, occurrence, next, OccurrenceOutcome.Placed, order, note, suspend: false, owner, dropped, ct);
            return RunSummary.None with { Placed = 1 };
        }
        var why = string.Join(" ", placed.Errors.Values.Distinct());
        await FinishAsync(schedule, occurrence, next, OccurrenceOutcome.Failed, null, "The order could not be placed: " + why, suspend: false, owner, dropped, ct);
        return RunSummary.None with { Failed = 1, Problems = [Problem(schedule, owner, "The order could not be placed: " + why)] };
    }

    private static RunProblem Problem(ReorderSchedule schedule, OwnerRow? owner, string reason) =>
        new(RunProblem.Schedule, schedule.AccountId, owner?.AccountName ?? "", schedule.Name, schedule.Id, reason);

    /// <summary>Records the outcome, moves the schedule on (or suspends it) and queues the e-mails, in one transaction.</summary>
    private async Task FinishAsync(ReorderSchedule schedule, DateTimeOffset occurrence, DateTimeOffset? next, string outcome, Order? order, string? reason,
        bool suspend, OwnerRow? owner, IReadOnlyList<ScheduleLine> dropped, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var mails = new List<Guid>();
        await using var c = await db.OpenAsync(ct);
        await using var tx = await db.BeginWriteAsync(c, ct);
        var completed = await c.ExecuteAsync(new CommandDefinition(sql.CompleteOccurrence, new
        {
            ScheduleId = schedule.Id, OccurrenceUtc = occurrence, Outcome = outcome, OrderId = order?.Id, OrderNumber = order?.Number,
            Reason = reason is null ? null : TextLimits.Cut(reason, TextLimits.ReorderOccurrences.Reason), Now = now,
        }, tx, cancellationToken: ct));
        if (completed == 0) return; // another run finished it first (and told everyone)
        await AdvanceAsync(c, tx, schedule, schedule.NextRunUtc!.Value, next, suspend ? reason : null, ct);
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
        await tx.CommitAsync(ct);
        if (mails.Count > 0) mail.Wake(mails[0]);

        static string recurrence(ReorderSchedule s, DateTimeOffset o) => WebUtility.HtmlEncode($"{s.Recurrence.Local(o):ddd d MMM yyyy HH:mm}");
    }

    private async Task AdvanceAsync(DbConnection? c, DbTransaction? tx, ReorderSchedule schedule, DateTimeOffset expected, DateTimeOffset? next, string? suspendReason, CancellationToken ct)
    {
        var args = new
        {
            schedule.Id, ExpectedRunUtc = expected, NextRunUtc = next, ReminderDueUtc = next?.AddHours(-schedule.LeadNoticeHours),
            Status = suspendReason is not null ? ScheduleStatus.Suspended : next is null ? ScheduleStatus.Ended : ScheduleStatus.Active,
            StatusReason = suspendReason is null ? null : TextLimits.Cut(suspendReason, TextLimits.ReorderSchedules.StatusReason), Now = clock.GetUtcNow(),
        };
        if (c is not null)
        {
            await c.ExecuteAsync(new CommandDefinition(sql.Advance, args, tx, cancellationToken: ct));
            return;
        }
        await using var own = await db.OpenAsync(ct);
        await own.ExecuteAsync(new CommandDefinition(sql.Advance, args, cancellationToken: ct));
    }

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
        public string? Email { get; init; }
        public string DisplayName { get; init; } = "";
        public bool IsDisabled { get; init; }
        public bool AccountIsActive { get; init; }
        public string AccountName { get; init; } = "";
    }
}
