namespace Portal.Data;

public sealed record Page<T>(IReadOnlyList<T> Items, int Number, int Size, int Total)
{
    public int PageCount => Math.Max(1, (Total + Size - 1) / Size);
    public bool HasPrevious => Number > 1;
    public bool HasNext => Number < PageCount;
}

public static class Like
{
    /// <summary>Escapes LIKE wildcards so a search for "50%" finds "50%"; statements say ESCAPE '\' where they search.</summary>
    public static string Escape(string text) => text.Replace("\\", "\\\\").Replace("%", "\\%").Replace("_", "\\_");
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
