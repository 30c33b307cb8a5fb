using System.Net;
using Portal.Data.Accounts;
using Portal.Data.Mail;
using Portal.Data.Replenishment;

namespace Portal.Data.Service;

/// <summary>Where the service desk's e-mails point (the portal's public address comes from Portal:PublicUrl).</summary>
public static class ServiceLinks
{
    /// <summary>A request as the desk works it.</summary>
    public static string DeskRequest(string publicUrl, string number) => $"{publicUrl.TrimEnd('/')}/desk/requests/{Uri.EscapeDataString(number)}";
    /// <summary>A request as the customer follows it.</summary>
    public static string CustomerRequest(string publicUrl, string number) => $"{publicUrl.TrimEnd('/')}/requests/{Uri.EscapeDataString(number)}";
    /// <summary>The rating form of a resolved request.</summary>
    public static string Rate(string publicUrl, string number) => $"{publicUrl.TrimEnd('/')}/service/rate/{Uri.EscapeDataString(number)}";
}

/// <summary>What one run of the escalation job did.</summary>
public sealed record EscalationSummary(int Candidates, int Warnings, int Breaches, int Mails)
{
    public static readonly EscalationSummary None = new(0, 0, 0, 0);
    public EscalationSummary Plus(EscalationSummary o) => new(Candidates + o.Candidates, Warnings + o.Warnings, Breaches + o.Breaches, Mails + o.Mails);
}

/// <summary>
/// The SLA escalation job's work. Candidates are selected in one query by the warning and due instants stored on the
/// requests (see <see cref="TicketClocks.RecomputeAsync"/>), then each candidate's clocks are read. At 80% of a target the
/// assignee is warned; at breach the request is marked breached and the account's account manager and the supplier admins
/// are told. Each alert is a row inserted first (its key is request, target and kind) in the same transaction as its
/// e-mails: a second run, or two runs at once, find the row there and send nothing.
/// Also closes requests resolved more than seven days ago.
/// </summary>
public sealed class SlaEscalation(ConnectionFactory db, SlaSql sql, TicketClocks clocks, MailOutbox mail, ReplenishmentOptions links, TimeProvider clock)
{
    public const int BatchSize = 200;
    public static readonly TimeSpan CloseAfter = TimeSpan.FromDays(7);

    private sealed class FactsRow
    {
        public Guid Id { get; init; }
        public string Number { get; init; } = "";
        public string Subject { get; init; } = "";
        public string Priority { get; init; } = "";
        public Guid AccountId { get; init; }
        public string AccountName { get; init; } = "";
        public string QueueName { get; init; } = "";
        public string? AssigneeEmail { get; init; }
        public bool AssigneeDisabled { get; init; }
        public string? AccountManagerEmail { get; init; }
        public bool AccountManagerDisabled { get; init; }
    }

    public async Task<EscalationSummary> RunAsync(CancellationToken ct = default)
    {
        var summary = EscalationSummary.None;
        var seen = new HashSet<Guid>();
        await using var c = await db.OpenAsync(ct);
        var calendar = await clocks.CalendarAsync(c, null, ct);
        while (true)
        {
            var ids = (await c.QueryAsync<Guid>(new CommandDefinition(sql.EscalationCandidates,
                new { Now = clock.GetUtcNow(), Skip = 0, Take = BatchSize }, cancellationToken: ct))).Where(seen.Add).ToList();
            if (ids.Count == 0) return summary;
            foreach (var id in ids)
            {
                ct.ThrowIfCancellationRequested();
                summary = summary.Plus(await EscalateAsync(c, id, calendar, ct) with { Candidates = 1 });
            }
        }
    }

    /// <summary>Warns and escalates one request as its clocks stand now; safe to call from several runs at once.</summary>
    public async Task<EscalationSummary> EscalateAsync(Guid ticketId, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        return await EscalateAsync(c, ticketId, await clocks.CalendarAsync(c, null, ct), ct);
    }

