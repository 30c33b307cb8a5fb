using Portal.Data.Service;

namespace Portal.Data.Ordering;

/// <summary>
/// Delivery date arithmetic in business days, counted in the account's time zone. Business days are the supplier's: the
/// stored calendar's working weekdays that are not holidays (<see cref="BusinessCalendar"/>); without one, Monday to Friday.
/// </summary>
public static class DeliveryDates
{
    /// <summary>The earliest date a delivery can be requested: today in the account's zone plus the lead time in business days.</summary>
    public static DateOnly Earliest(DateTimeOffset nowUtc, string timeZone, int leadTimeDays, BusinessCalendar? calendar = null)
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById(timeZone);
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(nowUtc, zone).DateTime);
        return AddBusinessDays(today, Math.Max(0, leadTimeDays), calendar);
    }

    public static DateOnly AddBusinessDays(DateOnly from, int days, BusinessCalendar? calendar = null)
    {
        if (calendar is not null) return calendar.AddBusinessDays(from, days);
        var date = from;
        while (days > 0)
        {
            date = date.AddDays(1);
            if (IsBusinessDay(date)) days--;
        }
        return date;
    }

    public static bool IsBusinessDay(DateOnly date, BusinessCalendar? calendar = null) =>
        calendar?.IsBusinessDay(date) ?? date.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday);

    /// <summary>The first business day on or after a date.</summary>
    public static DateOnly OnOrAfter(DateOnly date, BusinessCalendar? calendar = null)
    {
        for (var guard = 0; guard < 3660 && !IsBusinessDay(date, calendar); guard++) date = date.AddDays(1);
        return date;
    }

    /// <summary>Why a date is no delivery day, in words for the person who chose it (null: it is one).</summary>
    public static string? NotADeliveryDay(DateOnly date, BusinessCalendar? calendar = null)
    {
        if (IsBusinessDay(date, calendar)) return null;
        if (calendar is not null && calendar.Holidays.Contains(date) && calendar.HoursOn(date.DayOfWeek) is not null)
            return $"{date:ddd d MMM yyyy} is a holiday: no deliveries are made. Choose another day, for example {OnOrAfter(date, calendar):ddd d MMM yyyy}.";
        var days = calendar is null ? [1, 2, 3, 4, 5] : CalendarAdmin.WeekOrder.Where(d => calendar.HoursOn((DayOfWeek)d) is not null).ToList();
        if (days.SequenceEqual([1, 2, 3, 4, 5])) return "Deliveries are made Monday to Friday; choose a weekday.";
        return $"Deliveries are made on {string.Join(", ", days.Select(d => ((DayOfWeek)d).ToString()))}; choose one of those days, for example {OnOrAfter(date, calendar):ddd d MMM yyyy}.";
    }
}
