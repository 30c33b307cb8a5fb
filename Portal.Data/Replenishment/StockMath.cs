namespace Portal.Data.Replenishment;

/// <summary>
/// The arithmetic of min/max stock rules, shared by the pages, the API and the replenishment run so that what the page says
/// the next run will order is what it orders.
/// </summary>
public static class StockMath
{
    /// <summary>The most a count may say is on the shelf: anything above is a typing slip, not stock.</summary>
    public const int MaxOnHand = 1_000_000;
    /// <summary>The highest order-up-to level: one order line may hold at most this many.</summary>
    public const int MaxLevel = Portal.Data.Catalog.QuantityRules.MaxPerLine;
    /// <summary>How far back the usage between counts is read for the estimate.</summary>
    public const int UsageDays = 180;

    /// <summary>
    /// maximum − on hand − pipeline (on order and delivered since the count), rounded up to whole packs and at least the
    /// minimum order quantity; 0 when that is nothing.
    /// </summary>
    public static int OrderQuantity(int maxLevel, int onHand, int pipeline, int packSize, int minQuantity)
    {
        var net = (long)maxLevel - onHand - pipeline;
        if (net <= 0) return 0;
        var pack = Math.Max(1, packSize);
        var quantity = (net + pack - 1) / pack * pack;
        if (quantity < minQuantity) quantity = ((long)minQuantity + pack - 1) / pack * pack;
        return (int)Math.Min(quantity, int.MaxValue);
    }

    /// <summary>What the next run will order for this rule, with the reason in words.</summary>
    public static NextRun Next(StockLevel l)
    {
        if (l.CountedOnHand is not { } counted) return new(0, "Nothing: no count yet.");
        if (!l.IsActive) return new(0, $"Nothing: {l.Sku} is no longer sold.");
        if (counted > l.MinLevel) return new(0, $"Nothing: the last count ({counted}) is above the minimum ({l.MinLevel}).");
        if (l.CountOrderOutcome is { } outcome)
            return outcome switch
            {
                StockOrderOutcome.Placed => new(0, $"Nothing more: this count was ordered on {l.CountOrderNumber}. Record a new count to order again."),
                StockOrderOutcome.Claimed => new(0, "Nothing more: the order for this count is being placed now."),
                _ => new(0, $"Nothing: the order for this count could not be placed ({l.CountOrderReason}). Record a new count to try again."),
            };
        var quantity = OrderQuantity(l.MaxLevel, counted, l.Pipeline, l.PackSize, l.MinQuantity);
        if (quantity == 0)
            return new(0, $"Nothing: {counted} counted and {l.Pipeline} on order or delivered since already reach the maximum ({l.MaxLevel}).");
        var net = l.MaxLevel - counted - l.Pipeline;
        var pack = Math.Max(1, l.PackSize);
        var packed = (net + pack - 1) / pack * pack;
        var note = quantity == net ? ""
            : quantity == packed ? $", rounded up to whole packs of {pack}"
            : $", raised to the minimum order of {l.MinQuantity}{(pack > 1 ? $" in packs of {pack}" : "")}";
        return new(quantity, $"{quantity} {l.Unit}: maximum {l.MaxLevel} − {counted} counted − {l.Pipeline} on order{note}.");
    }

    /// <summary>
    /// On hand now, estimated from the latest count plus deliveries since, less the usage per day seen between earlier
    /// counts (each pair: the first count plus what was delivered between, less the second count); and the local date the
    /// minimum will be reached at that rate. Unknown (null) with fewer than two counts a while apart.
    /// </summary>
    public static StockEstimate Estimate(IReadOnlyList<(DateTimeOffset At, int OnHand)> counts, IReadOnlyList<(DateTimeOffset At, int Quantity)> deliveries,
        int minLevel, DateTimeOffset now, TimeZoneInfo zone)
    {
        if (counts.Count == 0) return new(null, null, null, false);
        var ordered = counts.OrderBy(c => c.At).ToList();
        int DeliveredBetween(DateTimeOffset from, DateTimeOffset to) => deliveries.Where(d => d.At > from && d.At <= to).Sum(d => d.Quantity);
        double used = 0, days = 0;
        for (var i = 1; i < ordered.Count; i++)
        {
            var (a, b) = (ordered[i - 1], ordered[i]);
            var span = (b.At - a.At).TotalDays;
            if (span <= 0) continue;
            used += Math.Max(0, a.OnHand + DeliveredBetween(a.At, b.At) - b.OnHand);
            days += span;
        }
        var last = ordered[^1];
        var sinceLast = last.OnHand + DeliveredBetween(last.At, now);
        if (days < 1.0 / 24 || used <= 0)
            return new(sinceLast, days < 1.0 / 24 ? null : 0, null, sinceLast <= minLevel);
        var rate = used / days;
        var estimate = Math.Max(0, sinceLast - rate * (now - last.At).TotalDays);
        var whenUtc = last.At + TimeSpan.FromDays(Math.Max(0, (sinceLast - minLevel) / rate));
        var local = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(whenUtc, zone).DateTime);
        return new((int)Math.Floor(estimate), rate, local, estimate <= minLevel);
    }
}
