using Portal.Data.Accounts;

namespace Portal.Data.Replenishment;

/// <summary>Where a stock count came from.</summary>
public static class CountSource
{
    public const string Sheet = "Sheet";
    public const string Csv = "Csv";
    public const string Api = "Api";

    public static string Label(string? source) => source switch
    {
        Sheet => "count sheet",
        Csv => "CSV upload",
        Api => "API",
        _ => source ?? "",
    };
}

/// <summary>What became of the counts that made a stock-rule order due (one row per site and trigger).</summary>
public static class StockOrderOutcome
{
    /// <summary>Claimed by a run that is placing its order now (or stopped half-way: a later run takes it over).</summary>
    public const string Claimed = "Claimed";
    public const string Placed = "Placed";
    public const string Failed = "Failed";
}

/// <summary>Who looks at stock levels: a user of the account, limited to their own site when <see cref="OwnSiteId"/> is set.</summary>
public sealed record StockViewer(Guid AccountId, Guid UserId, Guid? OwnSiteId);

/// <summary>
/// One stock rule of a site as the pages and the run see it: the rule, the latest count, what is on order, what was delivered
/// since that count and, when that count already led to an order, which one.
/// </summary>
public sealed record StockLevel
{
    public Guid Id { get; init; }
    public Guid AccountId { get; init; }
    public Guid SiteId { get; init; }
    public string SiteName { get; init; } = "";
    public string SiteCode { get; init; } = "";
    public Guid ProductId { get; init; }
    public string Sku { get; init; } = "";
    public string Name { get; init; } = "";
    public string Unit { get; init; } = "";
    public int PackSize { get; init; } = 1;
    public int MinQuantity { get; init; } = 1;
    public int LeadTimeDays { get; init; }
    public bool IsActive { get; init; }
    public int MinLevel { get; init; }
    public int MaxLevel { get; init; }
    public Guid OwnerUserId { get; init; }
    public string OwnerName { get; init; } = "";
    public bool OwnerIsDisabled { get; init; }
    public Guid? OwnerSiteId { get; init; }
    public DateTimeOffset RuleCreatedUtc { get; init; }
    public int Version { get; init; }
    public Guid? CountId { get; init; }
    public int? CountedOnHand { get; init; }
    public DateTimeOffset? CountedUtc { get; init; }
    public string? CountedBy { get; init; }
    public string? CountSource { get; init; }
    /// <summary>Ordered for this site and product on open orders and not yet delivered.</summary>
    public int OnOrder { get; init; }
    /// <summary>Delivered to this site since the latest count (not in that count, no longer on order).</summary>
    public int DeliveredSinceCount { get; init; }
    /// <summary>The order the latest count already led to (or the claim's outcome), if it did.</summary>
    public string? CountOrderNumber { get; init; }
    public string? CountOrderOutcome { get; init; }
    public string? CountOrderReason { get; init; }

    /// <summary>What the run nets against: on order now plus delivered since the count (both missing from the counted figure).</summary>
    public int Pipeline => Math.Max(0, OnOrder) + Math.Max(0, DeliveredSinceCount);
}

/// <summary>What the next replenishment run will order for one rule, and why (in words for the page and the API).</summary>
public sealed record NextRun(int Quantity, string Explanation);

/// <summary>An estimate of on-hand now from the usage between earlier counts, and the local date the minimum will be reached.</summary>
public sealed record StockEstimate(int? OnHandNow, double? UsagePerDay, DateOnly? MinimumReached, bool AlreadyAtMinimum);

/// <summary>A rule with everything the page shows about it.</summary>
public sealed record StockLevelView(StockLevel Level, StockEstimate Estimate, NextRun Next);

public sealed record StockSiteView(Site Site, IReadOnlyList<StockLevelView> Levels, string TimeZone)
{
    public int NextRunLines => Levels.Count(l => l.Next.Quantity > 0);
}

public sealed record StockRuleInput(string? Sku, int? MinLevel, int? MaxLevel);

/// <summary>A count as typed (sheet, CSV row) or sent (API): the SKU and the number on the shelf, as text.</summary>
public sealed record CountInput(string? Sku, string? OnHand);

/// <summary>A problem of one replenishment run: a schedule or a stock rule of an account that placed no order, and why.</summary>
public sealed record RunProblem(string Kind, Guid? AccountId, string AccountName, string Subject, Guid? SubjectId, string Reason)
{
    public const string Schedule = "Schedule";
    public const string StockRule = "StockRule";

    public static string Label(string kind) => kind == StockRule ? "Stock rule" : "Schedule";
}
