using Portal.Data.Replenishment;

namespace Portal.Tests.Data;

/// <summary>The buying-rhythm rule as a pure function of (date, SKU, quantity) purchases and a day.</summary>
public sealed class BuyingRhythmFacts
{
    private static readonly DateOnly Today = new(2026, 11, 25);
    private static readonly RhythmRule Strict = new(DueAt: 1.0, StaleAfter: 2.0, LeadDays: 0);

    private static IEnumerable<Purchase> Every(string sku, int days, int times, int quantity, int lastDaysAgo) =>
        Enumerable.Range(0, times).Select(i => new Purchase(Today.AddDays(-lastDaysAgo - i * days), sku, quantity));

    [Fact]
    public void An_item_ordered_on_three_days_has_its_usual_interval_quantity_and_last_order()
    {
        var rhythm = Assert.Single(Strict.Regular([new(Today.AddDays(-67), "A", 12), new(Today.AddDays(-46), "A", 24), new(Today.AddDays(-25), "A", 12)], Today));
        Assert.Equal(("A", 3, 21, 12, Today.AddDays(-25), 25), (rhythm.Sku, rhythm.Orders, rhythm.IntervalDays, rhythm.UsualQuantity, rhythm.LastOrdered, rhythm.DaysSinceLast));
        Assert.Equal("every 3 weeks", rhythm.Every);
        Assert.Equal("25 days ago", rhythm.LastOrderedAgo);
        Assert.Equal(3, rhythm.Weeks);
        Assert.True(rhythm.IsDue);
    }

    [Fact]
    public void Two_orders_or_orders_older_than_twelve_months_do_not_make_a_rhythm()
    {
        Assert.Empty(Strict.Regular(Every("A", 14, 2, 5, 10), Today));
        Assert.Empty(Strict.Regular([new(Today.AddDays(-400), "A", 5), new(Today.AddDays(-380), "A", 5), new(Today.AddDays(-10), "A", 5)], Today));
        // orders after the day do not count either (the evaluation replays the past with the same code)
        Assert.Empty(Strict.Regular([new(Today.AddDays(-20), "A", 5), new(Today.AddDays(-10), "A", 5), new(Today.AddDays(3), "A", 5)], Today));
    }

    [Fact]
    public void Orders_of_one_item_on_one_day_count_as_one_with_their_quantities_added()
    {
        var rhythm = Assert.Single(Strict.Regular([.. Every("A", 7, 3, 6, 7), new(Today.AddDays(-7), "A", 6)], Today));
        Assert.Equal(3, rhythm.Orders);
        Assert.Equal(6, rhythm.UsualQuantity); // the median of 12, 6, 6
    }

    [Fact]
    public void The_usual_interval_and_quantity_are_medians_so_one_odd_order_does_not_move_them()
    {
        var rhythm = Assert.Single(Strict.Regular([.. Every("A", 14, 5, 10, 3), new(Today.AddDays(-1), "A", 500)], Today));
        Assert.Equal(14, rhythm.IntervalDays);
        Assert.Equal(10, rhythm.UsualQuantity);
    }

    [Theory]
    [InlineData(6, false)]   // just ordered
    [InlineData(13, false)]  // a day early
    [InlineData(14, true)]   // its interval has come round
    [InlineData(28, true)]   // overdue
    [InlineData(29, false)]  // more than twice its interval: the rhythm is broken
    public void An_item_is_due_when_its_interval_has_come_round_and_not_once_the_rhythm_is_broken(int daysSinceLast, bool due) =>
        Assert.Equal(due, Assert.Single(Strict.Regular(Every("A", 14, 4, 3, daysSinceLast), Today)).IsDue);

    [Fact]
    public void Lead_days_make_an_item_due_that_many_days_before_its_interval_comes_round()
    {
        var early = Strict with { LeadDays = 7 };
        Assert.False(Assert.Single(Strict.Regular(Every("A", 21, 4, 3, 14), Today)).IsDue);
        Assert.True(Assert.Single(early.Regular(Every("A", 21, 4, 3, 14), Today)).IsDue);
        Assert.Empty(Strict.Due(Every("A", 21, 4, 3, 14), Today));
    }

    [Theory]
    [InlineData(7, 6, 1, 12)]    // packs of 6: up to whole packs
    [InlineData(3, 1, 10, 10)]   // at least the minimum
    [InlineData(5, 4, 10, 12)]   // both
    [InlineData(24, 12, 12, 24)] // already valid
    public void The_usual_quantity_is_made_orderable_for_the_pack_and_the_minimum(int usual, int pack, int minimum, int expected) =>
        Assert.Equal(expected, RhythmRule.Orderable(usual, pack, minimum));

    [Theory]
    [InlineData(1, "every day")]
    [InlineData(4, "every 4 days")]
    [InlineData(7, "every week")]
    [InlineData(21, "every 3 weeks")]
    [InlineData(30, "every 4 weeks")]
    [InlineData(56, "every month")]
    [InlineData(91, "every 3 months")]
    public void The_interval_reads_as_people_say_it(int days, string text) =>
        Assert.Equal(text, new Rhythm("A", 3, days, 1, Today, 0, Today, false).Every);
}
