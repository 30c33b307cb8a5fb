using Portal.Data.Reliability;

namespace Portal.Tests.Rules;

/// <summary>On time in full, days late and fill rate on hand-made ledgers. 4 December 2026 is a Friday.</summary>
public sealed class LineReliabilityTests
{
    private static readonly DateOnly Promised = new(2026, 12, 4);
    private static readonly DateOnly Requested = new(2026, 12, 4);
    private static readonly DateTimeOffset ConfirmedAt = new(2026, 11, 24, 9, 0, 0, TimeSpan.Zero);

    private static LedgerPromise First(int quantity = 10, DateOnly? date = null) => new(date ?? Promised, quantity, "Confirmed", null, ConfirmedAt);
    private static LedgerPromise Repromise(DateOnly date, DateOnly madeOn, int quantity = 10, string reason = "SupplierStockOut") =>
        new(date, quantity, "Repromise", reason, new DateTimeOffset(madeOn.ToDateTime(new TimeOnly(10, 0)), TimeSpan.Zero));
    private static LedgerDelivery Arrived(int month, int day, int quantity) => new(new DateOnly(2026, month, day), quantity);

    private static LineFigures? Measure(IReadOnlyList<LedgerPromise> promises, IReadOnlyList<LedgerDelivery> deliveries, DateOnly today,
        int ordered = 10, DateOnly? requested = null, bool finished = false) =>
        LineReliability.Measure(new LineLedger(ordered, requested ?? Requested, promises, deliveries, finished), today);

    [Fact]
    public void A_line_delivered_early_is_on_time_in_full_against_every_date_and_counts_on_its_delivery_day()
    {
        var f = Measure([First()], [Arrived(12, 2, 10)], today: new(2026, 12, 3))!.Value;
        Assert.True(f.OnTimeFirst && f.OnTimeRequested && f.OnTimeLast);
        Assert.Equal(0, f.DaysLate);
        Assert.False(f.IsShort);
        Assert.Equal(new DateOnly(2026, 12, 2), f.CountedOn);
        Assert.Equal(10, f.Delivered);
    }

    [Fact]
    public void A_line_delivered_on_the_promised_day_is_on_time()
    {
        var f = Measure([First()], [Arrived(12, 4, 10)], today: new(2026, 12, 4))!.Value;
        Assert.True(f.OnTimeFirst);
        Assert.False(f.IsLate);
    }

    [Fact]
    public void A_line_delivered_three_days_after_the_promise_is_late_by_three_days()
    {
        var f = Measure([First()], [Arrived(12, 7, 10)], today: new(2026, 12, 8))!.Value;
        Assert.False(f.OnTimeFirst);
        Assert.False(f.OnTimeLast);
        Assert.Equal(3, f.DaysLate);
        Assert.True(f.IsLate);
        Assert.False(f.Warned);
    }

    [Fact]
    public void A_line_not_yet_delivered_counts_once_its_promised_date_has_passed_and_not_before()
    {
        Assert.Null(Measure([First()], [], today: Promised));
        var f = Measure([First()], [], today: new(2026, 12, 6))!.Value;
        Assert.Equal(2, f.DaysLate);
        Assert.False(f.IsShort); // nothing arrived yet: late, not short
        Assert.Equal(Promised, f.CountedOn);
    }

    [Fact]
    public void A_line_never_promised_does_not_count()
    {
        Assert.Null(Measure([], [Arrived(12, 2, 10)], today: new(2026, 12, 20)));
    }

    [Fact]
    public void A_short_delivery_is_short_and_late_until_the_rest_arrives_then_late_but_in_full()
    {
        var meanwhile = Measure([First()], [Arrived(12, 3, 6)], today: new(2026, 12, 6))!.Value;
        Assert.True(meanwhile.IsShort);
        Assert.Equal(2, meanwhile.DaysLate);
        Assert.Equal(6, meanwhile.Delivered);
        Assert.False(meanwhile.OnTimeFirst);

        var completed = Measure([First()], [Arrived(12, 3, 6), Arrived(12, 8, 4)], today: new(2026, 12, 9))!.Value;
        Assert.False(completed.IsShort);
        Assert.Equal(4, completed.DaysLate);
        Assert.Equal(10, completed.Delivered);
        Assert.Equal(new DateOnly(2026, 12, 8), completed.CompletedDate);
        Assert.False(completed.OnTimeFirst);
    }

    [Fact]
    public void A_finished_order_that_delivered_short_on_time_is_short_but_not_late()
    {
        var f = Measure([First()], [Arrived(12, 3, 8)], today: new(2026, 12, 20), finished: true)!.Value;
        Assert.True(f.IsShort);
        Assert.Equal(0, f.DaysLate);
        Assert.False(f.OnTimeFirst);
        Assert.Equal(8, f.Delivered);
    }

