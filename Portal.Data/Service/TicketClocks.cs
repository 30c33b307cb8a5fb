using System.Data.Common;

namespace Portal.Data.Service;

/// <summary>The two SLA clocks of a request as they stand.</summary>
public sealed record TicketClockReadings(SlaReading FirstResponse, SlaReading Resolution);

/// <summary>
/// Loads the supplier's calendar and SLA policies and reads a request's clocks from its status changes. Every write that
/// changes what a clock depends on (creation, status, priority, queue, first public reply, resolution) calls
/// <see cref="RecomputeAsync"/> in its transaction, so the stored due instants that queues sort by stay true; the
/// escalation job reads the clocks the same way.
/// </summary>
public sealed class TicketClocks(ConnectionFactory db, ServiceSql sql, TimeProvider time)
{
    // rows as property bags: Dapper maps SQLite's integers and text through its type handlers only into properties
    private sealed class ClockFactsRow
    {
        public Guid Id { get; init; }
        public Guid QueueId { get; init; }
        public string Priority { get; init; } = "";
        public string Status { get; init; } = "";
        public DateTimeOffset CreatedUtc { get; init; }
        public DateTimeOffset? FirstRespondedUtc { get; init; }
        public DateTimeOffset? ResolvedUtc { get; init; }
    }
    private sealed class HoursRow { public int Weekday { get; init; } public int OpensMinute { get; init; } public int ClosesMinute { get; init; } }
    private sealed class StatusRow { public DateTimeOffset AtUtc { get; init; } public string Status { get; init; } = ""; }
    private sealed class PolicyRow { public int FirstResponseMinutes { get; init; } public int ResolutionMinutes { get; init; } }

    public async Task<BusinessCalendar> CalendarAsync(CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        return await CalendarAsync(c, null, ct);
    }

    public async Task<BusinessCalendar> CalendarAsync(DbConnection c, DbTransaction? tx, CancellationToken ct = default)
    {
        var zone = await c.QuerySingleOrDefaultAsync<string>(new CommandDefinition(sql.CalendarZone, transaction: tx, cancellationToken: ct)) ?? "UTC";
        var hours = await c.QueryAsync<HoursRow>(new CommandDefinition(sql.BusinessHours, transaction: tx, cancellationToken: ct));
        var holidays = await c.QueryAsync<DateOnly>(new CommandDefinition(sql.Holidays, transaction: tx, cancellationToken: ct));
        return new BusinessCalendar(TimeZoneInfo.FindSystemTimeZoneById(zone),
            hours.Select(h => ((DayOfWeek)h.Weekday, TimeOnly.FromTimeSpan(TimeSpan.FromMinutes(h.OpensMinute)),
                h.ClosesMinute >= 1440 ? TimeOnly.MinValue : TimeOnly.FromTimeSpan(TimeSpan.FromMinutes(h.ClosesMinute)))),
            holidays);
    }

    /// <summary>First-response and resolution targets for a priority in a queue.</summary>
    public async Task<(TimeSpan FirstResponse, TimeSpan Resolution)> TargetsAsync(DbConnection c, DbTransaction? tx, string priority, Guid? queueId, CancellationToken ct = default)
    {
        var row = await c.QuerySingleOrDefaultAsync<PolicyRow>(new CommandDefinition(sql.PolicyFor,
            new { Priority = priority, QueueId = queueId, Skip = 0, Take = 1 }, tx, cancellationToken: ct));
        return row is { } r
            ? (TimeSpan.FromMinutes(r.FirstResponseMinutes), TimeSpan.FromMinutes(r.ResolutionMinutes))
            : throw new InvalidOperationException($"No SLA policy for priority {priority}.");
    }

    /// <summary>A request's clocks now (null when there is no such request).</summary>
    public async Task<TicketClockReadings?> ReadAsync(DbConnection c, DbTransaction? tx, Guid ticketId, BusinessCalendar? calendar = null, CancellationToken ct = default)
    {
        var facts = await c.QuerySingleOrDefaultAsync<ClockFactsRow>(new CommandDefinition(sql.ClockFacts, new { TicketId = ticketId }, tx, cancellationToken: ct));
        if (facts is null) return null;
        calendar ??= await CalendarAsync(c, tx, ct);
        var (firstResponse, resolution) = await TargetsAsync(c, tx, facts.Priority, facts.QueueId, ct);
        var changes = (await c.QueryAsync<StatusRow>(new CommandDefinition(sql.StatusChanges, new { TicketId = ticketId }, tx, cancellationToken: ct)))
            .Select(r => new StatusChange(r.AtUtc, r.Status)).ToList();
        var now = time.GetUtcNow();
        var firstStop = facts.FirstRespondedUtc ?? facts.ResolvedUtc;
        return new TicketClockReadings(
            SlaClock.Read(calendar, SlaTarget.FirstResponse, firstResponse, facts.CreatedUtc, changes, firstStop, now),
            SlaClock.Read(calendar, SlaTarget.Resolution, resolution, facts.CreatedUtc, changes,
                TicketStatus.IsOpen(facts.Status) ? null : facts.ResolvedUtc, now));
    }

    /// <summary>The share of a target at which the assignee is warned.</summary>
    public const double WarnAtFraction = 0.8;

    /// <summary>
    /// When a clock reaches <see cref="WarnAtFraction"/> of its target: already passed (the reading's last change is as good as
    /// any instant before now), or, while it runs, that much business time on from now; null while it stands still below it.
    /// </summary>
    public DateTimeOffset? WarnAt(BusinessCalendar calendar, SlaReading reading)
    {
        var warnUsed = reading.Allowed * WarnAtFraction;
        if (reading.Used >= warnUsed) return reading.DueUtc is { } due && due < time.GetUtcNow() ? due : time.GetUtcNow();
        return reading.Running ? calendar.AddBusinessTime(time.GetUtcNow(), warnUsed - reading.Used) : null;
    }

    /// <summary>Reads a request's clocks and stores their due instants and breach marks on its row; returns the readings.</summary>
    public async Task<TicketClockReadings?> RecomputeAsync(DbConnection c, DbTransaction? tx, Guid ticketId, BusinessCalendar? calendar = null, CancellationToken ct = default)
    {
        calendar ??= await CalendarAsync(c, tx, ct);
        var readings = await ReadAsync(c, tx, ticketId, calendar, ct);
        if (readings is null) return null;
        await c.ExecuteAsync(new CommandDefinition(sql.StoreClocks, new
        {
            TicketId = ticketId,
            FirstResponseDueUtc = readings.FirstResponse.Stopped ? null : readings.FirstResponse.DueUtc,
            ResolutionDueUtc = readings.Resolution.Stopped ? null : readings.Resolution.DueUtc,
            FirstResponseWarnUtc = readings.FirstResponse.Stopped ? null : WarnAt(calendar, readings.FirstResponse),
            ResolutionWarnUtc = readings.Resolution.Stopped ? null : WarnAt(calendar, readings.Resolution),
            FirstResponseBreached = readings.FirstResponse.Breached ? 1 : 0,
            ResolutionBreached = readings.Resolution.Breached ? 1 : 0,
        }, tx, cancellationToken: ct));
        return readings;
    }
}
