using System.Globalization;

namespace Portal.Data.Db;

/// <summary>
/// Turns a column's value into the value it stands for, whichever database gave it: SQLite keeps GUIDs, dates and
/// instants as text, SQL Server as uniqueidentifier, date and datetime2 (UTC). Dapper's <see cref="TypeHandlers"/> use
/// these, and so do the few readers that scan millions of rows without Dapper's mapping.
/// </summary>
public static class Column
{
    public static Guid Guid(DbDataReader r, int i) => ToGuid(r.GetValue(i));
    public static DateOnly Date(DbDataReader r, int i) => ToDate(r.GetValue(i));
    public static DateTimeOffset Instant(DbDataReader r, int i) => ToInstant(r.GetValue(i));

    public static Guid ToGuid(object value) => value switch
    {
        Guid g => g,
        string s => System.Guid.Parse(s),
        byte[] b => new Guid(b),
        _ => throw new DataException($"Cannot read a GUID from {value.GetType().Name}."),
    };

    public static DateOnly ToDate(object value) => value switch
    {
        DateOnly d => d,
        DateTime d => DateOnly.FromDateTime(d),
        // SQLite keeps "yyyy-MM-dd": read digit by digit (a night's refresh reads millions), anything else by the general parser
        string s when FastDate(s) is { } d => d,
        string s => DateOnly.FromDateTime(DateTime.Parse(s, CultureInfo.InvariantCulture)),
        _ => throw new DataException($"Cannot read a date from {value.GetType().Name}."),
    };

    public static DateTimeOffset ToInstant(object value) => value switch
    {
        DateTimeOffset d => d.ToUniversalTime(),
        DateTime d => new DateTimeOffset(DateTime.SpecifyKind(d, DateTimeKind.Utc)),
        // SQLite keeps UTC instants as "yyyy-MM-dd HH:mm:ss.fffffff" (read digit by digit); other shapes by the general parser
        string s when FastInstant(s) is { } t => t,
        string s => new DateTimeOffset(DateTime.Parse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal)),
        _ => throw new DataException($"Cannot read an instant from {value.GetType().Name}."),
    };

    // The same from the UTF-8 bytes SQLite keeps, read without a string (a night's refresh reads millions); anything but the
    // usual shapes through the string forms above. The byte readers below repeat the string ones on purpose: one generic
    // reader over char and byte was tried and cost the nightly refresh about 3 s more CPU (15.8 s → 19 s).
    public static Guid ToGuid(ReadOnlySpan<byte> utf8) =>
        System.Buffers.Text.Utf8Parser.TryParse(utf8, out Guid g, out var used) && used == utf8.Length ? g : ToGuid(System.Text.Encoding.UTF8.GetString(utf8));

    public static DateOnly ToDate(ReadOnlySpan<byte> utf8) => FastDate(utf8) ?? ToDate(System.Text.Encoding.UTF8.GetString(utf8));

    public static DateTimeOffset ToInstant(ReadOnlySpan<byte> utf8) => FastInstant(utf8) ?? ToInstant(System.Text.Encoding.UTF8.GetString(utf8));

    private static int Digits(string s, int at, int count)
    {
        var n = 0;
        for (var i = at; i < at + count; i++)
        {
            var d = s[i] - '0';
            if ((uint)d > 9) return -1;
            n = n * 10 + d;
        }
        return n;
    }

    private static int Digits(ReadOnlySpan<byte> s, int at, int count)
    {
        var n = 0;
        for (var i = at; i < at + count; i++)
        {
            var d = s[i] - '0';
            if ((uint)d > 9) return -1;
            n = n * 10 + d;
        }
        return n;
    }

    private static DateOnly? FastDate(ReadOnlySpan<byte> s)
    {
        if (s.Length < 10 || s[4] != '-' || s[7] != '-' || (s.Length > 10 && s[10] is not ((byte)' ' or (byte)'T'))) return null;
        var (y, m, d) = (Digits(s, 0, 4), Digits(s, 5, 2), Digits(s, 8, 2));
        return y >= 1 && m is >= 1 and <= 12 && d >= 1 && d <= DateTime.DaysInMonth(y, m) ? new DateOnly(y, m, d) : null;
    }

    private static DateTimeOffset? FastInstant(ReadOnlySpan<byte> s)
    {
        if (s.Length < 19 || FastDate(s) is not { } date || s[13] != ':' || s[16] != ':') return null;
        var (h, min, sec) = (Digits(s, 11, 2), Digits(s, 14, 2), Digits(s, 17, 2));
        if (h is < 0 or > 23 || min is < 0 or > 59 || sec is < 0 or > 59) return null;
        var at = 19;
        long ticks = 0;
        if (at < s.Length && s[at] == '.')
        {
            var scale = TimeSpan.TicksPerSecond;
            for (at++; at < s.Length && char.IsAsciiDigit((char)s[at]); at++)
            {
                if (scale == 1) return null;
                scale /= 10;
                ticks += (s[at] - '0') * scale;
            }
        }
        var rest = s[at..];
        if (!(rest.IsEmpty || rest.SequenceEqual("Z"u8) || rest.SequenceEqual("+00:00"u8))) return null;
        return new DateTimeOffset(date.ToDateTime(new TimeOnly(h, min, sec)).AddTicks(ticks), TimeSpan.Zero);
    }

    private static DateOnly? FastDate(string s)
    {
        if (s.Length < 10 || s[4] != '-' || s[7] != '-' || (s.Length > 10 && s[10] is not (' ' or 'T'))) return null;
        var (y, m, d) = (Digits(s, 0, 4), Digits(s, 5, 2), Digits(s, 8, 2));
        return y >= 1 && m is >= 1 and <= 12 && d >= 1 && d <= DateTime.DaysInMonth(y, m) ? new DateOnly(y, m, d) : null;
    }

    /// <summary>"yyyy-MM-dd HH:mm:ss", an optional fraction of up to 7 digits, then nothing, "Z" or "+00:00"; null for anything else.</summary>
    private static DateTimeOffset? FastInstant(string s)
    {
        if (s.Length < 19 || FastDate(s) is not { } date || s[13] != ':' || s[16] != ':') return null;
        var (h, min, sec) = (Digits(s, 11, 2), Digits(s, 14, 2), Digits(s, 17, 2));
        if (h is < 0 or > 23 || min is < 0 or > 59 || sec is < 0 or > 59) return null;
        var at = 19;
        long ticks = 0;
        if (at < s.Length && s[at] == '.')
        {
            var scale = TimeSpan.TicksPerSecond;
            for (at++; at < s.Length && char.IsAsciiDigit(s[at]); at++)
            {
                if (scale == 1) return null;
                scale /= 10;
                ticks += (s[at] - '0') * scale;
            }
        }
        var rest = s.AsSpan(at);
        if (!(rest.IsEmpty || rest is "Z" || rest is "+00:00")) return null;
        return new DateTimeOffset(date.ToDateTime(new TimeOnly(h, min, sec)).AddTicks(ticks), TimeSpan.Zero);
    }
}
