using Portal.Data.Catalog;

namespace Portal.Data.Ordering;

public static class OrderStatus
{
    public const string PendingApproval = "PendingApproval";
    public const string CreditHold = "CreditHold";
    public const string Submitted = "Submitted";
    public const string Rejected = "Rejected";
    public const string Cancelled = "Cancelled";
    public const string Confirmed = "Confirmed";
    public const string PartiallyShipped = "PartiallyShipped";
    public const string Shipped = "Shipped";
    public const string Delivered = "Delivered";
    public const string Closed = "Closed";

    /// <summary>Orders that still count against the credit limit: placed and not yet delivered.</summary>
    public static readonly IReadOnlyList<string> Open = [PendingApproval, CreditHold, Submitted, Confirmed, PartiallyShipped, Shipped];

    public static readonly IReadOnlyList<string> All = [PendingApproval, CreditHold, Submitted, Confirmed, PartiallyShipped, Shipped, Delivered, Closed, Rejected, Cancelled];

    /// <summary>The customer may cancel until the supplier has confirmed the order.</summary>
    public static bool CanCancel(string status) => status is PendingApproval or CreditHold or Submitted;

    public static string Label(string status) => status switch
    {
        PendingApproval => "Waiting for approval",
        CreditHold => "On credit hold",
        Submitted => "Submitted",
        Rejected => "Rejected",
        Cancelled => "Cancelled",
        Confirmed => "Confirmed",
        PartiallyShipped => "Partially shipped",
        Shipped => "Shipped",
        Delivered => "Delivered",
        Closed => "Closed",
        _ => status,
    };
}

/// <summary>A cart line with what the buyer sees: the product, the price they will pay, and any problem with the quantity.</summary>
public sealed record CartLine(Product Product, int Quantity, Price Price, string? Problem)
{
    public decimal LineTotal => Money.Round(Price.UnitPrice * Quantity);
}

public sealed record CartView(Guid CartId, Guid SiteId, int Version, IReadOnlyList<CartLine> Lines)
{
    public decimal Total => Lines.Sum(l => l.LineTotal);
    public bool HasProblems => Lines.Any(l => l.Problem is not null);
    public int LongestLeadTimeDays => Lines.Count == 0 ? 0 : Lines.Max(l => l.Product.LeadTimeDays);
}

public sealed record Order
{
    public Guid Id { get; init; }
    public Guid AccountId { get; init; }
    /// <summary>Filled where the supplier sees orders of many accounts (the desk); empty on the customer's own pages.</summary>
    public string AccountName { get; init; } = "";
    /// <summary>The account's time zone, where the supplier sees orders of many accounts: their times are shown in it.</summary>
    public string AccountTimeZone { get; init; } = "UTC";
    public string Number { get; init; } = "";
    public Guid SiteId { get; init; }
    public string SiteName { get; init; } = "";
    public Guid PlacedByUserId { get; init; }
    public string PlacedBy { get; init; } = "";
    public string Status { get; init; } = "";
    public string? PoNumber { get; init; }
    public DateOnly RequestedDeliveryDate { get; init; }
    public string? Notes { get; init; }
    public decimal Total { get; init; }
    public int LineCount { get; init; }
    public DateTimeOffset CreatedUtc { get; init; }
    public string? DecidedBy { get; init; }
    public DateTimeOffset? DecidedUtc { get; init; }
    public string? DecisionReason { get; init; }
    public int Version { get; init; }
    /// <summary>Where the order came from: <see cref="OrderSource"/> Portal, Api or Schedule.</summary>
    public string Source { get; init; } = OrderSource.Portal;
}

public sealed record OrderLine
{
    public int LineNumber { get; init; }
    public Guid ProductId { get; init; }
    public string Sku { get; init; } = "";
    public string Name { get; init; } = "";
    public string Unit { get; init; } = "";
    public int Quantity { get; init; }
    public decimal UnitPrice { get; init; }
    public decimal LineTotal { get; init; }
}

public sealed record OrderEvent
{
    public DateTimeOffset AtUtc { get; init; }
    public string Status { get; init; } = "";
    public string? UserName { get; init; }
    public string? Note { get; init; }
}

/// <summary>What the history shows; <see cref="Status"/> is one status, or <see cref="OpenStatus"/> for every open one.</summary>
public sealed record OrderFilter(string? Status, Guid? SiteId, DateOnly? From, DateOnly? To, string? PoNumber, string? Sku, int Page = 1, int PageSize = 25)
{
    /// <summary>The status filter's value for "open": placed and not yet delivered, closed, cancelled or rejected.</summary>
    public const string OpenStatus = "Open";
}

public sealed record StandingList
{
    public Guid Id { get; init; }
    public Guid AccountId { get; init; }
    public string Name { get; init; } = "";
    public string CreatedBy { get; init; } = "";
    public DateTimeOffset CreatedUtc { get; init; }
    public int LineCount { get; init; }
}

public sealed record StandingListLine
{
    public Guid ProductId { get; init; }
    public string Sku { get; init; } = "";
    public string Name { get; init; } = "";
    public string Unit { get; init; } = "";
    public int Quantity { get; init; }
    public int PackSize { get; init; } = 1;
    public int MinQuantity { get; init; } = 1;
    public bool IsActive { get; init; } = true;
}

/// <summary>What an add to the cart did: lines that were new, lines whose quantity grew, and whether the cart was emptied first.</summary>
public sealed record CartChange(int Added, int Increased, bool Replaced)
{
    /// <summary>"3 lines added, 2 quantities increased." or "Cart replaced with 5 lines."</summary>
    public string Describe() => Replaced
        ? $"Cart replaced with {Lines(Added)}."
        : $"{Lines(Added)} added, {Increased} {(Increased == 1 ? "quantity" : "quantities")} increased.";

    private static string Lines(int n) => n == 1 ? "1 line" : $"{n} lines";
}

/// <summary>The quantity a buyer can order at least: the minimum, rounded up to whole packs.</summary>
public static class OrderQuantities
{
    public static int Smallest(int minQuantity, int packSize)
    {
        var pack = Math.Max(1, packSize);
        var min = Math.Max(1, minQuantity);
        return (min + pack - 1) / pack * pack;
    }

    public static int Smallest(Product product) => Smallest(product.MinQuantity, product.PackSize);
}

/// <summary>What a buyer typed, pasted or uploaded: one line per row, and the rows that could not be used, with why.</summary>
public sealed record QuickOrderResult(IReadOnlyList<(int Row, string Sku, int Quantity)> Lines, IReadOnlyList<(int Row, string Text, string Problem)> Problems);
