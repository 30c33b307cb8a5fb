using Portal.Data.Fulfilment;
using Portal.Data.Ordering;

namespace Portal.Web.Api;

/// <summary>One promise of the ledger: the first (Confirmed) or a later one (Repromised, with its reason). Never changed once made.</summary>
public sealed record PromiseDto(DateOnly PromisedDate, int Quantity, string Kind, string? Reason, string? Note, DateTimeOffset At);

/// <summary>An order line with where it stands: the promise in force, every promise made, and what was shipped and delivered.</summary>
public sealed record OrderLineDto(int Line, string Sku, string Name, int Quantity, decimal UnitPrice, decimal LineTotal,
    PromiseDto? Promise, IReadOnlyList<PromiseDto> Promises, int Shipped, int Delivered);

public sealed record QuantityLineDto(int Line, int Quantity);

/// <summary>What arrived of one shipment (short deliveries show as a smaller quantity than shipped).</summary>
public sealed record DeliveryDto(DateOnly DeliveredDate, IReadOnlyList<QuantityLineDto> Lines);

/// <summary>A shipment; its id is what recording its delivery needs.</summary>
public sealed record ShipmentDto(Guid Id, string Carrier, string? TrackingReference, DateTimeOffset Shipped, IReadOnlyList<QuantityLineDto> Lines, DeliveryDto? Delivery);

public sealed record OrderDto(string Number, string Status, string Site, string? PoNumber, DateOnly RequestedDeliveryDate, DateTimeOffset Created, decimal Total,
    IReadOnlyList<OrderLineDto> Lines, IReadOnlyList<ShipmentDto> Shipments, string Source);

public sealed record SupplierOrderDto(string Number, string Account, string Site, string Status, string? PoNumber, DateOnly RequestedDeliveryDate, DateTimeOffset Created, decimal Total,
    IReadOnlyList<OrderLineDto> Lines, IReadOnlyList<ShipmentDto> Shipments, string Source);

/// <summary>The answer to recording a shipment: the new shipment's id (for its delivery) and the order as it now stands.</summary>
public sealed record ShipmentRecordedDto(Guid ShipmentId, SupplierOrderDto Order);

/// <summary>
/// Orders as the API shows them: what the order pages show (lines, the promise ledger, shipments and deliveries), read
/// with the order desk's progress read. Callers pass an order they read themselves: customer endpoints read it scoped to
/// the key's account (<see cref="Orders.GetAsync"/>), so its id can only be one of that account's orders.
/// </summary>
public sealed class ApiOrderView(OrderDesk desk)
{
    public async Task<OrderDto> CustomerAsync(Order order, CancellationToken ct)
    {
        var (lines, shipments) = await ProgressAsync(order, ct);
        return new OrderDto(order.Number, order.Status, order.SiteName, order.PoNumber, order.RequestedDeliveryDate, order.CreatedUtc, order.Total, lines, shipments, order.Source);
    }

    public async Task<SupplierOrderDto> SupplierAsync(Order order, CancellationToken ct)
    {
        var (lines, shipments) = await ProgressAsync(order, ct);
        return new SupplierOrderDto(order.Number, order.AccountName, order.SiteName, order.Status, order.PoNumber, order.RequestedDeliveryDate, order.CreatedUtc, order.Total, lines, shipments, order.Source);
    }

    public async Task<IReadOnlyList<Guid>> ShipmentIdsAsync(Order order, CancellationToken ct) =>
        (await desk.ProgressAsync(order.AccountId, order.Id, ct)).Shipments.Select(s => s.Id).ToList();

    private async Task<(IReadOnlyList<OrderLineDto>, IReadOnlyList<ShipmentDto>)> ProgressAsync(Order order, CancellationToken ct)
    {
        var progress = await desk.ProgressAsync(order.AccountId, order.Id, ct);
        var lines = progress.Lines.Select(l => new OrderLineDto(l.Line.LineNumber, l.Line.Sku, l.Line.Name, l.Line.Quantity, l.Line.UnitPrice, l.Line.LineTotal,
            l.Promise is null ? null : Promise(l.Promise), l.History.Select(Promise).ToList(), l.Shipped, l.Delivered)).ToList();
        var shipments = progress.Shipments.Select(s => new ShipmentDto(s.Id, s.Carrier, s.TrackingRef, s.ShippedUtc,
            s.Lines.OrderBy(x => x.Key).Select(x => new QuantityLineDto(x.Key, x.Value)).ToList(),
            s.DeliveredDate is { } date ? new DeliveryDto(date, s.Delivered.OrderBy(x => x.Key).Select(x => new QuantityLineDto(x.Key, x.Value)).ToList()) : null)).ToList();
        return (lines, shipments);
    }

    private static PromiseDto Promise(PromiseEntry p) => new(p.PromisedDate, p.Quantity, p.Kind, p.ReasonCode, p.Note, p.AtUtc);
}