    [Fact]
    public void A_re_promise_made_before_the_original_date_is_a_warning_and_the_new_date_is_kept()
    {
        var f = Measure([First(), Repromise(new(2026, 12, 9), madeOn: new(2026, 12, 1))], [Arrived(12, 9, 10)], today: new(2026, 12, 10))!.Value;
        Assert.False(f.OnTimeFirst);
        Assert.True(f.OnTimeLast);
        Assert.Equal(5, f.DaysLate);
        Assert.True(f.Warned);
        Assert.Equal("SupplierStockOut", f.ReasonCode);
        Assert.Equal(new DateOnly(2026, 12, 9), f.LastDate);
    }

    [Fact]
    public void A_re_promise_made_after_the_original_date_passed_is_no_warning()
    {
        var f = Measure([First(), Repromise(new(2026, 12, 9), madeOn: new(2026, 12, 7), reason: "Transport")], [Arrived(12, 9, 10)], today: new(2026, 12, 10))!.Value;
        Assert.True(f.OnTimeLast);
        Assert.False(f.Warned);
        Assert.Equal("Transport", f.ReasonCode);
    }

    [Fact]
    public void A_line_re_promised_to_a_later_date_counts_against_the_new_date_and_is_late_against_the_first()
    {
        // the first date passed, the new one has not: the line does not count yet
        Assert.Null(Measure([First(), Repromise(new(2026, 12, 11), madeOn: new(2026, 12, 1))], [], today: new(2026, 12, 8)));
    }

    [Fact]
    public void Partial_deliveries_across_weeks_count_in_the_week_the_line_was_complete()
    {
        var f = Measure([First()], [Arrived(12, 4, 5), Arrived(12, 7, 5)], today: new(2026, 12, 8))!.Value;
        Assert.Equal(new DateOnly(2026, 12, 7), f.CountedOn);
        Assert.Equal(new DateOnly(2026, 12, 7), LineReliability.WeekStart(f.CountedOn));
        Assert.Equal(new DateOnly(2026, 11, 30), LineReliability.WeekStart(new DateOnly(2026, 12, 4)));
        Assert.Equal(new DateOnly(2026, 12, 1), LineReliability.MonthStart(f.CountedOn));
        Assert.Equal(3, f.DaysLate);
    }

    [Fact]
    public void On_time_against_the_promise_can_be_late_against_the_requested_date()
    {
        var f = Measure([First()], [Arrived(12, 4, 10)], today: new(2026, 12, 5), requested: new(2026, 12, 2))!.Value;
        Assert.True(f.OnTimeFirst);
        Assert.False(f.OnTimeRequested);
    }

    [Fact]
    public void Shares_are_computed_from_sums_and_the_fill_rate_weighs_units()
    {
        var sums = ReliabilitySums.Sum([
            new ReliabilitySums { Lines = 3, OnTimeFirst = 2, LateLines = 1, WarnedLate = 1, Ordered = 30, Delivered = 25 },
            new ReliabilitySums { Lines = 1, OnTimeFirst = 0, LateLines = 1, WarnedLate = 0, Ordered = 10, Delivered = 10 },
        ]);
        Assert.Equal(50m, sums.OtifFirst);
        Assert.Equal(87.5m, sums.FillRate);
        Assert.Equal(50m, sums.Warned);
        Assert.Null(new ReliabilitySums().OtifFirst);
    }

    [Theory]
    [InlineData("2026-12-07", 1, "2026-12-04")] // Monday, one business day: the Friday before
    [InlineData("2026-12-08", 1, "2026-12-07")]
    [InlineData("2026-12-08", 2, "2026-12-04")]
    [InlineData("2026-12-08", 0, "2026-12-08")]
    public void The_ship_by_day_is_the_promised_date_less_the_sites_transit_business_days(string promised, int transit, string shipBy) =>
        Assert.Equal(DateOnly.Parse(shipBy), PromiseRisk.ShipBy(DateOnly.Parse(promised), transit));

    [Fact]
    public void A_line_is_at_risk_when_what_is_promised_is_not_all_shipped_on_its_ship_by_day()
    {
        var monday = new DateOnly(2026, 12, 7);
        Assert.False(PromiseRisk.IsAtRisk(monday, 10, 0, 1, today: new(2026, 12, 3)));
        Assert.True(PromiseRisk.IsAtRisk(monday, 10, 0, 1, today: new(2026, 12, 4)));
        Assert.True(PromiseRisk.IsAtRisk(monday, 10, 6, 1, today: new(2026, 12, 4)));
        Assert.False(PromiseRisk.IsAtRisk(monday, 10, 10, 1, today: new(2026, 12, 4)));
        Assert.True(PromiseRisk.IsAtRisk(monday, 10, 0, 3, today: new(2026, 12, 2)));
    }
}
