using Portal.Data.Service;

namespace Portal.Tests.Rules;

/// <summary>The supplier's working time (Europe/London, Mon-Fri 09:00-17:30 unless a test says otherwise) and SLA clocks on it.</summary>
public sealed class BusinessCalendarTests
{
    private static readonly BusinessCalendar London = new(
        TimeZoneInfo.FindSystemTimeZoneById("Europe/London"),
        new[] { DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday }
            .Select(d => (d, new TimeOnly(9, 0), new TimeOnly(17, 30))),
        [new DateOnly(2026, 12, 25), new DateOnly(2026, 12, 28)]);

    private static DateTimeOffset Utc(int y, int mo, int d, int h, int mi = 0) => new(y, mo, d, h, mi, 0, TimeSpan.Zero);

    [Fact]
    public void Time_over_a_night_counts_only_the_working_hours()
    {
        // Tue 17:00 to Wed 10:00 (GMT): half an hour on Tuesday, one hour on Wednesday
        Assert.Equal(TimeSpan.FromMinutes(90), London.BusinessTimeBetween(Utc(2026, 11, 24, 17), Utc(2026, 11, 25, 10)));
    }

    [Fact]
    public void Four_working_hours_from_Friday_afternoon_end_on_Monday_morning()
    {
        Assert.Equal(Utc(2026, 11, 30, 10, 30), London.AddBusinessTime(Utc(2026, 11, 27, 15), TimeSpan.FromHours(4)));
    }

    [Fact]
    public void Holidays_are_skipped_like_weekends()
    {
        // Thu 24 Dec 17:00 + 1h: Fri 25 and Mon 28 are holidays, so Tue 29 Dec 09:30
        Assert.Equal(Utc(2026, 12, 29, 9, 30), London.AddBusinessTime(Utc(2026, 12, 24, 17), TimeSpan.FromHours(1)));
        Assert.Equal(new DateOnly(2026, 12, 29), London.AddBusinessDays(new DateOnly(2026, 12, 24), 1));
    }

    [Fact]
    public void Working_hours_follow_the_local_clock_across_a_summer_time_change()
    {
        // Mon 30 Mar 2026 is in BST: 09:00 local is 08:00 UTC
        Assert.Equal(Utc(2026, 3, 30, 8, 30), London.AddBusinessTime(Utc(2026, 3, 27, 17, 0), TimeSpan.FromHours(1)));
    }

    [Fact]
    public void The_clock_stops_while_the_request_waits_on_the_customer()
    {
        var created = Utc(2026, 11, 23, 9); // Mon 09:00
        var changes = new[]
        {
            new StatusChange(created, TicketStatus.New),
            new StatusChange(Utc(2026, 11, 23, 10), TicketStatus.WaitingOnCustomer),
            new StatusChange(Utc(2026, 11, 24, 9), TicketStatus.Open),
        };
        var reading = SlaClock.Read(London, SlaTarget.Resolution, TimeSpan.FromHours(3), created, changes, null, Utc(2026, 11, 24, 10));
        Assert.Equal(TimeSpan.FromHours(2), reading.Used);
        Assert.Equal(Utc(2026, 11, 24, 11), reading.DueUtc);
        Assert.True(reading.Running);
        Assert.False(reading.Breached);
    }

    [Fact]
    public void A_target_passed_before_the_answer_is_breached_with_the_time_it_passed()
    {
        var created = Utc(2026, 11, 23, 9);
        var reading = SlaClock.Read(London, SlaTarget.FirstResponse, TimeSpan.FromHours(1), created, [], Utc(2026, 11, 23, 12), Utc(2026, 11, 24, 9));
        Assert.True(reading.Breached);
        Assert.True(reading.Stopped);
        Assert.Equal(Utc(2026, 11, 23, 10), reading.DueUtc);
        Assert.Equal(TimeSpan.FromHours(-2), reading.Left);
    }
}
