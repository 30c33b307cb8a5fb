using Portal.Data.Replenishment;

namespace Portal.Tests.Rules;

/// <summary>Schedule arithmetic: friendly fields to cron and back, occurrences in the account's zone, delivery dates.</summary>
public sealed class RecurrenceTests
{
    private static DateTimeOffset Utc(int y, int mo, int d, int h, int mi) => new(y, mo, d, h, mi, 0, TimeSpan.Zero);

    [Fact]
    public void Friendly_fields_make_a_cron_expression_and_come_back_from_it()
    {
        var weekly = new RecurrenceFields { Kind = RecurrenceKind.Weekly, IntervalWeeks = 2, Weekdays = [DayOfWeek.Thursday, DayOfWeek.Monday], Time = new(7, 30) };
        Assert.Equal(("30 7 * * MON,THU", 2), weekly.ToCron().Value);
        var back = RecurrenceFields.FromCron("30 7 * * MON,THU", 2);
        Assert.Equal((RecurrenceKind.Weekly, 2, new TimeOnly(7, 30)), (back.Kind, back.IntervalWeeks, back.Time));
        Assert.Equal([DayOfWeek.Monday, DayOfWeek.Thursday], back.Weekdays);
        Assert.Equal("Every 2 weeks on Monday and Thursday at 07:30", RecurrenceFields.FromCron("30 7 * * MON,THU", 2).Describe());
        Assert.Equal("0 9 15 * *", new RecurrenceFields { Kind = RecurrenceKind.MonthlyDay, DayOfMonth = 15 }.ToCron().Value.Cron);
        Assert.Equal(RecurrenceKind.MonthlyLastBusinessDay, RecurrenceFields.FromCron("0 6 LW * *", 1).Kind);
        Assert.Equal(RecurrenceKind.Custom, RecurrenceFields.FromCron("0 6 1-7 * MON", 1).Kind);
    }

    [Theory]
    [InlineData(RecurrenceKind.MonthlyDay, 31, "DayOfMonth")]
    [InlineData(RecurrenceKind.MonthlyDay, 0, "DayOfMonth")]
    [InlineData(RecurrenceKind.Weekly, 1, "Weekdays")]
    public void Friendly_fields_that_make_no_sense_are_refused_by_field(string kind, int day, string field)
    {
        var fields = new RecurrenceFields { Kind = kind, DayOfMonth = day, Weekdays = kind == RecurrenceKind.Weekly ? [] : [DayOfWeek.Monday] };
        Assert.True(fields.ToCron().Errors.ContainsKey(field));
    }

    [Theory]
    [InlineData("not cron")]
    [InlineData("0 9 * *")]
    [InlineData("*/5 * * * *")]
    [InlineData("0 0 9 * * *")]
    public void A_cron_expression_a_schedule_cannot_use_is_explained(string cron) => Assert.NotNull(Recurrence.CheckCron(cron));

    [Fact]
    public void A_weekly_schedule_every_two_weeks_skips_the_weeks_between_counted_from_its_start()
    {
        var r = new Recurrence("0 9 * * MON", "Europe/London", 2, new DateOnly(2026, 11, 25), null);
        var next = r.From(Utc(2026, 11, 24, 0, 0), inclusive: true).Take(3).ToList();
        // the start week (Mon 23 Nov) counts as week 0, so Mon 30 Nov is week 1 and skipped; in winter London is UTC
        Assert.Equal([Utc(2026, 12, 7, 9, 0), Utc(2026, 12, 21, 9, 0), Utc(2027, 1, 4, 9, 0)], next);
    }

    [Fact]
    public void Day_31_in_cron_skips_february_and_the_last_day_of_the_month_falls_on_28_february()
    {
        var day31 = new Recurrence("0 9 31 * *", "Europe/London", 1, new DateOnly(2027, 1, 1), null);
        Assert.Equal([Utc(2027, 1, 31, 9, 0), Utc(2027, 3, 31, 8, 0)], day31.From(Utc(2027, 1, 1, 0, 0), true).Take(2).ToList());
        var last = new Recurrence(new RecurrenceFields { Kind = RecurrenceKind.MonthlyLastDay }.ToCron().Value.Cron, "Europe/London", 1, new DateOnly(2027, 1, 1), null);
        Assert.Equal([Utc(2027, 1, 31, 9, 0), Utc(2027, 2, 28, 9, 0), Utc(2027, 3, 31, 8, 0)], last.From(Utc(2027, 1, 1, 0, 0), true).Take(3).ToList());
        var lastBusiness = new Recurrence("0 9 LW * *", "Europe/London", 1, new DateOnly(2027, 1, 1), null);
        Assert.Equal(Utc(2027, 1, 29, 9, 0), lastBusiness.Next(Utc(2027, 1, 1, 0, 0))); // 31 Jan 2027 is a Sunday
    }

    [Fact]
    public void A_local_time_that_does_not_exist_on_the_spring_forward_day_runs_once_just_after_the_gap()
    {
        // Europe/London, Sun 28 Mar 2027: 01:00 GMT jumps to 02:00 BST, so 01:30 does not exist that day
        var r = new Recurrence("30 1 * * *", "Europe/London", 1, new DateOnly(2027, 3, 26), null);
        var runs = r.Between(Utc(2027, 3, 27, 0, 0), Utc(2027, 3, 29, 23, 0));
        Assert.Equal([Utc(2027, 3, 27, 1, 30), Utc(2027, 3, 28, 1, 0), Utc(2027, 3, 29, 0, 30)], runs);
        // asked at the very instant the gap moved it to (the job's next run), it is still due
        Assert.Equal(Utc(2027, 3, 28, 1, 0), r.Next(Utc(2027, 3, 28, 1, 0), inclusive: true));
    }

    [Fact]
    public void A_local_time_that_exists_twice_on_the_fall_back_day_runs_once()
    {
        // Europe/London, Sun 31 Oct 2027: 02:00 BST falls back to 01:00 GMT, so 01:30 happens twice
        var r = new Recurrence("30 1 * * *", "Europe/London", 1, new DateOnly(2027, 10, 29), null);
        var runs = r.Between(Utc(2027, 10, 30, 0, 0), Utc(2027, 11, 1, 12, 0));
        Assert.Equal([Utc(2027, 10, 30, 0, 30), Utc(2027, 10, 31, 0, 30), Utc(2027, 11, 1, 1, 30)], runs);
    }

    [Fact]
    public void No_occurrence_falls_after_the_end_date_in_the_accounts_zone()
    {
        var r = new Recurrence("0 9 * * *", "America/New_York", 1, new DateOnly(2026, 12, 1), new DateOnly(2026, 12, 3));
        Assert.Equal(3, r.From(Utc(2026, 11, 1, 0, 0), true).Count());
        Assert.Null(r.Next(Utc(2026, 12, 3, 14, 0)));
    }

    [Fact]
    public void The_delivery_date_is_the_earliest_the_lead_times_allow_or_the_fixed_business_days_but_never_earlier()
    {
        var r = new Recurrence("0 9 * * FRI", "Europe/London", 1, new DateOnly(2026, 11, 1), null);
        var friday = Utc(2026, 11, 27, 9, 0);
        Assert.Equal(new DateOnly(2026, 12, 1), r.DeliveryDate(friday, 2, null));   // Fri + 2 business days = Tue
        Assert.Equal(new DateOnly(2026, 12, 4), r.DeliveryDate(friday, 2, 5));      // a fixed week later
        Assert.Equal(new DateOnly(2026, 12, 8), r.DeliveryDate(friday, 7, 1));      // lead time wins over a fixed day
    }
}
