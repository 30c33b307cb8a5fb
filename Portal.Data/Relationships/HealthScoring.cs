using System.Globalization;
using Portal.Data.Ordering;

namespace Portal.Data.Relationships;

/// <summary>One order as the scorer sees it: when it was placed, its value and its status.</summary>
public sealed record OrderFact(DateTimeOffset PlacedUtc, decimal Total, string Status)
{
    /// <summary>A purchase: every order except the cancelled and the rejected ones.</summary>
    public bool IsPurchase => Status is not (OrderStatus.Cancelled or OrderStatus.Rejected);
}

/// <summary>
/// Everything known about one account as of a date (nothing later): the input of <see cref="HealthScoring.Score"/>.
/// Counts named "recent" cover the 90 days before the date.
/// </summary>
public sealed record AccountFacts
{
    public Guid AccountId { get; init; }
    public string Name { get; init; } = "";
    public string? ExternalRef { get; init; }
    /// <summary>Orders placed before the date (the last two years are enough).</summary>
    public IReadOnlyList<OrderFact> Orders { get; init; } = [];
    /// <summary>The latest sign-in of anyone of the account; null when none is known.</summary>
    public DateTimeOffset? LastSignInUtc { get; init; }
    /// <summary>The latest request (ticket) the account raised.</summary>
    public DateTimeOffset? LastRequestUtc { get; init; }
    /// <summary>The latest logged contact (call, meeting, e-mail) from the workspace's contact log, via <see cref="IAccountContactSource"/>.</summary>
    public DateTimeOffset? LastContactUtc { get; init; }
    public int OpenComplaints { get; init; }
    public int RecentBreachedRequests { get; init; }
    /// <summary>Satisfaction ratings of the last year: how many and their sum (1 to 5 each).</summary>
    public int Ratings { get; init; }
    public int RatingTotal { get; init; }
    public int RecentCreditHolds { get; init; }
    public int RecentDeliveries { get; init; }
    public int RecentLateDeliveries { get; init; }
}

/// <summary>The outcome for one account: <see cref="Score"/> 0-100 (healthy is high), <see cref="Risk"/> 0-1 (higher is worse).</summary>
public sealed record HealthResult(int Score, double Risk, bool Silent, IReadOnlyList<string> Reasons)
{
    public string ReasonText => string.Join("\n", Reasons);
}

/// <summary>The tuned constants of the score (tuned on cut dates up to 2011-06-30 of the Online Retail file; see health-eval).</summary>
public sealed record HealthModel
{
    /// <summary>Prior of the order rate: <c>(Shape + repeat orders) / (Scale + days since the first order)</c> orders a day.</summary>
    public double RateShape { get; init; } = 0.3;
    public double RateScale { get; init; } = 120;
    /// <summary>The chance that a customer stops after any one order (the "dropout" of BG/NBD).</summary>
    public double Dropout { get; init; } = 0.2;
    /// <summary>How far ahead "will it order" looks, in days.</summary>
    public double HorizonDays { get; init; } = 91;
    /// <summary>The usual gap between orders: <c>(PriorGap x PriorWeight + days between first and last order) / (PriorWeight + repeat orders)</c>.</summary>
    public double PriorGapDays { get; init; } = 60;
    public double PriorGapWeight { get; init; } = 1;
    /// <summary>
    /// Weights of the log-odds of stopping over <see cref="HealthScoring.Features"/>: intercept, rhythm (BG/NBD) log-odds,
    /// log recency, log order days, log spend of the last year, log silence in usual gaps, slow-down, cancellations,
    /// log days as a customer, log orders of the last 90 days.
    /// Fitted by logistic regression on the four cut dates (health-eval --tune).
    /// </summary>
    public double[] Weights { get; init; } = [1.2788, 0.1493, 0.2941, -0.5341, -0.3243, -0.3072, 0.4055, -0.1086, -0.0155, -0.6407];
    /// <summary>The share of the rhythm model's own chance in the risk; the rest is the fitted logistic model's.</summary>
    public double RhythmShare { get; init; } = 0.5;
    /// <summary>Silent: no order for more than this many usual gaps ...</summary>
    public double SilentGaps { get; init; } = 1.5;
    /// <summary>... and for at least this many days.</summary>
    public double SilentMinDays { get; init; } = 45;

