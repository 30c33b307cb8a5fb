using Portal.Data.Accounts;
using Portal.Data.Catalog;
using Portal.Data.Ordering;

namespace Portal.Data.Replenishment;

/// <summary>
/// Reorder schedules as the account's people keep them: made with lines or from a standing list or a past order, the
/// recurrence in the account's zone, pause and resume, skip the next occurrence, edit, delete; the next occurrences with
/// the delivery date each order will ask for; the history of every occurrence. The owner (the user who made it) is the
/// one on whose behalf the replenishment job orders: their site rights and approval limit apply.
/// </summary>
public sealed class Schedules(
    ConnectionFactory db, ReplenishmentSql sql, AccountStore accounts, CatalogStore catalog, Orders orders, StandingLists lists, TimeProvider clock,
    Portal.Data.Service.CalendarAdmin calendars)
{
    public const int DefaultLeadNoticeHours = 24;
    public const int MaxLeadNoticeHours = 14 * 24;
    public const int MaxDeliveryBusinessDays = 60;
    public const int MaxLines = OrderPlacement.MaxLines;
    public const int UpcomingCount = 5;
    public const int HistoryCount = 100;

    public async Task<IReadOnlyList<ReorderSchedule>> ListAsync(ScheduleViewer viewer, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        return (await c.QueryAsync<ReorderSchedule>(new CommandDefinition(sql.Schedules, new { viewer.AccountId, OwnerUserId = Owner(viewer) }, cancellationToken: ct))).ToList();
    }

    public async Task<ReorderSchedule?> GetAsync(ScheduleViewer viewer, Guid id, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        return await c.QuerySingleOrDefaultAsync<ReorderSchedule>(new CommandDefinition(sql.Schedule, new { Id = id, viewer.AccountId, OwnerUserId = Owner(viewer) }, cancellationToken: ct));
    }

    /// <summary>The schedule with its lines, next occurrences, history and what one order of it costs today; null when not the viewer's.</summary>
    public async Task<ScheduleDetails?> DetailsAsync(ScheduleViewer viewer, Guid id, CancellationToken ct = default)
    {
        var schedule = await GetAsync(viewer, id, ct);
        if (schedule is null) return null;
        await using var c = await db.OpenAsync(ct);
        var lines = (await c.QueryAsync<ScheduleLine>(new CommandDefinition(sql.Lines, new { ScheduleId = id }, cancellationToken: ct))).ToList();
        var history = (await c.QueryAsync<ScheduleOccurrence>(new CommandDefinition(sql.History,
            new { ScheduleId = id, viewer.AccountId, Skip = 0, Take = HistoryCount }, cancellationToken: ct))).ToList();
        return new ScheduleDetails(schedule, lines, Upcoming(schedule, lines, calendar: await calendars.CurrentAsync(ct)), history, await EstimateAsync(schedule.AccountId, lines, ct));
    }

    /// <summary>The next occurrences of an active schedule, with the delivery date each order will ask for.</summary>
    public static IReadOnlyList<UpcomingOccurrence> Upcoming(ReorderSchedule schedule, IReadOnlyList<ScheduleLine> lines, int count = UpcomingCount,
        Portal.Data.Service.BusinessCalendar? calendar = null)
    {
        if (schedule.Status != ScheduleStatus.Active || schedule.NextRunUtc is not { } next) return [];
        var recurrence = schedule.Recurrence;
        var lead = lines.Where(l => l.IsActive).Select(l => l.LeadTimeDays).DefaultIfEmpty(0).Max();
        return recurrence.From(next, inclusive: true).Take(count)
            .Select(o => new UpcomingOccurrence(o, recurrence.Local(o), recurrence.DeliveryDate(o, lead, schedule.DeliveryBusinessDays, calendar)))
            .ToList();
    }

    private async Task<decimal> EstimateAsync(Guid accountId, IReadOnlyList<ScheduleLine> lines, CancellationToken ct)
    {
        var terms = await accounts.TermsAsync(accountId, ct);
        var prices = await catalog.PriceBookAsync(terms.Id, terms.ParentAccountId, terms.Today(clock), ct);
        var products = await catalog.ByIdsAsync(lines.Select(l => l.ProductId), ct);
        return lines.Where(l => l.IsActive && products.ContainsKey(l.ProductId))
            .Sum(l => Money.Round(prices.PriceOf(l.ProductId, products[l.ProductId].ListPrice, l.Quantity).UnitPrice * l.Quantity));
    }

    public async Task<Outcome<ReorderSchedule>> CreateAsync(ScheduleViewer owner, ScheduleInput input, CancellationToken ct = default)
    {
        var (checkedInput, errors, terms) = await CheckAsync(owner.AccountId, owner.UserId, input, ct);
        if (errors.Any) return Outcome<ReorderSchedule>.Failed(errors);
        var id = Guid.NewGuid();
        var now = clock.GetUtcNow();
        var recurrence = new Recurrence(checkedInput.Cron!, terms.TimeZone, checkedInput.IntervalWeeks, checkedInput.StartDate!.Value, checkedInput.EndDate);
        var next = recurrence.Next(now);
        await using var c = await db.OpenAsync(ct);
        await using var tx = await db.BeginWriteAsync(c, ct);
        await c.ExecuteAsync(new CommandDefinition(sql.InsertSchedule, new
        {
            Id = id, owner.AccountId, checkedInput.SiteId, OwnerUserId = owner.UserId, checkedInput.Name, checkedInput.Cron, terms.TimeZone,
            checkedInput.IntervalWeeks, checkedInput.StartDate, checkedInput.EndDate, checkedInput.LeadNoticeHours, checkedInput.DeliveryBusinessDays,
            checkedInput.PoNumber, Status = next is null ? ScheduleStatus.Ended : ScheduleStatus.Active, NextRunUtc = next,
            ReminderDueUtc = next?.AddHours(-checkedInput.LeadNoticeHours), Now = now,
        }, tx, cancellationToken: ct));
        await InsertLinesAsync(c, tx, id, checkedInput, ct);
        await tx.CommitAsync(ct);
        return Outcome<ReorderSchedule>.Ok((await GetAsync(owner with { SeesAll = true }, id, ct))!);
    }

    /// <summary>Changes a schedule at the version the person saw; null when it is not theirs. Keeps its owner.</summary>
    public async Task<Outcome<ReorderSchedule>?> UpdateAsync(ScheduleViewer viewer, Guid id, int version, ScheduleInput input, CancellationToken ct = default)
    {
        var current = await GetAsync(viewer, id, ct);
        if (current is null) return null;
        var (checkedInput, errors, terms) = await CheckAsync(viewer.AccountId, current.OwnerUserId, input, ct);
        if (errors.Any) return Outcome<ReorderSchedule>.Failed(errors);
        var now = clock.GetUtcNow();
        var recurrence = new Recurrence(checkedInput.Cron!, terms.TimeZone, checkedInput.IntervalWeeks, checkedInput.StartDate!.Value, checkedInput.EndDate);
        var next = recurrence.Next(now);
        // a paused schedule stays paused; a suspended or ended one starts again once it is changed
        var status = next is null ? ScheduleStatus.Ended : current.Status == ScheduleStatus.Paused ? ScheduleStatus.Paused : ScheduleStatus.Active;
        await using var c = await db.OpenAsync(ct);
        await using var tx = await db.BeginWriteAsync(c, ct);
        var changed = await c.ExecuteAsync(new CommandDefinition(sql.UpdateSchedule, new
        {
            Id = id, viewer.AccountId, Version = version, checkedInput.Name, checkedInput.SiteId, checkedInput.Cron, terms.TimeZone, checkedInput.IntervalWeeks,
            checkedInput.StartDate, checkedInput.EndDate, checkedInput.LeadNoticeHours, checkedInput.DeliveryBusinessDays, checkedInput.PoNumber,
            Status = status, NextRunUtc = next, ReminderDueUtc = next?.AddHours(-checkedInput.LeadNoticeHours), Now = now,
        }, tx, cancellationToken: ct));
        if (changed == 0)
            return Outcome<ReorderSchedule>.Failed("", "Someone changed this schedule (or the replenishment job placed an order from it) after you opened it. Look at it again, then make your change.");
        await c.ExecuteAsync(new CommandDefinition(sql.DeleteLines, new { ScheduleId = id }, tx, cancellationToken: ct));
        await InsertLinesAsync(c, tx, id, checkedInput, ct);
        await tx.CommitAsync(ct);
        return Outcome<ReorderSchedule>.Ok((await GetAsync(viewer, id, ct))!);
    }

    private async Task InsertLinesAsync(DbConnection c, DbTransaction tx, Guid id, ScheduleInput input, CancellationToken ct)
    {
        var products = await catalog.BySkusAsync(input.Lines.Select(l => l.Sku!), ct);
        await c.ExecuteAsync(new CommandDefinition(sql.InsertLine,
            input.Lines.Select(l => new { ScheduleId = id, ProductId = products[l.Sku!].Id, l.Quantity }).ToList(), tx, cancellationToken: ct));
    }

    public async Task<Outcome<ReorderSchedule>?> PauseAsync(ScheduleViewer viewer, Guid id, CancellationToken ct = default)
    {
        var current = await GetAsync(viewer, id, ct);
        if (current is null) return null;
        if (current.Status != ScheduleStatus.Active) return Outcome<ReorderSchedule>.Failed("", $"This schedule is {ScheduleStatus.Label(current.Status).ToLowerInvariant()}, not active: there is nothing to pause.");
        return await SetStatusAsync(viewer, current, ScheduleStatus.Paused, current.NextRunUtc, ct);
    }

    /// <summary>Starts a paused or suspended schedule again from now on: occurrences while it was stopped are not ordered.</summary>
    public async Task<Outcome<ReorderSchedule>?> ResumeAsync(ScheduleViewer viewer, Guid id, CancellationToken ct = default)
    {
        var current = await GetAsync(viewer, id, ct);
        if (current is null) return null;
        if (current.Status is not (ScheduleStatus.Paused or ScheduleStatus.Suspended)) return Outcome<ReorderSchedule>.Failed("", "This schedule is not paused.");
        var next = current.Recurrence.Next(clock.GetUtcNow());
        return await SetStatusAsync(viewer, current, next is null ? ScheduleStatus.Ended : ScheduleStatus.Active, next, ct);
    }

    private async Task<Outcome<ReorderSchedule>> SetStatusAsync(ScheduleViewer viewer, ReorderSchedule current, string status, DateTimeOffset? next, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        await c.ExecuteAsync(new CommandDefinition(sql.SetStatus, new
        {
            current.Id, viewer.AccountId, Version = (int?)null, Status = status, NextRunUtc = next,
            ReminderDueUtc = next?.AddHours(-current.LeadNoticeHours), Now = clock.GetUtcNow(),
        }, cancellationToken: ct));
        return Outcome<ReorderSchedule>.Ok((await GetAsync(viewer, current.Id, ct))!);
    }

    /// <summary>
    /// Skips the next occurrence: it is recorded as skipped (its unique key is taken, so the job cannot order it) and the
    /// next run moves to the one after. Refused when the job has already claimed it.
    /// </summary>
    /// <param name="occurrence">When given (the skip link of a reminder), only that occurrence is skipped, and only while it is still the next.</param>
    public async Task<Outcome<ReorderSchedule>?> SkipNextAsync(ScheduleViewer viewer, Guid id, CancellationToken ct = default, DateTimeOffset? occurrence = null)
    {
        var current = await GetAsync(viewer, id, ct);
        if (current is null) return null;
        if (current.Status != ScheduleStatus.Active || current.NextRunUtc is not { } skipped)
            return Outcome<ReorderSchedule>.Failed("", "Only an active schedule has a next occurrence to skip.");
        if (occurrence is { } asked && asked != skipped)
            return Outcome<ReorderSchedule>.Failed("", "That order is no longer the schedule's next one: it was placed or skipped already, or the schedule was changed. Nothing was skipped.");
        var now = clock.GetUtcNow();
        var following = current.Recurrence.Next(skipped);
        await using var c = await db.OpenAsync(ct);
        await using var tx = await db.BeginWriteAsync(c, ct);
        var recorded = await c.ExecuteAsync(new CommandDefinition(sql.ClaimOccurrence, new
        {
            ScheduleId = id, OccurrenceUtc = skipped, Id = Guid.NewGuid(), current.AccountId, Outcome = OccurrenceOutcome.Skipped,
            Reason = "Skipped by " + TextLimits.Cut((await accounts.GetUserAsync(viewer.AccountId, viewer.UserId, ct))?.DisplayName ?? "a user", 200) + ".",
            ClaimedUntilUtc = (DateTimeOffset?)null, Now = now,
        }, tx, cancellationToken: ct));
        var moved = recorded == 0 ? 0 : await c.ExecuteAsync(new CommandDefinition(sql.Advance, new
        {
            Id = id, ExpectedRunUtc = skipped, NextRunUtc = following, ReminderDueUtc = following?.AddHours(-current.LeadNoticeHours),
            Status = following is null ? ScheduleStatus.Ended : ScheduleStatus.Active, StatusReason = (string?)null, Now = now,
        }, tx, cancellationToken: ct));
        if (moved == 0)
            return Outcome<ReorderSchedule>.Failed("", "Too late to skip: the order for this occurrence is being placed now. Look at the schedule's history.");
        await tx.CommitAsync(ct);
        return Outcome<ReorderSchedule>.Ok((await GetAsync(viewer, id, ct))!);
    }

    public async Task<bool> DeleteAsync(ScheduleViewer viewer, Guid id, CancellationToken ct = default)
    {
        if (await GetAsync(viewer, id, ct) is null) return false;
        await using var c = await db.OpenAsync(ct);
        await using var tx = await db.BeginWriteAsync(c, ct);
        await c.ExecuteAsync(new CommandDefinition(sql.DeleteOccurrences, new { Id = id, viewer.AccountId }, tx, cancellationToken: ct));
        await c.ExecuteAsync(new CommandDefinition(sql.DeleteLines, new { ScheduleId = id }, tx, cancellationToken: ct));
        var deleted = await c.ExecuteAsync(new CommandDefinition(sql.DeleteSchedule, new { Id = id, viewer.AccountId }, tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
        return deleted == 1;
    }

    /// <summary>The lines of a past order the viewer can see, to start a schedule from (one click); null when not theirs.</summary>
    public async Task<IReadOnlyList<ScheduleLineInput>?> LinesFromOrderAsync(OrderViewer viewer, string number, CancellationToken ct = default)
    {
        var order = await orders.GetAsync(viewer, number, ct);
        if (order is null) return null;
        var (lines, _) = await orders.DetailsAsync(order, ct);
        return lines.Select(l => new ScheduleLineInput(l.Sku, l.Quantity)).ToList();
    }

    /// <summary>The lines of one of the account's standing lists, to start a schedule from; null when not the account's.</summary>
    public async Task<IReadOnlyList<ScheduleLineInput>?> LinesFromListAsync(Guid accountId, Guid listId, CancellationToken ct = default) =>
        await lists.GetAsync(accountId, listId, ct) is { } found ? found.Lines.Select(l => new ScheduleLineInput(l.Sku, l.Quantity)).ToList() : null;

    /// <summary>The schedule whose occurrence placed this order of the account: for "Placed by schedule …" on order pages and in the API.</summary>
    public async Task<(Guid Id, string Name)?> ScheduleOfOrderAsync(Guid accountId, Guid orderId, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        return await c.QuerySingleOrDefaultAsync<(Guid, string)?>(new CommandDefinition(sql.ScheduleOfOrder, new { AccountId = accountId, OrderId = orderId }, cancellationToken: ct));
    }

    /// <summary>"Placed by schedule" for orders whose Orders.Source is Schedule; null for others.</summary>
    public static string? SourceLabel(string? source) => source == OrderSource.Schedule ? "Placed by schedule" : null;

    private static Guid? Owner(ScheduleViewer viewer) => viewer.SeesAll ? null : viewer.UserId;

    /// <summary>Every rule of a schedule: name, site (the owner's), recurrence, dates, notice, lines (sold, minimums and packs).</summary>
    private async Task<(ScheduleInput Input, FieldErrors Errors, AccountTerms Terms)> CheckAsync(Guid accountId, Guid ownerUserId, ScheduleInput input, CancellationToken ct)
    {
        var terms = await accounts.TermsAsync(accountId, ct);
        var owner = await accounts.GetUserAsync(accountId, ownerUserId, ct);
        var site = await accounts.GetSiteAsync(accountId, input.SiteId, ct);
        var name = input.Name?.Trim();
        var cron = input.Cron?.Trim();
        var po = string.IsNullOrWhiteSpace(input.PoNumber) ? null : input.PoNumber.Trim();
        var today = terms.Today(clock);
        var errors = new FieldErrors()
            .Add(string.IsNullOrEmpty(name), "Name", "Give the schedule a name, for example \"Weekly cleaning supplies\".")
            .Text("Name", name, "The name", TextLimits.ReorderSchedules.Name)
            .Add(site is null || !site.IsActive, "SiteId", "Choose one of the account's active sites.")
            .Add(site is not null && owner?.SiteId is { } own && own != site.Id, "SiteId", "The schedule's owner may order only for their own site.")
            .Add(Recurrence.CheckCron(cron) is not null, "Cron", Recurrence.CheckCron(cron) ?? "")
            .Add(input.IntervalWeeks is < 1 or > 52, "IntervalWeeks", "Repeat every 1 to 52 weeks.")
            .Add(input.StartDate is null, "StartDate", "Choose the first day the schedule may order.")
            .Add(input.StartDate is { } s && (s.Year < 1900 || s > today.AddYears(5)), "StartDate", "Choose a start date within the next five years.")
            .Add(input.EndDate is { } e && input.StartDate is { } s2 && e < s2, "EndDate", "The end date cannot be before the start date.")
            .Add(input.EndDate is { } e2 && e2 < today, "EndDate", "The end date has passed; leave it empty or choose a later one.")
            .Add(input.EndDate is { } e3 && e3.Year > 2199, "EndDate", "Choose an end date before 2200.")
            .Add(input.LeadNoticeHours is < 0 or > MaxLeadNoticeHours, "LeadNoticeHours", $"The reminder goes 0 to {MaxLeadNoticeHours} hours before each order.")
            .Add(input.DeliveryBusinessDays is < 0 or > MaxDeliveryBusinessDays, "DeliveryBusinessDays", $"Ask for delivery 0 to {MaxDeliveryBusinessDays} business days after each order, or leave it empty for the earliest the lead times allow.")
            .Text("PoNumber", po, "The PO number", TextLimits.ReorderSchedules.PoNumber)
            .Add(terms.RequirePoNumber && po is null, "PoNumber", $"{terms.Name} requires a PO number on every order: give the one the schedule's orders should carry.")
            .Add(input.Lines.Count == 0, "Lines", "Add at least one line (SKU and quantity).")
            .Add(input.Lines.Count > MaxLines, "Lines", $"At most {MaxLines} lines per schedule.");
        var products = await catalog.BySkusAsync(input.Lines.Where(l => !string.IsNullOrWhiteSpace(l.Sku)).Select(l => l.Sku!.Trim()), ct);
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var lines = new List<ScheduleLineInput>();
        for (var i = 0; i < input.Lines.Count && i < MaxLines; i++)
        {
            var sku = input.Lines[i].Sku?.Trim();
            if (string.IsNullOrEmpty(sku)) { errors.Add(true, $"Lines[{i}].Sku", $"Line {i + 1}: enter a SKU."); continue; }
            if (!products.TryGetValue(sku, out var product)) { errors.Add(true, $"Lines[{i}].Sku", $"Line {i + 1}: there is no product {TextLimits.Cut(sku, 40)}."); continue; }
            if (!product.IsActive) { errors.Add(true, $"Lines[{i}].Sku", $"Line {i + 1}: {product.Sku} {product.Name} is no longer sold."); continue; }
            if (!seen.Add(product.Sku)) { errors.Add(true, $"Lines[{i}].Sku", $"Line {i + 1}: {product.Sku} is on the schedule twice; one line per product."); continue; }
            if (QuantityRules.Check(product, input.Lines[i].Quantity) is { } problem) { errors.Add(true, $"Lines[{i}].Quantity", $"Line {i + 1}: {problem}"); continue; }
            lines.Add(new ScheduleLineInput(product.Sku, input.Lines[i].Quantity));
        }
        var recurrenceChecked = !errors.ContainsKey("Cron") && input.StartDate is { } start
            && !errors.ContainsKey("EndDate") && !errors.ContainsKey("IntervalWeeks")
            && new Recurrence(cron!, terms.TimeZone, input.IntervalWeeks, start, input.EndDate).Next(clock.GetUtcNow()) is null;
        errors.Add(recurrenceChecked, "EndDate", "No occurrence falls between now and the end date: choose a later end date.");
        return (input with { Name = name, Cron = cron, PoNumber = po, Lines = lines }, errors, terms);
    }
}
