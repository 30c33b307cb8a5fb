namespace Portal.Data.Reliability;

/// <summary>What a roll-up groups by.</summary>
public static class ReliabilityDimensions
{
    public const string Account = "Account";
    public const string Site = "Site";
    public const string Sku = "Sku";
    public const string Category = "Category";
    public const string Reason = "Reason";

    public static readonly IReadOnlyList<string> All = [Account, Site, Sku, Category, Reason];
}

/// <summary>Periods of a roll-up: a week (starting Monday) or a calendar month.</summary>
public static class ReliabilityGrains
{
    public const string Week = "W";
    public const string Month = "M";
}

/// <summary>
/// The sums behind the figures of a set of lines (a roll-up row, or several added up): shares are computed from them,
/// never averaged.
/// </summary>
public record ReliabilitySums
{
    public long Lines { get; init; }
    public long OnTimeFirst { get; init; }
    public long OnTimeRequested { get; init; }
    public long OnTimeLast { get; init; }
    public long LateLines { get; init; }
    public long WarnedLate { get; init; }
    public long ShortLines { get; init; }
    public long DaysLate { get; init; }
    public long Ordered { get; init; }
    public long Delivered { get; init; }

    /// <summary>Share of lines on time in full against the first promise (null: no line counted).</summary>
    public decimal? OtifFirst => Share(OnTimeFirst, Lines);
    public decimal? OtifRequested => Share(OnTimeRequested, Lines);
    public decimal? OtifLast => Share(OnTimeLast, Lines);
    /// <summary>Units delivered of units ordered.</summary>
    public decimal? FillRate => Share(Delivered, Ordered);
    /// <summary>Of the late lines, the share the customer was warned about in advance ("no surprises").</summary>
    public decimal? Warned => Share(WarnedLate, LateLines);
    /// <summary>Average days late of the late lines.</summary>
    public decimal? AverageDaysLate => LateLines == 0 ? null : Math.Round((decimal)DaysLate / LateLines, 1);

    public static decimal? Share(long part, long whole) => whole == 0 ? null : Math.Round(100m * part / whole, 1);

    public static ReliabilitySums Sum(IEnumerable<ReliabilitySums> rows)
    {
        var list = rows.ToList();
        return new ReliabilitySums
        {
            Lines = list.Sum(r => r.Lines), OnTimeFirst = list.Sum(r => r.OnTimeFirst), OnTimeRequested = list.Sum(r => r.OnTimeRequested),
            OnTimeLast = list.Sum(r => r.OnTimeLast), LateLines = list.Sum(r => r.LateLines), WarnedLate = list.Sum(r => r.WarnedLate),
            ShortLines = list.Sum(r => r.ShortLines), DaysLate = list.Sum(r => r.DaysLate), Ordered = list.Sum(r => r.Ordered), Delivered = list.Sum(r => r.Delivered),
        };
    }
}

/// <summary>One roll-up row: a dimension's key in one week or month.</summary>
public sealed record RollupRow : ReliabilitySums
{
    public string Dimension { get; init; } = "";
    public string DimensionKey { get; init; } = "";
    public string Grain { get; init; } = "";
    public DateOnly PeriodStart { get; init; }
    public Guid? AccountId { get; init; }
    public string Label { get; init; } = "";
}

/// <summary>A dimension's key (an account, a SKU) with its figures over a period, for the supplier's rankings.</summary>
public sealed record RankedRow : ReliabilitySums
{
    public string DimensionKey { get; init; } = "";
    public string Label { get; init; } = "";
}

/// <summary>A late or short line, as the customer's page lists it.</summary>
public sealed record ExceptionLine
{
    public Guid OrderId { get; init; }
    public int LineNumber { get; init; }
    public string OrderNumber { get; init; } = "";
    public string Sku { get; init; } = "";
    public string ProductName { get; init; } = "";
    public int Ordered { get; init; }
    public int Delivered { get; init; }
    public DateOnly FirstDate { get; init; }
    public DateOnly LastDate { get; init; }
    public DateOnly? CompletedDate { get; init; }
    public DateOnly CountedOn { get; init; }
    public bool IsLate { get; init; }
    public bool IsShort { get; init; }
    public int DaysLate { get; init; }
    public bool Warned { get; init; }
    public string? ReasonCode { get; init; }
}

/// <summary>A line flagged at risk, as the desk's At risk queue lists it.</summary>
public sealed record RiskLine
{
    public Guid Id { get; init; }
    public Guid OrderId { get; init; }
    public string OrderNumber { get; init; } = "";
    public string AccountName { get; init; } = "";
    public string SiteName { get; init; } = "";
    public int LineNumber { get; init; }
    public string Sku { get; init; } = "";
    public string ProductName { get; init; } = "";
    public DateOnly PromisedDate { get; init; }
    public int Quantity { get; init; }
    public int Shipped { get; init; }
    public DateOnly ShipBy { get; init; }
    public DateTimeOffset FlaggedUtc { get; init; }
}

/// <summary>A site with its transit days (how many business days a delivery takes to reach it).</summary>
public sealed record SiteTransit
{
    public Guid SiteId { get; init; }
    public Guid AccountId { get; init; }
    public string AccountName { get; init; } = "";
    public string SiteCode { get; init; } = "";
    public string SiteName { get; init; } = "";
    public int? TransitDays { get; init; }
    public int Effective => TransitDays ?? PromiseRisk.DefaultTransitDays;
}

/// <summary>What a roll-up run did.</summary>
public sealed record RollupSummary(int Lines, int RollupRows, TimeSpan Took)
{
    /// <summary>Line rows deleted, changed or added (a full refresh writes only what differs from what was stored).</summary>
    public int LinesWritten { get; init; }
    public int RollupRowsWritten { get; init; }
}

/// <summary>What an at-risk run did.</summary>
public sealed record RiskSummary(int AtRisk, int Flagged, int Cleared);
