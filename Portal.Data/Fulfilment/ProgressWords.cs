using Portal.Data.Ordering;

namespace Portal.Data.Fulfilment;

/// <summary>
/// How the customer's order page puts an order's progress into plain words: quantities no promise covers ("2 not promised
/// yet: the supplier has not confirmed them", "2 will not be supplied" once the order is finished) and short deliveries
/// ("7 of 8 delivered, 1 short"). Plain rules on <see cref="OrderProgress"/>, so the page, the desk and tests agree.
/// </summary>
public static class ProgressWords
{
    /// <summary>Statuses after which nothing more is shipped on the order.</summary>
    public static bool IsFinished(string? orderStatus) =>
        orderStatus is OrderStatus.Delivered or OrderStatus.Closed or OrderStatus.Cancelled or OrderStatus.Rejected;

    /// <summary>How much of the line neither the promise in force nor what was shipped covers.</summary>
    public static int NeverPromised(LineProgress line) => Math.Max(0, line.Line.Quantity - Math.Max(line.Promise?.Quantity ?? 0, line.Shipped));

    /// <summary>"2 not promised yet: the supplier has not confirmed them" while the order is open; "2 will not be supplied" once it is finished; null when all is promised.</summary>
    public static string? Unpromised(LineProgress line, string? orderStatus)
    {
        var n = NeverPromised(line);
        if (n == 0) return null;
        return IsFinished(orderStatus)
            ? $"{n} will not be supplied"
            : $"{n} not promised yet: the supplier has not confirmed {(n == 1 ? "it" : "them")}";
    }

    /// <summary>How many of the line are in shipments whose delivery is recorded, and how many of those arrived.</summary>
    public static (int Sent, int Arrived, int OnTheWay) Arrivals(LineProgress line, IReadOnlyList<ShipmentView> shipments)
    {
        var n = line.Line.LineNumber;
        var arrived = shipments.Where(s => s.DeliveredDate is not null).ToList();
        return (arrived.Sum(s => s.Lines.GetValueOrDefault(n)), arrived.Sum(s => s.Delivered.GetValueOrDefault(n)),
            shipments.Where(s => s.DeliveredDate is null).Sum(s => s.Lines.GetValueOrDefault(n)));
    }

    /// <summary>"7 of 8 delivered, 1 short" when less arrived than was sent; null when nothing is short.</summary>
    public static string? Short(int sent, int arrived) => arrived < sent ? $"{arrived} of {sent} delivered, {sent - arrived} short" : null;

    /// <summary>The short lines of one delivered shipment, e.g. "line 1 (Heart T-Light Holder): 4 of 6 delivered, 2 short".</summary>
    public static IReadOnlyList<string> ShortLines(ShipmentView shipment, IReadOnlyList<LineProgress> lines)
    {
        if (shipment.DeliveredDate is null) return [];
        return shipment.Lines.OrderBy(l => l.Key)
            .Select(l => (l.Key, Words: Short(l.Value, shipment.Delivered.GetValueOrDefault(l.Key))))
            .Where(x => x.Words is not null)
            .Select(x => $"line {x.Key}{Name(x.Key, lines)}: {x.Words}")
            .ToList();
    }

    /// <summary>" (Product name)" of a line number, or nothing when the line is unknown.</summary>
    public static string Name(int lineNumber, IReadOnlyList<LineProgress> lines) =>
        lines.FirstOrDefault(l => l.Line.LineNumber == lineNumber) is { } l && l.Line.Name.Length > 0 ? $" ({l.Line.Name})" : "";
}
