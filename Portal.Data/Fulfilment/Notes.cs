using System.Text;

namespace Portal.Data.Fulfilment;

/// <summary>
/// Generated listings (status event notes) fit the column they are stored in (limits in TextLimits): SQL Server refuses a value
/// longer than the column (SQLite stores it anyway), so a shipment of a large order must not fail for its note.
/// </summary>
public static class Notes
{
    /// <summary>
    /// The lead-in and as many items as fit in <paramref name="max"/> characters, then "and N more lines." for the rest
    /// (the order page shows every line).
    /// </summary>
    public static string Listing(string leadIn, IReadOnlyList<string> items, string noun, int max = TextLimits.OrderEvents.Note)
    {
        var text = new StringBuilder(leadIn);
        for (var i = 0; i < items.Count; i++)
        {
            var rest = items.Count - i - 1;
            var tail = rest == 0 ? "." : $", and {rest} more {noun}{(rest == 1 ? "" : "s")}.";
            // this item must leave room for the tail that would follow it (the worst case: every later item left out)
            if (text.Length + (i == 0 ? 0 : 2) + items[i].Length + tail.Length > max)
            {
                var left = items.Count - i;
                return TextLimits.Cut(text.Append(i == 0 ? "" : ",").Append($" and {left} more {noun}{(left == 1 ? "" : "s")}.").ToString(), max);
            }
            text.Append(i == 0 ? "" : ", ").Append(items[i]);
        }
        return TextLimits.Cut(text.Append('.').ToString(), max);
    }
}
