using System.Globalization;
using System.Text.RegularExpressions;
using Cronos;
using Portal.Data.Ordering;

namespace Portal.Data.Replenishment;

/// <summary>How a schedule repeats, in the friendly words of the schedule page.</summary>
public static class RecurrenceKind
{
    public const string Weekly = "Weekly";
    public const string MonthlyDay = "MonthlyDay";
    public const string MonthlyLastDay = "MonthlyLastDay";
    public const string MonthlyLastBusinessDay = "MonthlyLastBusinessDay";
    /// <summary>A cron expression typed as it is (the API, or a schedule the friendly fields cannot show).</summary>
    public const string Custom = "Custom";

    public static readonly IReadOnlyList<string> All = [Weekly, MonthlyDay, MonthlyLastDay, MonthlyLastBusinessDay, Custom];
}

/// <summary>
/// The friendly fields of a recurrence (every N weeks on chosen weekdays; monthly on day N, the last day or the last
/// business day; at a local time) and their cron expression. Cron cannot say "every other week", so the interval in weeks
/// is kept beside the expression and counted from the week of the start date.
/// </summary>
public sealed record RecurrenceFields
{
    public string Kind { get; init; } = RecurrenceKind.Weekly;
    public int IntervalWeeks { get; init; } = 1;
    public IReadOnlyList<DayOfWeek> Weekdays { get; init; } = [DayOfWeek.Monday];
    public int DayOfMonth { get; init; } = 1;
    public TimeOnly Time { get; init; } = new(9, 0);
    /// <summary>Only for <see cref="RecurrenceKind.Custom"/>.</summary>
    public string? Cron { get; init; }

    private static readonly string[] DayNames = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"];

    /// <summary>The cron expression (five fields, in the account's zone) and the week interval, or field errors.</summary>
    public Outcome<(string Cron, int IntervalWeeks)> ToCron()
    {
        var errors = new FieldErrors();
        var at = $"{Time.Minute} {Time.Hour}";
        string cron;
        switch (Kind)
        {
            case RecurrenceKind.Weekly:
                errors.Add(IntervalWeeks is < 1 or > 52, "IntervalWeeks", "Repeat every 1 to 52 weeks.")
                      .Add(Weekdays.Count == 0, "Weekdays", "Choose at least one day of the week.");
                cron = $"{at} * * {string.Join(",", Weekdays.Distinct().Order().Select(d => DayNames[(int)d]))}";
                break;
            case RecurrenceKind.MonthlyDay:
                errors.Add(DayOfMonth is < 1 or > 28, "DayOfMonth",
                    "Choose a day from 1 to 28; for the end of the month choose \"the last day of the month\" (months differ in length).");
                cron = $"{at} {DayOfMonth} * *";
                break;
            case RecurrenceKind.MonthlyLastDay: cron = $"{at} L * *"; break;
            case RecurrenceKind.MonthlyLastBusinessDay: cron = $"{at} LW * *"; break;
            case RecurrenceKind.Custom:
                cron = Cron?.Trim() ?? "";
                if (Recurrence.CheckCron(cron) is { } problem) errors.Add(true, "Cron", problem);
                break;
            default:
                errors.Add(true, "Kind", "Choose how often the order repeats.");
                cron = "";
                break;
        }
        return errors.Any ? Outcome<(string, int)>.Failed(errors)
            : Outcome<(string, int)>.Ok((cron, Kind == RecurrenceKind.Weekly ? IntervalWeeks : 1));
    }

    private static readonly Regex Shape = new(@"^(\d{1,2}) (\d{1,2}) (\S+) \* (\S+)$", RegexOptions.CultureInvariant);

