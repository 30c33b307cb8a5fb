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
    [Fact]
    public void Business_time_across_the_autumn_change_counts_local_working_hours()
    {
        // Fri 23 Oct 2026 17:00 BST (16:00 UTC) to Mon 26 Oct 10:00 GMT: half an hour on Friday, an hour on Monday
        Assert.Equal(TimeSpan.FromMinutes(90), London.BusinessTimeBetween(Utc(2026, 10, 23, 16), Utc(2026, 10, 26, 10)));
        // and two working hours from Fri 16:30 BST: one on Friday, one on Monday from 09:00 GMT
        Assert.Equal(Utc(2026, 10, 26, 10), London.AddBusinessTime(Utc(2026, 10, 23, 15, 30), TimeSpan.FromHours(2)));
    }

    [Fact]
    public void Working_hours_over_the_spring_forward_gap_count_the_real_time_elapsed()
    {
        // a desk open on Sundays 00:00-04:00 local: on 29 Mar 2026 the clocks jump from 01:00 to 02:00, so three real hours
        var sundays = new BusinessCalendar(TimeZoneInfo.FindSystemTimeZoneById("Europe/London"),
            [(DayOfWeek.Sunday, new TimeOnly(0, 0), new TimeOnly(4, 0))], []);
        Assert.Equal(TimeSpan.FromHours(3), sundays.BusinessTimeBetween(Utc(2026, 3, 28, 12), Utc(2026, 3, 29, 12)));
        Assert.Equal(TimeSpan.FromHours(4), sundays.BusinessTimeBetween(Utc(2026, 3, 21, 12), Utc(2026, 3, 22, 12)));
        // two hours from Sunday midnight end at 03:00 BST (02:00 UTC)
        Assert.Equal(Utc(2026, 3, 29, 2), sundays.AddBusinessTime(Utc(2026, 3, 29, 0), TimeSpan.FromHours(2)));
    }

    [Fact]
    public void A_wait_over_Christmas_and_a_weekend_stops_the_clock_and_holidays_do_not_count_either()
    {
        var created = Utc(2026, 12, 24, 16); // Thu 24 Dec 16:00
        var changes = new[]
        {
            new StatusChange(created, TicketStatus.New),
            new StatusChange(Utc(2026, 12, 24, 17), TicketStatus.WaitingOnCustomer),
            new StatusChange(Utc(2026, 12, 29, 10), TicketStatus.Open), // Fri 25 and Mon 28 are holidays
        };
        var reading = SlaClock.Read(London, SlaTarget.Resolution, TimeSpan.FromHours(4), created, changes, null, Utc(2026, 12, 29, 12));
        Assert.Equal(TimeSpan.FromHours(3), reading.Used);
        Assert.Equal(Utc(2026, 12, 29, 13), reading.DueUtc);
        Assert.Equal(0.75, reading.Fraction);
    }

    [Fact]
    public void A_request_raised_at_night_starts_its_clock_at_opening_time()
    {
        var created = Utc(2026, 11, 24, 22); // Tue 22:00
        var reading = SlaClock.Read(London, SlaTarget.FirstResponse, TimeSpan.FromHours(1), created, [], null, Utc(2026, 11, 25, 9, 30));
        Assert.Equal(TimeSpan.FromMinutes(30), reading.Used);
        Assert.Equal(Utc(2026, 11, 25, 10), reading.DueUtc);
    }
}
