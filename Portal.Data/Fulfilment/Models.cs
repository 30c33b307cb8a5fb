namespace Portal.Data.Fulfilment;

public sealed record OrderDeskFilter(Guid? AccountId, string? Status, DateOnly? RequestedFrom, DateOnly? RequestedTo, int? WaitingHours, int Page = 1, int PageSize = 50);

/// <summary>One row of the promise ledger: never changed once written.</summary>
public sealed record PromiseEntry
{
    public int LineNumber { get; init; }
    public DateOnly PromisedDate { get; init; }
    public int Quantity { get; init; }
    public string Kind { get; init; } = "";
    public string? ReasonCode { get; init; }
    public string? Note { get; init; }
    public string? ByName { get; init; }
    public DateTimeOffset AtUtc { get; init; }
}

public sealed record ShipmentView
{
    public Guid Id { get; init; }
    public string Carrier { get; init; } = "";
    public string? TrackingRef { get; init; }
    public DateTimeOffset ShippedUtc { get; init; }
    public string? ByName { get; init; }
    public DateOnly? DeliveredDate { get; init; }
    public IReadOnlyDictionary<int, int> Lines { get; init; } = new Dictionary<int, int>();
    public IReadOnlyDictionary<int, int> Delivered { get; init; } = new Dictionary<int, int>();
}

/// <summary>Where each line of an order stands: ordered, the promise in force and its history, shipped and delivered.</summary>
public sealed record LineProgress(Ordering.OrderLine Line, PromiseEntry? Promise, IReadOnlyList<PromiseEntry> History, int Shipped, int Delivered)
{
    public int ToShip => Line.Quantity - Shipped;
}

public sealed record OrderProgress(IReadOnlyList<LineProgress> Lines, IReadOnlyList<ShipmentView> Shipments);

public static class RepromiseReasons
{
    public const string SupplierStockOut = "SupplierStockOut";
    public const string Transport = "Transport";
    public const string CustomerRequest = "CustomerRequest";
    public const string QualityHold = "QualityHold";
    public const string Other = "Other";

    public static readonly IReadOnlyList<string> All = [SupplierStockOut, Transport, CustomerRequest, QualityHold, Other];

    public static string Label(string? code) => code switch
    {
        SupplierStockOut => "Supplier stock-out",
        Transport => "Transport",
        CustomerRequest => "Customer request",
        QualityHold => "Quality hold",
        Other => "Other",
        _ => "",
    };
}
