namespace Portal.Data.Service;

/// <summary>A request's status from an instant on (its TicketStatusChanges rows, in order).</summary>
public sealed record StatusChange(DateTimeOffset AtUtc, string Status);

/// <summary>Where one SLA target of a request stands at an instant.</summary>
/// <param name="Allowed">The target, in business time.</param>
/// <param name="Used">Business time the clock has run so far.</param>
/// <param name="DueUtc">When the target passes (passed): null while the clock is stopped before reaching it.</param>
/// <param name="Running">Whether the clock runs now (not waiting on the customer, not answered or resolved).</param>
/// <param name="Stopped">Whether the target's event happened (first public reply; resolution).</param>
public sealed record SlaReading(string Target, TimeSpan Allowed, TimeSpan Used, DateTimeOffset? DueUtc, bool Running, bool Stopped)
{
    /// <summary>Business time left (negative: time over).</summary>
    public TimeSpan Left => Allowed - Used;
    public bool Breached => Used > Allowed;
    /// <summary>Share of the target used (1.0 = due now).</summary>
    public double Fraction => Allowed <= TimeSpan.Zero ? 1 : Used / Allowed;
    /// <summary>Stopped within the target.</summary>
    public bool Met => Stopped && !Breached;
}

/// <summary>
/// SLA clocks in business hours. A clock runs from the request's creation while its status lets it run
/// (<see cref="TicketStatus.ClockRuns"/>: not while waiting on the customer, not once resolved or closed) and only in the
/// calendar's working time; the first-response clock stops at the desk's first public reply, the resolution clock at
/// resolution (a reopened request's clock runs on from where it stopped).
/// </summary>
public static class SlaClock
{
    public static SlaReading Read(BusinessCalendar calendar, string target, TimeSpan allowed, DateTimeOffset createdUtc,
        IReadOnlyList<StatusChange> changes, DateTimeOffset? stoppedUtc, DateTimeOffset nowUtc)
    {
        var ordered = changes.Where(c => c.AtUtc >= createdUtc).OrderBy(c => c.AtUtc).ToList();
        if (ordered.Count == 0 || ordered[0].AtUtc > createdUtc) ordered.Insert(0, new StatusChange(createdUtc, TicketStatus.New));
        var end = stoppedUtc is { } s && s < nowUtc ? s : nowUtc;

        var intervals = new List<(DateTimeOffset From, DateTimeOffset To)>();
        for (var i = 0; i < ordered.Count; i++)
        {
            var from = ordered[i].AtUtc;
            if (from >= end) break;
            var to = i + 1 < ordered.Count && ordered[i + 1].AtUtc < end ? ordered[i + 1].AtUtc : end;
            if (TicketStatus.ClockRuns(ordered[i].Status) && to > from) intervals.Add((from, to));
        }

        var used = TimeSpan.Zero;
        DateTimeOffset? due = null;
        foreach (var (from, to) in intervals)
        {
            var span = calendar.BusinessTimeBetween(from, to);
            if (due is null && used + span > allowed) due = calendar.AddBusinessTime(from, allowed - used);
            used += span;
        }

        var stopped = stoppedUtc is { } st && st <= nowUtc;
        var running = !stopped && TicketStatus.ClockRuns(ordered[^1].Status) && ordered[^1].AtUtc <= nowUtc;
        if (due is null && running) due = calendar.AddBusinessTime(nowUtc, allowed - used);
        return new SlaReading(target, allowed, used, due, running, stopped);
    }
}
