using Portal.Data.Ordering;
using Portal.Data.Relationships;

namespace Portal.Tests.Rules;

/// <summary>The relationship health score on hand-made histories: the reasons name the right causes.</summary>
public sealed class HealthScoringTests
{
    private static readonly DateOnly AsOf = new(2026, 6, 1);

    private static DateTimeOffset DaysBefore(double days) => new DateTimeOffset(AsOf.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero).AddDays(-days);

    /// <summary>Orders every <paramref name="gap"/> days from <paramref name="from"/> days before the date to <paramref name="to"/> days before it.</summary>
    private static IEnumerable<OrderFact> Every(int gap, int from, int to, decimal total = 500m) =>
        Enumerable.Range(0, (from - to) / gap + 1).Select(i => new OrderFact(DaysBefore(from - i * gap).AddHours(10), total, OrderStatus.Delivered));

    private static AccountFacts Account(IEnumerable<OrderFact> orders) => new() { AccountId = Guid.NewGuid(), Name = "Hand-made", Orders = orders.ToList() };

    private static readonly AccountFacts Steady = Account(Every(7, 400, 3));
    private static readonly AccountFacts Slowed = Account(Every(7, 400, 91).Concat(Every(28, 84, 28)));
    private static readonly AccountFacts WentSilent = Account(Every(7, 399, 70));

    [Fact]
    public void A_steady_customer_is_healthy_not_silent_and_told_so()
    {
        var health = HealthScoring.Score(Steady, AsOf);
        Assert.False(health.Silent);
        Assert.True(health.Score >= 70, $"score {health.Score}");
        Assert.StartsWith("Orders steadily", Assert.Single(health.Reasons));
        Assert.Matches("about every [78] days; last order 8 days ago", health.Reasons[0]);
    }

    [Fact]
    public void A_customer_who_slowed_is_told_it_slowed_and_scores_below_a_steady_one()
    {
        var health = HealthScoring.Score(Slowed, AsOf);
        Assert.Contains(health.Reasons, r => r.StartsWith("Ordering has slowed: 3 orders in the last 90 days against about 13"));
        Assert.DoesNotContain(health.Reasons, r => r.StartsWith("Orders steadily"));
        Assert.False(health.Silent); // it still orders, only less often
        Assert.True(health.Risk > HealthScoring.Score(Steady, AsOf).Risk);
    }

    [Fact]
    public void A_customer_gone_quiet_against_its_own_rhythm_is_silent_with_nothing_wrong_on_record()
    {
        var health = HealthScoring.Score(WentSilent, AsOf);
        Assert.True(health.Silent);
        Assert.Equal("No order for 70 days; it usually orders every 8 days", health.Reasons[0]);
        Assert.True(health.Risk > HealthScoring.Score(Slowed, AsOf).Risk);
        Assert.True(health.Score < 50, $"score {health.Score}");
    }

    [Fact]
    public void A_quarterly_customer_is_not_silent_after_two_months()
    {
        var quarterly = Account(Every(91, 728, 60));
        Assert.False(HealthScoring.Score(quarterly, AsOf).Silent);
        Assert.True(HealthScoring.Score(quarterly, AsOf.AddDays(120)).Silent);
    }

    [Fact]
    public void Breached_complaints_are_named_and_raise_the_risk_of_a_customer_who_still_orders()
    {
        var troubled = Steady with { OpenComplaints = 2, RecentBreachedRequests = 3, Ratings = 2, RatingTotal = 3 };
        var health = HealthScoring.Score(troubled, AsOf);
        Assert.False(health.Silent);
        Assert.Contains("3 requests in the last 90 days missed the promised response or resolution time", health.Reasons);
        Assert.Contains("2 complaints open", health.Reasons);
        Assert.Contains("Satisfaction 1.5 out of 5 from 2 ratings", health.Reasons);
        Assert.Equal("3 requests in the last 90 days missed the promised response or resolution time", health.Reasons[0]);
        Assert.True(health.Score <= HealthScoring.Score(Steady, AsOf).Score - 10, $"{health.Score} against {HealthScoring.Score(Steady, AsOf).Score}");
    }

    [Fact]
    public void Late_deliveries_credit_holds_and_no_sign_in_are_named()
    {
        var health = HealthScoring.Score(Steady with
        {
            RecentDeliveries = 10, RecentLateDeliveries = 4, RecentCreditHolds = 1, LastSignInUtc = DaysBefore(75), LastRequestUtc = DaysBefore(200),
        }, AsOf);
        Assert.Contains("4 of 10 deliveries in the last 90 days came after the promised date", health.Reasons);
        Assert.Contains("1 order held for credit in the last 90 days", health.Reasons);
        Assert.Contains("Nobody has signed in for 75 days", health.Reasons);
        Assert.Contains("No request or contact for 200 days", health.Reasons);
    }

    [Fact]
    public void A_logged_contact_ends_contact_silence_but_not_ordering_silence()
    {
        var contacted = HealthScoring.Score(WentSilent with { LastRequestUtc = DaysBefore(300), LastContactUtc = DaysBefore(2) }, AsOf);
        Assert.DoesNotContain(contacted.Reasons, r => r.StartsWith("No request or contact"));
        Assert.True(contacted.Silent);
        Assert.Contains(HealthScoring.Score(WentSilent with { LastRequestUtc = DaysBefore(300) }, AsOf).Reasons, r => r.StartsWith("No request or contact for 300 days"));
    }

    [Fact]
    public void The_score_as_of_a_date_ignores_everything_after_it()
    {
        var later = WentSilent with
        {
            Orders = WentSilent.Orders.Concat([new OrderFact(DaysBefore(-1), 900m, OrderStatus.Delivered), new OrderFact(DaysBefore(0), 50m, OrderStatus.Cancelled)]).ToList(),
            LastSignInUtc = DaysBefore(-3),
            LastContactUtc = DaysBefore(-2),
        };
        var before = HealthScoring.Score(WentSilent, AsOf);
        var after = HealthScoring.Score(later, AsOf);
        Assert.Equal((before.Score, before.Risk, before.Silent), (after.Score, after.Risk, after.Silent));
        Assert.Equal(before.Reasons, after.Reasons);
    }

    [Fact]
    public void An_account_without_orders_says_so()
    {
        var health = HealthScoring.Score(Account([]), AsOf);
        Assert.Equal(["No orders on record yet"], health.Reasons);
        Assert.False(health.Silent);
    }
}