    private async Task<EscalationSummary> EscalateAsync(DbConnection c, Guid ticketId, BusinessCalendar calendar, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var mails = new List<Guid>();
        int warnings = 0, breaches = 0;
        await using (var tx = await db.BeginWriteAsync(c, ct))
        {
            // recomputing stores the breach marks and fresh due and warning instants, and reads the clocks
            var readings = await clocks.RecomputeAsync(c, tx, ticketId, calendar, ct);
            var facts = await c.QuerySingleOrDefaultAsync<FactsRow>(new CommandDefinition(sql.AlertFacts, new { TicketId = ticketId }, tx, cancellationToken: ct));
            if (readings is null || facts is null) return EscalationSummary.None;
            List<string>? admins = null, agents = null;
            foreach (var reading in new[] { readings.FirstResponse, readings.Resolution })
            {
                if (reading.Stopped) continue;
                if (reading.Breached)
                {
                    // the warning is moot once the target has passed: recorded (unsent) so the request is not picked again for it
                    await InsertAlertAsync(c, tx, ticketId, reading.Target, SlaAlertKind.Warning, now, ct);
                    if (!await InsertAlertAsync(c, tx, ticketId, reading.Target, SlaAlertKind.Breach, now, ct)) continue;
                    breaches++;
                    admins ??= (await c.QueryAsync<string>(new CommandDefinition(sql.StaffEmails, new { Role = Roles.SupplierAdmin }, tx, cancellationToken: ct))).ToList();
                    var to = new List<string>(admins);
                    if (facts is { AccountManagerDisabled: false, AccountManagerEmail: { Length: > 0 } am }) to.Insert(0, am);
                    foreach (var address in to.Distinct(StringComparer.OrdinalIgnoreCase))
                        mails.Add(await mail.QueueAsync(c, tx, address,
                            $"SLA breached: {SlaTarget.Label(reading.Target).ToLowerInvariant()} of {facts.Number} for {facts.AccountName}",
                            BreachBody(facts, reading, calendar), ct));
                }
                else if (reading.Fraction >= TicketClocks.WarnAtFraction)
                {
                    if (!await InsertAlertAsync(c, tx, ticketId, reading.Target, SlaAlertKind.Warning, now, ct)) continue;
                    warnings++;
                    // the assignee; a request nobody has (or whose assignee has left) warns the desk's agents, so one takes it
                    var subject = $"{facts.Number}: {SlaTarget.Label(reading.Target).ToLowerInvariant()} due {Due(reading, calendar)}";
                    if (facts is { AssigneeDisabled: false, AssigneeEmail: { Length: > 0 } assignee })
                        mails.Add(await mail.QueueAsync(c, tx, assignee, subject, WarningBody(facts, reading, calendar), ct));
                    else
                    {
                        agents ??= (await c.QueryAsync<string>(new CommandDefinition(sql.StaffEmails, new { Role = Roles.DeskAgent }, tx, cancellationToken: ct))).ToList();
                        foreach (var agent in agents)
                            mails.Add(await mail.QueueAsync(c, tx, agent, subject + " (unassigned)", WarningBody(facts, reading, calendar), ct));
                    }
                }
            }
            await tx.CommitAsync(ct);
        }
        if (mails.Count > 0) mail.Wake(mails[0]);
        return new EscalationSummary(0, warnings, breaches, mails.Count);
    }

    private async Task<bool> InsertAlertAsync(DbConnection c, DbTransaction tx, Guid ticketId, string target, string kind, DateTimeOffset now, CancellationToken ct) =>
        await c.ExecuteAsync(new CommandDefinition(sql.InsertAlert, new { TicketId = ticketId, Target = target, Kind = kind, AtUtc = now }, tx, cancellationToken: ct)) == 1;

