namespace Portal.Data.Fulfilment;

/// <summary>
/// The desk queue's filter. <see cref="Status"/> is an order status or one of the desk's work queues (<see cref="DeskQueues"/>),
/// which span several statuses.
/// </summary>
public sealed record OrderDeskFilter(Guid? AccountId, string? Status, DateOnly? RequestedFrom, DateOnly? RequestedTo, int? WaitingHours, int Page = 1, int PageSize = 50);

/// <summary>
/// The desk's work queues: what an agent has to do next. "To ship" is every confirmed order with something promised left
/// to ship, partially shipped ones included; "Awaiting delivery" is every order with a shipment on its way whose delivery
/// is not recorded yet, partially shipped and partially delivered ones included.
/// </summary>
public static class DeskQueues
{
    public const string ToConfirm = Ordering.OrderStatus.Submitted;
    public const string CreditHold = Ordering.OrderStatus.CreditHold;
    public const string ToShip = "ToShip";
    public const string AwaitingDelivery = "AwaitingDelivery";

    /// <summary>The queues that span several statuses (the filter offers them beside the statuses).</summary>
    public static readonly IReadOnlyList<string> Grouped = [ToShip, AwaitingDelivery];

    public static string Label(string queue) => queue switch
    {
        ToConfirm => "To confirm",
        CreditHold => "On credit hold",
        ToShip => "To ship",
        AwaitingDelivery => "Awaiting delivery",
        _ => Ordering.OrderStatus.Label(queue),
    };

    /// <summary>What a grouped queue holds, for the filter's option text.</summary>
    public static string Describe(string queue) => queue switch
    {
        ToShip => "To ship (confirmed or partially shipped)",
        AwaitingDelivery => "Awaiting delivery (shipped, partially shipped or partially delivered)",
        _ => Label(queue),
    };
}

/// <summary>How many orders wait in each of the desk's queues (one set-based read).</summary>
public sealed record DeskCounts
{
    public int ToConfirm { get; init; }
    public int CreditHold { get; init; }
    public int ToShip { get; init; }
    public int AwaitingDelivery { get; init; }

    public int Of(string queue) => queue switch
    {
        DeskQueues.ToConfirm => ToConfirm,
        DeskQueues.CreditHold => CreditHold,
        DeskQueues.ToShip => ToShip,
        DeskQueues.AwaitingDelivery => AwaitingDelivery,
        _ => 0,
    };
}

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
    /// <summary>Ordered and not yet shipped.</summary>
    public int ToShip => Line.Quantity - Shipped;

    /// <summary>Promised and not yet shipped: the most a shipment may carry of this line.</summary>
    public int PromisedToShip => Math.Max(0, (Promise?.Quantity ?? 0) - Shipped);
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
