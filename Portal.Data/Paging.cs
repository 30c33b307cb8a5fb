namespace Portal.Data;

public sealed record Page<T>(IReadOnlyList<T> Items, int Number, int Size, int Total)
{
    public int PageCount => Math.Max(1, (Total + Size - 1) / Size);
    public bool HasPrevious => Number > 1;
    public bool HasNext => Number < PageCount;
}

public static class Paging
{
    /// <summary>
    /// How many rows come before page <paramref name="page"/> of <paramref name="size"/>, in 64-bit arithmetic: a huge page
    /// number from a query string is just an empty page past the end, never an overflow into a negative OFFSET (which
    /// SQL Server refuses and SQLite treats as the first page). Pages below 1 are page 1.
    /// </summary>
    public static long Skip(int page, int size) => ((long)Math.Max(1, page) - 1) * Math.Max(1, size);
}

public static class Like
{
    /// <summary>
    /// Escapes LIKE wildcards so a search for "50%" finds "50%"; statements say ESCAPE '\' where they search. '[' is
    /// escaped too: SQL Server reads "[a-c]" as a character class (SQLite treats an escaped '[' as itself).
    /// </summary>
    public static string Escape(string text) => text.Replace("\\", "\\\\").Replace("%", "\\%").Replace("_", "\\_").Replace("[", "\\[");
}

public static class TimeZones
{
    public static bool IsKnown(string? id) =>
        !string.IsNullOrWhiteSpace(id) && id.Length <= TextLimits.CustomerAccounts.TimeZone && !TextRules.HasControlCharacters(id)
        && TimeZoneInfo.TryFindSystemTimeZoneById(id, out _);

    /// <summary>The IANA zones a supplier's customers are likely to be in, for pickers.</summary>
    public static readonly IReadOnlyList<string> Common =
    [
        "Europe/London", "Europe/Dublin", "Europe/Lisbon", "Europe/Paris", "Europe/Berlin", "Europe/Amsterdam", "Europe/Madrid",
        "Europe/Rome", "Europe/Stockholm", "Europe/Warsaw", "Europe/Athens", "Europe/Helsinki", "America/New_York",
        "America/Chicago", "America/Denver", "America/Los_Angeles", "America/Toronto", "Asia/Dubai", "Asia/Singapore",
        "Asia/Tokyo", "Australia/Sydney", "Pacific/Auckland", "UTC",
    ];
}
