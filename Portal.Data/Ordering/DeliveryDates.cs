namespace Portal.Data.Ordering;

/// <summary>Delivery date arithmetic in business days (Monday to Friday), counted in the account's time zone.</summary>
public static class DeliveryDates
{
    /// <summary>The earliest date a delivery can be requested: today in the account's zone plus the lead time in business days.</summary>
    public static DateOnly Earliest(DateTimeOffset nowUtc, string timeZone, int leadTimeDays)
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById(timeZone);
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(nowUtc, zone).DateTime);
        return AddBusinessDays(today, Math.Max(0, leadTimeDays));
    }

    public static DateOnly AddBusinessDays(DateOnly from, int days)
    {
        var date = from;
        while (days > 0)
        {
            date = date.AddDays(1);
            if (IsBusinessDay(date)) days--;
        }
        return date;
    }

    public static bool IsBusinessDay(DateOnly date) => date.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday);
}