    /// <summary>The friendly fields that make this expression, or Custom when they cannot show it.</summary>
    public static RecurrenceFields FromCron(string cron, int intervalWeeks)
    {
        var m = Shape.Match(cron.Trim());
        if (m.Success && int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) is var minute and < 60
            && int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture) is var hour and < 24)
        {
            var time = new TimeOnly(hour, minute);
            var (dom, dow) = (m.Groups[3].Value, m.Groups[4].Value);
            if (dom == "*" && dow != "*")
            {
                var days = dow.Split(',').Select(d => Array.IndexOf(DayNames, d.ToUpperInvariant())).ToList();
                if (days.All(d => d >= 0))
                    return new() { Kind = RecurrenceKind.Weekly, IntervalWeeks = intervalWeeks, Weekdays = days.Select(d => (DayOfWeek)d).ToList(), Time = time };
            }
            else if (dow == "*")
            {
                if (dom == "L") return new() { Kind = RecurrenceKind.MonthlyLastDay, Time = time };
                if (dom == "LW") return new() { Kind = RecurrenceKind.MonthlyLastBusinessDay, Time = time };
                if (int.TryParse(dom, NumberStyles.None, CultureInfo.InvariantCulture, out var day) && day is >= 1 and <= 28)
                    return new() { Kind = RecurrenceKind.MonthlyDay, DayOfMonth = day, Time = time };
            }
        }
        return new() { Kind = RecurrenceKind.Custom, Cron = cron };
    }

    /// <summary>"Every 2 weeks on Monday and Thursday at 09:00", "Monthly on the last business day at 07:30".</summary>
    public string Describe() => Kind switch
    {
        RecurrenceKind.Weekly => $"{(IntervalWeeks == 1 ? "Every week" : $"Every {IntervalWeeks} weeks")} on {Join(Weekdays.Order().Select(d => d.ToString()).ToList())} at {Time:HH\\:mm}",
        RecurrenceKind.MonthlyDay => $"Monthly on day {DayOfMonth} at {Time:HH\\:mm}",
        RecurrenceKind.MonthlyLastDay => $"Monthly on the last day at {Time:HH\\:mm}",
        RecurrenceKind.MonthlyLastBusinessDay => $"Monthly on the last business day at {Time:HH\\:mm}",
        _ => $"Cron \"{Cron}\"",
    };

    private static string Join(IReadOnlyList<string> items) =>
        items.Count <= 1 ? string.Concat(items) : string.Join(", ", items.Take(items.Count - 1)) + " and " + items[^1];
}

/// <summary>
/// A schedule's recurrence: a five-field cron expression in a time zone (Cronos), the week interval, a start date and an
/// optional end date (dates in that zone). Cronos keeps the daylight-saving rules: a local time that does not exist that
/// day runs at the first instant after the gap, and a local time that exists twice runs once, at its first instant.
/// </summary>
public sealed record Recurrence(string Cron, string TimeZone, int IntervalWeeks, DateOnly StartDate, DateOnly? EndDate)
{
    public const int MaxCronLength = TextLimits.ReorderSchedules.Cron;

    private CronExpression Expression => CronExpression.Parse(Cron, CronFormat.Standard);
    private TimeZoneInfo Zone => TimeZoneInfo.FindSystemTimeZoneById(TimeZone);

    /// <summary>Why a cron expression cannot drive a schedule, in words; null when it can.</summary>
    public static string? CheckCron(string? cron)
    {
        if (string.IsNullOrWhiteSpace(cron)) return "Enter a cron expression of five fields: minute hour day-of-month month day-of-week.";
        if (cron.Length > MaxCronLength || cron.Any(char.IsControl)) return TextLimits.TooLong("The cron expression", MaxCronLength);
        if (!CronExpression.TryParse(cron.Trim(), CronFormat.Standard, out var expression))
            return $"\"{cron.Trim()}\" is not a cron expression of five fields (minute hour day-of-month month day-of-week), for example \"0 9 * * MON\".";
        var fields = cron.Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (!int.TryParse(fields[0], NumberStyles.None, CultureInfo.InvariantCulture, out _) || !int.TryParse(fields[1], NumberStyles.None, CultureInfo.InvariantCulture, out _))
            return "A schedule orders at one time of day: give the minute and the hour as single numbers, for example \"30 7 * * MON\".";
        if (expression.GetNextOccurrence(new DateTime(2000, 1, 1, 0, 0, 0, DateTimeKind.Utc)) is null) return "This cron expression never runs.";
        return null;
    }

