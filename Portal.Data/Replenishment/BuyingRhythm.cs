namespace Portal.Data.Replenishment;

/// <summary>One order of one SKU on one day (same-day orders of a SKU count as one purchase, their quantities added).</summary>
public readonly record struct Purchase(DateOnly Date, string Sku, int Quantity);

/// <summary>A SKU bought regularly: how often (the median gap between the days it was ordered), how much (the median
/// quantity of those days), when last, and the day its rhythm says it is due again.</summary>
public sealed record Rhythm(string Sku, int Orders, int IntervalDays, int UsualQuantity, DateOnly LastOrdered, int DaysSinceLast, DateOnly DueOn, bool IsDue)
{
    /// <summary>"every 3 weeks", "every 5 days", "every 2 months": the interval as a person says it.</summary>
    public string Every => IntervalDays switch
    {
        1 => "every day",
        < 7 => $"every {IntervalDays} days",
        < 11 => "every week",
        < 46 => $"every {(int)Math.Round(IntervalDays / 7.0, MidpointRounding.AwayFromZero)} weeks",
        < 61 => "every month",
        _ => $"every {(int)Math.Round(IntervalDays / 30.44, MidpointRounding.AwayFromZero)} months",
    };

    /// <summary>"today", "yesterday", "25 days ago".</summary>
    public string LastOrderedAgo => DaysSinceLast switch { 0 => "today", 1 => "yesterday", _ => $"{DaysSinceLast} days ago" };

    /// <summary>The whole number of weeks closest to the rhythm (1 to 52), for a weekly schedule made from it.</summary>
    public int Weeks => Math.Clamp((int)Math.Round(IntervalDays / 7.0, MidpointRounding.AwayFromZero), 1, 52);
}

/// <summary>
/// The buying-rhythm rule, a pure function of purchases and a day, used alike by the portal (home page, cart) and the
/// rhythm evaluation in Portal.Benchmarks (which replays a real year of orders): a SKU is regular when it was ordered on
/// at least <see cref="MinOrders"/> different days in the <see cref="LookbackDays"/> up to the day; it is due once
/// <see cref="DueAt"/> of its usual interval has passed since the last order (or will have within <see cref="LeadDays"/>), and no longer once <see cref="StaleAfter"/>
/// intervals have passed (the rhythm is broken: the customer buys it elsewhere or not at all any more).
/// The thresholds were tuned on cut dates up to 2011-06-30 only (see the rhythm-eval command).
/// </summary>
public sealed record RhythmRule(double DueAt = 0.6, double StaleAfter = 6.0, int LeadDays = 14, int MinOrders = 3, int LookbackDays = 365)
{
    public static readonly RhythmRule Default = new();

    /// <summary>Every regular SKU as of the day, due or not, the most overdue first.</summary>
    public IReadOnlyList<Rhythm> Regular(IEnumerable<Purchase> purchases, DateOnly asOf)
    {
        var from = asOf.AddDays(-LookbackDays);
        var result = new List<Rhythm>();
        foreach (var sku in purchases.Where(p => p.Date > from && p.Date <= asOf && p.Quantity > 0).GroupBy(p => p.Sku, StringComparer.OrdinalIgnoreCase))
        {
            var days = sku.GroupBy(p => p.Date).Select(d => (Date: d.Key, Quantity: d.Sum(p => p.Quantity))).OrderBy(d => d.Date).ToList();
            if (days.Count < MinOrders) continue;
            var gaps = new int[days.Count - 1];
            for (var i = 1; i < days.Count; i++) gaps[i - 1] = days[i].Date.DayNumber - days[i - 1].Date.DayNumber;
            var interval = Math.Max(1, Median(gaps));
            var quantity = Math.Max(1, Median(days.Select(d => d.Quantity).ToArray()));
            var last = days[^1].Date;
            var since = asOf.DayNumber - last.DayNumber;
            var dueOn = last.AddDays((int)Math.Ceiling(DueAt * interval));
            result.Add(new Rhythm(sku.First().Sku, days.Count, interval, quantity, last, since, dueOn, IsDue: Says(since, interval)));
        }
        return result.OrderByDescending(r => (double)r.DaysSinceLast / r.IntervalDays).ThenBy(r => r.Sku, StringComparer.Ordinal).ToList();
    }

    /// <summary>Whether an item last ordered <paramref name="daysSinceLast"/> days ago, usually every <paramref name="intervalDays"/>, is due.</summary>
    public bool Says(int daysSinceLast, int intervalDays) => daysSinceLast + LeadDays >= DueAt * intervalDays && daysSinceLast <= StaleAfter * intervalDays;

    /// <summary>The regular SKUs whose rhythm says they are due on the day.</summary>
    public IReadOnlyList<Rhythm> Due(IEnumerable<Purchase> purchases, DateOnly asOf) => Regular(purchases, asOf).Where(r => r.IsDue).ToList();

    /// <summary>The middle value (the lower of the two middle ones for an even count), so one odd order does not move it.</summary>
    private static int Median(int[] values)
    {
        Array.Sort(values);
        return values[(values.Length - 1) / 2];
    }

    /// <summary>The usual quantity made orderable: rounded up to the pack size, at least the minimum order quantity.</summary>
    public static int Orderable(int usual, int packSize, int minQuantity)
    {
        var pack = Math.Max(1, packSize);
        var q = Math.Max(usual, Math.Max(1, minQuantity));
        return (q + pack - 1) / pack * pack;
    }
}
