namespace Portal.Data.Service;

/// <summary>
/// The supplier's working time: a time zone, opening hours per weekday and holidays. Answers the business-time questions
/// of SLA clocks (how much working time lies between two instants; which instant lies a given working time after
/// another) and of delivery dates (business days). Pure: the stored calendar is loaded once and passed in.
/// </summary>
public sealed class BusinessCalendar
{
    private readonly Dictionary<DayOfWeek, (TimeOnly Opens, TimeOnly Closes)> hours;
    private readonly HashSet<DateOnly> holidays;

    public BusinessCalendar(TimeZoneInfo zone, IEnumerable<(DayOfWeek Day, TimeOnly Opens, TimeOnly Closes)> openingHours, IEnumerable<DateOnly> holidays)
    {
        Zone = zone;
        hours = [];
        foreach (var (day, opens, closes) in openingHours)
        {
            if (closes <= opens && closes != TimeOnly.MinValue)
                throw new ArgumentException($"{day}: closes ({closes}) before it opens ({opens}).", nameof(openingHours));
            hours[day] = (opens, closes);
        }
        this.holidays = [.. holidays];
    }

    /// <summary>Monday to Friday, 09:00 to 17:30, no holidays: the calendar a new installation starts with.</summary>
    public static BusinessCalendar Default(string timeZone = "Europe/London") => new(
        TimeZoneInfo.FindSystemTimeZoneById(timeZone),
        new[] { DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday }
            .Select(d => (d, new TimeOnly(9, 0), new TimeOnly(17, 30))),
        []);

    public TimeZoneInfo Zone { get; }

    public IReadOnlyCollection<DateOnly> Holidays => holidays;

    public (TimeOnly Opens, TimeOnly Closes)? HoursOn(DayOfWeek day) => hours.TryGetValue(day, out var h) ? h : null;

    /// <summary>A day with opening hours that is not a holiday.</summary>
    public bool IsBusinessDay(DateOnly date) => hours.ContainsKey(date.DayOfWeek) && !holidays.Contains(date);

    /// <summary>The business day <paramref name="days"/> business days after <paramref name="from"/> (from itself when 0).</summary>
    public DateOnly AddBusinessDays(DateOnly from, int days)
    {
        if (hours.Count == 0) throw new InvalidOperationException("The calendar has no working day.");
        var date = from;
        while (days > 0)
        {
            date = date.AddDays(1);
            if (IsBusinessDay(date)) days--;
        }
        return date;
    }

    /// <summary>The date in the calendar's zone at an instant.</summary>
    public DateOnly LocalDate(DateTimeOffset instant) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, Zone).DateTime);

    /// <summary>Working time between two instants (zero when <paramref name="to"/> is not after <paramref name="from"/>).</summary>
    public TimeSpan BusinessTimeBetween(DateTimeOffset from, DateTimeOffset to)
    {
        if (to <= from || hours.Count == 0) return TimeSpan.Zero;
        var total = TimeSpan.Zero;
        for (var day = LocalDate(from).AddDays(-1); day <= LocalDate(to); day = day.AddDays(1))
        {
            if (OpenInterval(day) is not var (opens, closes)) continue;
            var start = opens > from ? opens : from;
            var end = closes < to ? closes : to;
            if (end > start) total += end - start;
        }
        return total;
    }

    /// <summary>
    /// The instant at which <paramref name="amount"/> of working time has passed after <paramref name="from"/>. A zero amount
    /// outside working hours is <paramref name="from"/> itself.
    /// </summary>
    public DateTimeOffset AddBusinessTime(DateTimeOffset from, TimeSpan amount)
    {
        if (amount <= TimeSpan.Zero) return from;
        if (hours.Count == 0) throw new InvalidOperationException("The calendar has no working day.");
        var left = amount;
        var day = LocalDate(from).AddDays(-1);
        for (var guard = 0; guard < 366 * 20; guard++, day = day.AddDays(1))
        {
            if (OpenInterval(day) is not var (opens, closes) || closes <= from) continue;
            var start = opens > from ? opens : from;
            var available = closes - start;
            if (available >= left) return start + left;
            left -= available;
        }
        throw new InvalidOperationException("No working time in the next twenty years: check the calendar's holidays.");
    }

    /// <summary>The working interval of a local date as instants, or null on a closed day.</summary>
    private (DateTimeOffset Opens, DateTimeOffset Closes)? OpenInterval(DateOnly day)
    {
        if (!IsBusinessDay(day)) return null;
        var (opens, closes) = hours[day.DayOfWeek];
        var opensAt = ToInstant(day.ToDateTime(opens));
        var closesAt = closes == TimeOnly.MinValue ? ToInstant(day.AddDays(1).ToDateTime(TimeOnly.MinValue)) : ToInstant(day.ToDateTime(closes));
        return closesAt > opensAt ? (opensAt, closesAt) : null;
    }

    /// <summary>A local wall-clock time as an instant: a time that does not exist (spring forward) moves on by the gap; an
    /// ambiguous one (fall back) is taken at its first occurrence.</summary>
    private DateTimeOffset ToInstant(DateTime local)
    {
        local = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        if (Zone.IsInvalidTime(local))
        {
            var probe = local;
            while (Zone.IsInvalidTime(probe)) probe = probe.AddMinutes(15);
            return new DateTimeOffset(probe, Zone.GetUtcOffset(probe));
        }
        if (Zone.IsAmbiguousTime(local))
        {
            var offset = Zone.GetAmbiguousTimeOffsets(local).Max();
            return new DateTimeOffset(local, offset);
        }
        return new DateTimeOffset(local, Zone.GetUtcOffset(local));
    }
}
