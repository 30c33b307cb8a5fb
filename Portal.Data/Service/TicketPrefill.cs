using System.Globalization;
using Portal.Data.Fulfilment;

namespace Portal.Data.Service;

/// <summary>What went wrong with one line of an order, as the order page offers it: late or short, and how many.</summary>
public sealed record LineProblem(int LineNumber, string ClaimType, int Quantity);

/// <summary>
/// "Report a problem" from the order page: which lines were delivered short (less arrived than was sent, or the order is
/// finished with less delivered than ordered) or late (a delivery after the date first promised for the line), and the
/// facts a request about them starts with: ordered, promised (with re-promise reasons from the promise ledger) and
/// delivered quantities and dates. Plain rules over <see cref="OrderProgress"/>.
/// </summary>
public static class TicketPrefill
{
    public static LineProblem? Problem(LineProgress line, IReadOnlyList<ShipmentView> shipments, string? orderStatus)
    {
        var n = line.Line.LineNumber;
        var (sent, arrived, _) = ProgressWords.Arrivals(line, shipments);
        if (arrived < sent) return new LineProblem(n, ClaimType.Short, sent - arrived);
        if (ProgressWords.IsFinished(orderStatus) && orderStatus != Ordering.OrderStatus.Cancelled && orderStatus != Ordering.OrderStatus.Rejected
            && line.Delivered < line.Line.Quantity && line.Delivered > 0)
            return new LineProblem(n, ClaimType.Short, line.Line.Quantity - line.Delivered);
        if (line.History.FirstOrDefault() is { } first
            && shipments.Any(s => s.DeliveredDate is { } d && d > first.PromisedDate && s.Delivered.GetValueOrDefault(n) > 0))
            return new LineProblem(n, ClaimType.Late, shipments.Where(s => s.DeliveredDate is { } d && d > first.PromisedDate).Sum(s => s.Delivered.GetValueOrDefault(n)));
        return null;
    }

    /// <summary>The line's facts in one sentence, e.g. "Line 2 (Mug): ordered 24; promised 24 by Tue 3 Mar 2026, re-promised (Supplier stock-out) 24 by …; delivered 20 on …".</summary>
    public static string Facts(LineProgress line, IReadOnlyList<ShipmentView> shipments, Func<DateOnly, string> date)
    {
        var n = line.Line.LineNumber;
        var parts = new List<string> { string.Create(CultureInfo.InvariantCulture, $"ordered {line.Line.Quantity}") };
        foreach (var (p, i) in line.History.Select((p, i) => (p, i)))
            parts.Add(i == 0
                ? string.Create(CultureInfo.InvariantCulture, $"promised {p.Quantity} by {date(p.PromisedDate)}")
                : string.Create(CultureInfo.InvariantCulture, $"re-promised {p.Quantity} by {date(p.PromisedDate)} ({RepromiseReasons.Label(p.ReasonCode)}{(p.Note is null ? "" : ": " + p.Note)})"));
        foreach (var s in shipments.Where(s => s.Lines.ContainsKey(n)))
            parts.Add(s.DeliveredDate is { } d
                ? string.Create(CultureInfo.InvariantCulture, $"{s.Lines[n]} sent, {s.Delivered.GetValueOrDefault(n)} delivered on {date(d)}")
                : string.Create(CultureInfo.InvariantCulture, $"{s.Lines[n]} sent, not delivered yet"));
        return $"Line {n} ({line.Line.Sku} {line.Line.Name}): {string.Join("; ", parts)}.";
    }
}