    private static string Due(SlaReading reading, BusinessCalendar calendar) => reading.DueUtc is { } due
        ? $"{TimeZoneInfo.ConvertTime(due, calendar.Zone):ddd d MMM HH:mm} ({calendar.Zone.Id})"
        : "when the clock runs again";

    private static string Left(TimeSpan span) => span < TimeSpan.Zero
        ? $"{SlaPolicy.Duration((int)Math.Ceiling(-span.TotalMinutes))} over"
        : $"{SlaPolicy.Duration((int)Math.Ceiling(span.TotalMinutes))} left";

    private string WarningBody(FactsRow facts, SlaReading reading, BusinessCalendar calendar) => $"""
        <p>Request <strong>{WebUtility.HtmlEncode(facts.Number)}</strong> from {WebUtility.HtmlEncode(facts.AccountName)}
        ({WebUtility.HtmlEncode(facts.QueueName)}, {WebUtility.HtmlEncode(facts.Priority)}): {WebUtility.HtmlEncode(facts.Subject)}</p>
        <p>Its {SlaTarget.Label(reading.Target).ToLowerInvariant()} target has {WebUtility.HtmlEncode(Left(reading.Left))} of business time
        and is due {WebUtility.HtmlEncode(Due(reading, calendar))}.</p>
        <p><a href="{WebUtility.HtmlEncode(ServiceLinks.DeskRequest(links.PublicUrl, facts.Number))}">Open the request</a></p>
        """;

    private string BreachBody(FactsRow facts, SlaReading reading, BusinessCalendar calendar) => $"""
        <p>Request <strong>{WebUtility.HtmlEncode(facts.Number)}</strong> from {WebUtility.HtmlEncode(facts.AccountName)}
        ({WebUtility.HtmlEncode(facts.QueueName)}, {WebUtility.HtmlEncode(facts.Priority)}): {WebUtility.HtmlEncode(facts.Subject)}</p>
        <p>Its {SlaTarget.Label(reading.Target).ToLowerInvariant()} target of {WebUtility.HtmlEncode(SlaPolicy.Duration((int)reading.Allowed.TotalMinutes))}
        business time passed {WebUtility.HtmlEncode(Due(reading, calendar))}; it is marked breached.</p>
        <p><a href="{WebUtility.HtmlEncode(ServiceLinks.DeskRequest(links.PublicUrl, facts.Number))}">Open the request</a></p>
        """;

    /// <summary>Closes every request resolved at least seven days ago and not reopened since; returns how many it closed.</summary>
    public async Task<int> AutoCloseAsync(CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        var cutoff = now - CloseAfter;
        var closed = 0;
        await using var c = await db.OpenAsync(ct);
        var calendar = await clocks.CalendarAsync(c, null, ct);
        var seen = new HashSet<Guid>();
        while (true)
        {
            var ids = (await c.QueryAsync<Guid>(new CommandDefinition(sql.ResolvedBefore, new { Cutoff = cutoff, Skip = 0, Take = BatchSize }, cancellationToken: ct)))
                .Where(seen.Add).ToList();
            if (ids.Count == 0) return closed;
            foreach (var id in ids)
            {
                await using var tx = await db.BeginWriteAsync(c, ct);
                // the guarded update decides: a request reopened, or closed by another run, meanwhile is left alone
                if (await c.ExecuteAsync(new CommandDefinition(sql.Close, new { TicketId = id, Now = now, Cutoff = cutoff }, tx, cancellationToken: ct)) == 0) continue;
                await c.ExecuteAsync(new CommandDefinition(sql.InsertStatusChange, new
                {
                    Id = Guid.NewGuid(), TicketId = id, FromStatus = TicketStatus.Resolved, ToStatus = TicketStatus.Closed, ChangedByUserId = (Guid?)null, AtUtc = now,
                }, tx, cancellationToken: ct));
                await clocks.RecomputeAsync(c, tx, id, calendar, ct);
                await tx.CommitAsync(ct);
                closed++;
            }
        }
    }
}