    /// <summary>Midnight at the start of the start date, in the zone.</summary>
    private DateTimeOffset StartUtc => LocalToUtc(StartDate.ToDateTime(TimeOnly.MinValue));

    private DateTimeOffset LocalToUtc(DateTime local)
    {
        var zone = Zone;
        while (zone.IsInvalidTime(local)) local = local.AddMinutes(30);
        return new DateTimeOffset(local, zone.GetUtcOffset(local)).ToUniversalTime();
    }

    public DateOnly LocalDate(DateTimeOffset utc) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(utc, Zone).DateTime);

    public DateTimeOffset Local(DateTimeOffset utc) => TimeZoneInfo.ConvertTime(utc, Zone);

    private bool Keeps(DateTimeOffset utc)
    {
        var day = LocalDate(utc);
        if (EndDate is { } end && day > end) return false;
        if (IntervalWeeks <= 1) return true;
        var firstMonday = StartDate.AddDays(-(((int)StartDate.DayOfWeek + 6) % 7));
        var weeks = (day.DayNumber - firstMonday.DayNumber) / 7;
        return weeks % IntervalWeeks == 0;
    }

    /// <summary>Occurrences from an instant on (inclusive or not), in order, ending at the end date.</summary>
    public IEnumerable<DateTimeOffset> From(DateTimeOffset fromUtc, bool inclusive)
    {
        var expression = Expression;
        var zone = Zone;
        var start = StartUtc;
        if (fromUtc < start) (fromUtc, inclusive) = (start, true);
        // "at or after" is asked as "after a second before": searched from the instant itself, an occurrence that a
        // spring-forward gap moved to that instant would be missed (its local time lies before the instant's)
        var cursor = inclusive ? fromUtc.AddSeconds(-1) : fromUtc;
        while (expression.GetNextOccurrence(cursor, zone, inclusive: false) is { } next)
        {
            if (EndDate is { } end && LocalDate(next) > end) yield break;
            if (Keeps(next)) yield return next.ToUniversalTime();
            cursor = next;
        }
    }

    /// <summary>The first occurrence after an instant (or at it, when inclusive); null when the schedule has ended.</summary>
    public DateTimeOffset? Next(DateTimeOffset fromUtc, bool inclusive = false)
    {
        foreach (var o in From(fromUtc, inclusive)) return o;
        return null;
    }

    /// <summary>The occurrences in [from, to], both inclusive.</summary>
    public IReadOnlyList<DateTimeOffset> Between(DateTimeOffset fromUtc, DateTimeOffset toUtc) =>
        From(fromUtc, inclusive: true).TakeWhile(o => o <= toUtc).ToList();

    /// <summary>
    /// The delivery date an order placed at this occurrence asks for: the earliest the lead times allow (business days in
    /// the zone), or a fixed number of business days after the occurrence's local date when the schedule says so, but
    /// never earlier than the lead times allow. Business days are the supplier calendar's (holidays and closed days skipped)
    /// when <paramref name="calendar"/> is given, else Monday to Friday.
    /// </summary>
    public DateOnly DeliveryDate(DateTimeOffset occurrenceUtc, int longestLeadTimeDays, int? fixedBusinessDays, Portal.Data.Service.BusinessCalendar? calendar = null)
    {
        var earliest = DeliveryDates.Earliest(occurrenceUtc, TimeZone, longestLeadTimeDays, calendar);
        var date = fixedBusinessDays is { } days ? DeliveryDates.AddBusinessDays(LocalDate(occurrenceUtc), days, calendar) : earliest;
        if (date < earliest) date = earliest;
        return DeliveryDates.OnOrAfter(date, calendar);
    }
}
