namespace Portal.Data.Reliability;

/// <summary>One promise of a line, as the ledger holds it (never changed once written).</summary>
public readonly record struct LedgerPromise(DateOnly Date, int Quantity, string Kind, string? ReasonCode, DateTimeOffset AtUtc);

/// <summary>What arrived of a line on one day (a delivery record's line).</summary>
public readonly record struct LedgerDelivery(DateOnly Date, int Quantity);

/// <summary>
/// Everything the figures of one order line stand on: what was ordered and requested, the promises in the order they
/// were made, the deliveries, and whether the order is finished (nothing more will be shipped on it).
/// </summary>
public readonly record struct LineLedger(int Ordered, DateOnly RequestedDate, IReadOnlyList<LedgerPromise> Promises, IReadOnlyList<LedgerDelivery> Deliveries, bool OrderFinished);

/// <summary>The figures of one line that counts (a value: the nightly refresh measures a million lines without an object each).</summary>
public readonly record struct LineFigures
{
    public int Ordered { get; init; }
    /// <summary>Everything that arrived, at most the ordered quantity (the fill rate's numerator).</summary>
    public int Delivered { get; init; }
    public DateOnly RequestedDate { get; init; }
    public DateOnly FirstDate { get; init; }
    public int FirstQuantity { get; init; }
    public DateOnly LastDate { get; init; }
    public int LastQuantity { get; init; }
    /// <summary>The day the quantity in force had all arrived; null while it has not.</summary>
    public DateOnly? CompletedDate { get; init; }
    /// <summary>The day the line counts on (its week and month): completed, else the promised date in force that passed.</summary>
    public DateOnly CountedOn { get; init; }
    /// <summary>The first promise's quantity had arrived by the first promised date (the supplier's own word).</summary>
    public bool OnTimeFirst { get; init; }
    /// <summary>The ordered quantity had arrived by the customer's requested date.</summary>
    public bool OnTimeRequested { get; init; }
    /// <summary>The quantity in force had arrived by the promised date in force.</summary>
    public bool OnTimeLast { get; init; }
    /// <summary>Days after the first promised date that the line was still waiting (0: not late).</summary>
    public int DaysLate { get; init; }
    public bool IsLate => DaysLate > 0;
    /// <summary>Less arrived than was ordered.</summary>
    public bool IsShort { get; init; }
    /// <summary>Late, and the customer was told in advance: a later date was promised before the first promised date.</summary>
    public bool Warned { get; init; }
    /// <summary>The reason of the last re-promise, if the line was re-promised.</summary>
    public string? ReasonCode { get; init; }
}

/// <summary>
/// On time and in full, days late and fill rate of one order line, from its promise ledger and deliveries. Plain rules, so
/// the nightly roll-up, the per-delivery refresh and the tests agree:
/// <list type="bullet">
/// <item>A line counts when the quantity of the promise in force has all arrived, or that promise's date has passed
/// (before today, in the account's zone). A line never promised does not count.</item>
/// <item>On time in full against a promise (first or in force) or the requested date: by that date, at least that
/// promise's quantity (the ordered quantity for the requested date) had arrived.</item>
/// <item>Days late: calendar days from the first promised date to the day the quantity in force had all arrived (still
/// waiting: to today; a finished order that will get no more: to its last delivery).</item>
/// <item>Short: less arrived than was ordered, once something arrived or the order is finished (nothing at all yet is late, not short). Warned: late, and a re-promise to a later date was made before the first
/// promised date (the "no surprises" figure).</item>
/// </list>
/// </summary>
public static class LineReliability
{
    public static LineFigures? Measure(LineLedger line, DateOnly today)
    {
        // written as plain loops: the nightly refresh measures a million lines
        var promises = line.Promises;
        if (promises.Count == 0) return null;
        var first = promises[0];
        var last = promises[^1];
        var arrivals = Arrivals(line.Deliveries);
        int ArrivedBy(DateOnly date)
        {
            var sum = 0;
            for (var i = 0; i < arrivals.Count && arrivals[i].Date <= date; i++) sum += arrivals[i].Quantity;
            return sum;
        }

        DateOnly? completed = null;
        var total = 0;
        foreach (var d in arrivals)
        {
            total += d.Quantity;
            if (completed is null && total >= last.Quantity) completed = d.Date;
        }
        if (completed is null && last.Date >= today) return null;

        var waitedUntil = completed
            ?? (line.OrderFinished ? (arrivals.Count > 0 ? arrivals[^1].Date : first.Date) : today);
        var daysLate = Math.Max(0, waitedUntil.DayNumber - first.Date.DayNumber);
        var warned = false;
        for (var i = 1; i < promises.Count && daysLate > 0 && !warned; i++)
            warned = promises[i].Date > first.Date && DateOnly.FromDateTime(promises[i].AtUtc.UtcDateTime) < first.Date;
        string? reason = null;
        for (var i = promises.Count - 1; i >= 0 && reason is null; i--) reason = promises[i].ReasonCode;
        return new LineFigures
        {
            Ordered = line.Ordered,
            Delivered = Math.Min(total, line.Ordered),
            RequestedDate = line.RequestedDate,
            FirstDate = first.Date,
            FirstQuantity = first.Quantity,
            LastDate = last.Date,
            LastQuantity = last.Quantity,
            CompletedDate = completed,
            CountedOn = completed ?? last.Date,
            OnTimeFirst = ArrivedBy(first.Date) >= first.Quantity,
            OnTimeRequested = ArrivedBy(line.RequestedDate) >= line.Ordered,
            OnTimeLast = ArrivedBy(last.Date) >= last.Quantity,
            DaysLate = daysLate,
            IsShort = total < line.Ordered && (completed is not null || line.OrderFinished || total > 0),
            Warned = warned,
            ReasonCode = reason,
        };
    }

    /// <summary>What arrived (nothing-quantities left out), in date order; most lines have one delivery, already in order.</summary>
    private static IReadOnlyList<LedgerDelivery> Arrivals(IReadOnlyList<LedgerDelivery> deliveries)
    {
        for (var i = 0; i < deliveries.Count; i++)
            if (deliveries[i].Quantity <= 0 || (i > 0 && deliveries[i].Date < deliveries[i - 1].Date))
                return deliveries.Where(d => d.Quantity > 0).OrderBy(d => d.Date).ToList();
        return deliveries;
    }

    /// <summary>The Monday of the date's week.</summary>
    public static DateOnly WeekStart(DateOnly date) => date.AddDays(-(((int)date.DayOfWeek + 6) % 7));

    public static DateOnly MonthStart(DateOnly date) => new(date.Year, date.Month, 1);
}