    public static HealthModel Default { get; } = new();
}

/// <summary>
/// The relationship health score, a pure function of an account's facts and the as-of date, shared by the nightly job,
/// the relationship-health command and the evaluation.
///
/// Risk is the chance that the account places no order in the next three months. Its core is the BG/NBD idea applied
/// to each account on its own: the account orders at its own rate (its orders over its time as a customer, pulled
/// towards a common prior while it has few), and after every order it may stop for good with a small chance; the
/// longer the silence since the last order, measured in its own usual gaps, the likelier it has stopped. Then the
/// log-odds move with what the rhythm cannot see: a slow-down against the year before, cancellations, and the service
/// and commercial signs (open complaints, missed SLAs, poor ratings, late deliveries, credit holds, no sign-in, no
/// contact). Score = 100 x (1 - risk): the chance, in percent, that it orders again within three months.
/// </summary>
public static class HealthScoring
{
    public const int RecentDays = 90;

    public static HealthResult Score(AccountFacts facts, DateOnly asOf, HealthModel? model = null)
    {
        model ??= HealthModel.Default;
        var at = new DateTimeOffset(asOf.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        var rhythm = Rhythm.Of(facts.Orders, at);
        var reasons = new List<(double Weight, string Text)>();

        double logit;
        bool silent = false;
        var cancelled = facts.Orders.Count(o => !o.IsPurchase && o.PlacedUtc >= at.AddDays(-RecentDays) && o.PlacedUtc < at);
        if (rhythm.Days == 0)
        {
            logit = Logit(0.6);
            reasons.Add((1, "No orders on record yet"));
        }
        else
        {
            // the fitted weights rank best on the data they were fitted on, but that data holds at most seven months of
            // history: for long, regular histories gone quiet they extrapolate poorly, so the rhythm model keeps half the say
            var x = Features(rhythm, cancelled, model);
            var fitted = model.Weights[0];
            for (var i = 0; i < x.Length; i++) fitted += model.Weights[i + 1] * x[i];
            var blended = model.RhythmShare * Sigmoid(x[0]) + (1 - model.RhythmShare) * Sigmoid(fitted);
            logit = Logit(Math.Clamp(blended, 1e-6, 1 - 1e-6));

            var gap = UsualGap(rhythm, model);
            silent = rhythm.Recency > model.SilentGaps * gap && rhythm.Recency >= model.SilentMinDays;
            if (silent)
                reasons.Add((3, rhythm.Days == 1
                    ? $"No order for {Days(rhythm.Recency)} since its only order"
                    : $"No order for {Days(rhythm.Recency)}; it usually orders every {Days(gap)}"));
            else if (rhythm.Days >= 2 && rhythm.Recency > 1.5 * gap && rhythm.Recency >= 14)
                reasons.Add((1.5, $"Last order {Days(rhythm.Recency)} ago, later than its usual {Days(gap)}"));
            else if (rhythm.Days == 1)
                reasons.Add((0.5, $"Only one order so far, {Days(rhythm.Recency)} ago"));

            if (rhythm.Days >= 3 && rhythm.BeforePer90 is { } before && before >= 1)
            {
                if (rhythm.Recent < 0.5 * before)
                    reasons.Add((2, $"Ordering has slowed: {Count(rhythm.Recent, "order")} in the last 90 days against about {before.ToString("0.#", CultureInfo.InvariantCulture)} in 90 days over the year before"));
                if (rhythm.SpendBeforePer90 is { } spend && spend > 0 && rhythm.RecentSpend < 0.5 * spend && rhythm.Recent > 0)
                    reasons.Add((1, $"Spending is down {Math.Round(100 * (1 - rhythm.RecentSpend / spend))}% in the last 90 days against the year before"));
            }
        }

        if (cancelled > 0)
        {
            reasons.Add((0.8, $"{Count(cancelled, "order")} cancelled or rejected in the last 90 days"));
        }

        // silence beyond orders: sign-in, requests and contacts (only when known)
        if (facts.LastSignInUtc is { } signIn && signIn < at && (at - signIn).TotalDays > 60)
        {
            logit += 0.3;
            reasons.Add((0.7, $"Nobody has signed in for {Days((at - signIn).TotalDays)}"));
        }
        var touch = Max(facts.LastRequestUtc, facts.LastContactUtc);
        if (touch is { } t && t < at && (at - t).TotalDays > 180)
        {
            logit += 0.2;
            reasons.Add((0.5, $"No request or contact for {Days((at - t).TotalDays)}"));
        }

        // delivery reliability
        if (facts.RecentDeliveries > 0 && facts.RecentLateDeliveries > 0)
        {
            var share = (double)facts.RecentLateDeliveries / facts.RecentDeliveries;
            if (share >= 0.2)
            {
                logit += 1.0 * share;
                reasons.Add((1 + share, $"{facts.RecentLateDeliveries} of {Count(facts.RecentDeliveries, "delivery", "deliveries")} in the last 90 days came after the promised date"));
            }
        }

        // service
        if (facts.OpenComplaints > 0)
        {
            logit += 0.35 * Math.Min(facts.OpenComplaints, 3);
            reasons.Add((1.6, $"{Count(facts.OpenComplaints, "complaint")} open"));
        }
        if (facts.RecentBreachedRequests > 0)
        {
            logit += 0.3 * Math.Min(facts.RecentBreachedRequests, 3);
            reasons.Add((1.8, $"{Count(facts.RecentBreachedRequests, "request")} in the last 90 days missed the promised response or resolution time"));
        }
        if (facts.Ratings > 0)
        {
            var average = (double)facts.RatingTotal / facts.Ratings;
            if (average < 3.5)
            {
                logit += average < 3 ? 0.5 : 0.25;
                reasons.Add((1.2, $"Satisfaction {average.ToString("0.0", CultureInfo.InvariantCulture)} out of 5 from {Count(facts.Ratings, "rating")}"));
            }
        }

        // commercial
        if (facts.RecentCreditHolds > 0)
        {
            logit += 0.4 * Math.Min(facts.RecentCreditHolds, 2);
            reasons.Add((1.4, $"{Count(facts.RecentCreditHolds, "order")} held for credit in the last 90 days"));
        }

        if (rhythm.Days >= 2 && !silent && !reasons.Any(r => r.Weight >= 1.5))
            reasons.Add((0, $"Orders steadily: {Count(rhythm.LastYear, "order")} in the last year, about every {Days(UsualGap(rhythm, model))}; last order {Days(rhythm.Recency)} ago"));

        var risk = 1 / (1 + Math.Exp(-logit));
        var score = (int)Math.Clamp(Math.Round(100 * (1 - risk)), 0, 100);
        return new HealthResult(score, Math.Round(risk, 4), silent, reasons.OrderByDescending(r => r.Weight).Select(r => r.Text).ToList());
    }

    /// <summary>
    /// What the log-odds of stopping are built from (an account with at least one order): the rhythm model's own log-odds
    /// (BG/NBD with the account's rate and a common dropout), log days since the last order, log order days, log spend of
    /// the last year, log of the silence in usual gaps, the slow-down of the last 90 days against the year before, and
    /// cancelled or rejected orders of the last 90 days (up to three), log days since the first order, log order days of
    /// the last 90 days.
    /// </summary>
    public static double[] Features(Rhythm rhythm, int cancelled, HealthModel model)
    {
        var rate = (model.RateShape + rhythm.Repeats) / (model.RateScale + rhythm.Tenure);
        var alive = 1 / (1 + model.Dropout / (1 - model.Dropout) * Math.Exp(Math.Min(700, rate * rhythm.Recency)));
        var buys = 1 - Math.Exp(-rate * model.HorizonDays);
        var rhythmRisk = Math.Clamp(1 - alive * buys, 1e-6, 1 - 1e-6);
        var trend = rhythm.Days >= 3 && rhythm.BeforePer90 is { } before ? Math.Log((before + 1) / (rhythm.Recent + 1)) : 0;
        return
        [
            Logit(rhythmRisk),
            Math.Log(1 + rhythm.Recency),
            Math.Log(rhythm.Days),
            Math.Log(1 + Math.Max(0, rhythm.LastYearSpend)),
            Math.Log((1 + rhythm.Recency) / (1 + UsualGap(rhythm, model))),
            trend,
            Math.Min(cancelled, 3),
            Math.Log(rhythm.Tenure),
            Math.Log(1 + rhythm.Recent),
        ];
    }

    /// <summary>The account's usual gap between orders, pulled towards a common prior while it has few orders.</summary>
    public static double UsualGap(Rhythm rhythm, HealthModel model) =>
        (model.PriorGapDays * model.PriorGapWeight + rhythm.Span) / (model.PriorGapWeight + rhythm.Repeats);

    private static double Sigmoid(double z) => 1 / (1 + Math.Exp(-z));

    private static double Logit(double p) => Math.Log(p / (1 - p));

    private static DateTimeOffset? Max(DateTimeOffset? a, DateTimeOffset? b) => a is null ? b : b is null ? a : a > b ? a : b;

    private static string Days(double days)
    {
        var d = (int)Math.Round(days);
        return d == 1 ? "1 day" : $"{d} days";
    }

    private static string Count(int n, string one, string? many = null) => n == 1 ? $"1 {one}" : $"{n} {many ?? one + "s"}";
}

/// <summary>An account's buying rhythm as of a date: order days, gaps, recency and the trend (shared with the evaluation's baseline).</summary>
public sealed record Rhythm
{
    /// <summary>Distinct days with a purchase before the date.</summary>
    public int Days { get; init; }
    public int Repeats => Math.Max(0, Days - 1);
    /// <summary>Days from the first purchase to the date.</summary>
    public double Tenure { get; init; }
    /// <summary>Days from the first purchase to the last.</summary>
    public double Span { get; init; }
    /// <summary>Days from the last purchase to the date.</summary>
    public double Recency { get; init; }
    /// <summary>Order days in the last 90 days, and their spend.</summary>
    public int Recent { get; init; }
    public double RecentSpend { get; init; }
    /// <summary>Order days per 90 days in the year before the last 90 days (null when the account is younger than 180 days).</summary>
    public double? BeforePer90 { get; init; }
    public double? SpendBeforePer90 { get; init; }
    public int LastYear { get; init; }
    public double LastYearSpend { get; init; }

    public static Rhythm Of(IReadOnlyList<OrderFact> orders, DateTimeOffset at)
    {
        var days = orders.Where(o => o.IsPurchase && o.PlacedUtc < at)
            .GroupBy(o => DateOnly.FromDateTime(o.PlacedUtc.UtcDateTime))
            .Select(g => (Day: g.Key, Spend: (double)g.Sum(o => o.Total)))
            .OrderBy(d => d.Day)
            .ToList();
        if (days.Count == 0) return new Rhythm();
        var today = DateOnly.FromDateTime(at.UtcDateTime);
        double Age(DateOnly d) => today.DayNumber - d.DayNumber;
        var tenure = Math.Max(1, Age(days[0].Day));
        var recent = days.Where(d => Age(d.Day) <= 90).ToList();
        var beforeSpan = Math.Min(365, tenure - 90);
        var before = days.Where(d => Age(d.Day) > 90 && Age(d.Day) <= 90 + 365).ToList();
        var lastYear = days.Where(d => Age(d.Day) <= 365).ToList();
        return new Rhythm
        {
            Days = days.Count,
            Tenure = tenure,
            Recency = Math.Max(0, Age(days[^1].Day)),
            Span = days[^1].Day.DayNumber - days[0].Day.DayNumber,
            Recent = recent.Count,
            RecentSpend = recent.Sum(d => d.Spend),
            BeforePer90 = beforeSpan >= 90 ? before.Count * 90 / beforeSpan : null,
            SpendBeforePer90 = beforeSpan >= 90 ? before.Sum(d => d.Spend) * 90 / beforeSpan : null,
            LastYear = lastYear.Count,
            LastYearSpend = lastYear.Sum(d => d.Spend),
        };
    }
}
