using Microsoft.AspNetCore.Http.HttpResults;
using Portal.Data.Catalog;
using Portal.Data.Fulfilment;
using Portal.Data.Ordering;

namespace Portal.Web.Api;

public sealed record PromiseLineRequest(int Line, DateOnly? PromisedDate, int Quantity);
public sealed record ConfirmationRequest(IReadOnlyList<PromiseLineRequest>? Lines);
public sealed record RepromiseRequest(int Line, DateOnly? PromisedDate, int? Quantity, string? Reason, string? Note);
public sealed record QuantityLineRequest(int Line, int Quantity);
public sealed record ShipmentRequest(string? Carrier, string? TrackingReference, IReadOnlyList<QuantityLineRequest>? Lines);
public sealed record DeliveryRequest(Guid ShipmentId, DateOnly? DeliveredDate, IReadOnlyList<QuantityLineRequest>? Lines);
public sealed record ProductUpsert(string? Sku, string? Name, string? Description, string? Category, string? Unit, int PackSize, int MinimumQuantity, int LeadTimeDays, decimal ListPrice, bool Active = true);
public sealed record PriceUpsert(string? AccountName, string? Sku, int MinimumQuantity, decimal UnitPrice, DateOnly? ValidFrom, DateOnly? ValidTo);
public sealed record UpsertedDto(int Upserted);

/// <summary>The supplier side of the integration API: the ERP and warehouse systems work the order desk and the catalog.</summary>
public static class SupplierApi
{
    public static void Map(RouteGroupBuilder api)
    {
        var supplier = api.MapGroup("/supplier").RequireAuthorization(ApiSetup.SupplierPolicy).WithTags("Supplier");

        supplier.MapGet("/orders", async Task<Ok<List<SupplierOrderDto>>> (string? status, OrderDesk orderDesk, ApiOrderView view, CancellationToken ct) =>
        {
            var page = await orderDesk.QueueAsync(new OrderDeskFilter(null, string.IsNullOrWhiteSpace(status) ? OrderStatus.Submitted : status, null, null, null, 1, 200), ct);
            var result = new List<SupplierOrderDto>();
            foreach (var o in page.Items) result.Add(await view.SupplierAsync(o, ct));
            return TypedResults.Ok(result);
        }).WithName("ListSupplierOrders")
          .WithSummary("Orders by status (default: Submitted, the new orders waiting for confirmation), oldest first, at most 200");

        supplier.MapGet("/orders/{number}", async Task<Results<Ok<SupplierOrderDto>, ProblemHttpResult>> (string number, OrderDesk orderDesk, ApiOrderView view, CancellationToken ct) =>
            await orderDesk.GetAsync(number, ct) is { } order
                ? TypedResults.Ok(await view.SupplierAsync(order, ct))
                : NoSuchOrder(number))
            .WithName("GetSupplierOrder")
            .WithSummary("One order of any account: lines, the promise ledger, shipments (with the ids deliveries need) and deliveries")
            .ProducesProblem(StatusCodes.Status404NotFound);

        supplier.MapPost("/orders/{number}/confirmation", (string number, ConfirmationRequest body, CurrentUser caller, OrderDesk orderDesk, ApiOrderView view, CancellationToken ct) =>
            Run(orderDesk, view, number, orderDesk.ConfirmAsync(number, caller.UserId, (body.Lines ?? []).Select(l => new PromiseInput(l.Line, l.PromisedDate, l.Quantity)).ToList(), ct), ct))
            .WithName("ConfirmOrder")
            .WithSummary("Confirm a submitted order with a promised date and quantity per line")
            .ProducesProblem(StatusCodes.Status404NotFound);

        supplier.MapPost("/orders/{number}/repromises", (string number, RepromiseRequest body, CurrentUser caller, OrderDesk orderDesk, ApiOrderView view, CancellationToken ct) =>
            Run(orderDesk, view, number, orderDesk.RepromiseAsync(number, caller.UserId, body.Line, body.PromisedDate, body.Quantity, body.Reason, body.Note, ct), ct))
            .WithName("RepromiseOrderLine")
            .WithSummary("Re-promise one line with a reason: SupplierStockOut, Transport, CustomerRequest, QualityHold or Other; a date or quantity left out stays as promised")
            .ProducesProblem(StatusCodes.Status404NotFound);

        supplier.MapPost("/orders/{number}/shipments", async Task<Results<Ok<ShipmentRecordedDto>, ValidationProblem, ProblemHttpResult>> (
            string number, ShipmentRequest body, CurrentUser caller, OrderDesk orderDesk, ApiOrderView view, CancellationToken ct) =>
        {
            if (await orderDesk.GetAsync(number, ct) is not { } before) return NoSuchOrder(number);
            var earlier = await view.ShipmentIdsAsync(before, ct);
            var outcome = await orderDesk.ShipAsync(number, caller.UserId, body.Carrier, body.TrackingReference, (body.Lines ?? []).Select(l => new QuantityInput(l.Line, l.Quantity)).ToList(), ct);
            if (outcome is null) return NoSuchOrder(number);
            if (!outcome.Succeeded) return Invalid(outcome);
            var order = await view.SupplierAsync(outcome.Value!, ct);
            // the shipment just recorded: the one that was not there before (should another arrive meanwhile, the one with this carrier, tracking and lines)
            var shipment = order.Shipments.Where(s => !earlier.Contains(s.Id))
                .OrderByDescending(s => s.Carrier == body.Carrier?.Trim() && s.TrackingReference == (string.IsNullOrWhiteSpace(body.TrackingReference) ? null : body.TrackingReference.Trim())
                                        && s.Lines.All(l => body.Lines!.Any(x => x.Line == l.Line && x.Quantity == l.Quantity)))
                .First();
            return TypedResults.Ok(new ShipmentRecordedDto(shipment.Id, order));
        }).WithName("RecordShipment")
          .WithSummary("Record a shipment (partial allowed); the answer holds the shipment's id, which recording its delivery needs")
          .ProducesProblem(StatusCodes.Status404NotFound);

        supplier.MapPost("/orders/{number}/deliveries", (string number, DeliveryRequest body, CurrentUser caller, OrderDesk orderDesk, ApiOrderView view, CancellationToken ct) =>
            Run(orderDesk, view, number, orderDesk.DeliverAsync(number, caller.UserId, body.ShipmentId, body.DeliveredDate, (body.Lines ?? []).Select(l => new QuantityInput(l.Line, l.Quantity)).ToList(), ct), ct))
            .WithName("RecordDelivery")
            .WithSummary("Record the delivery of one shipment (short deliveries allowed)")
            .ProducesProblem(StatusCodes.Status404NotFound);

        supplier.MapPut("/products", async Task<Results<Ok<UpsertedDto>, ValidationProblem>> (IReadOnlyList<ProductUpsert> body, CatalogImport import, CancellationToken ct) =>
        {
            if (body.Count is 0 or > MaxRows) return TypedResults.ValidationProblem(new Dictionary<string, string[]> { [""] = [$"Send between 1 and {MaxRows} products."] });
            var rows = CatalogImport.ParseProducts(ApiCatalogRows.Products(body));
            if (ApiCatalogRows.Errors(rows) is { Count: > 0 } errors) return TypedResults.ValidationProblem(errors);
            await import.ApplyProductsAsync(rows, ct);
            return TypedResults.Ok(new UpsertedDto(rows.Count));
        }).WithName("UpsertProducts")
          .WithSummary("Create or update products by SKU, all or nothing, under the CSV import's rules");

        supplier.MapPut("/prices", async Task<Results<Ok<UpsertedDto>, ValidationProblem>> (IReadOnlyList<PriceUpsert> body, CatalogImport import, CancellationToken ct) =>
        {
            if (body.Count is 0 or > MaxRows) return TypedResults.ValidationProblem(new Dictionary<string, string[]> { [""] = [$"Send between 1 and {MaxRows} prices."] });
            var rows = await import.ParsePricesAsync(ApiCatalogRows.Prices(body), ct);
            if (ApiCatalogRows.Errors(rows) is { Count: > 0 } errors) return TypedResults.ValidationProblem(errors);
            await import.ApplyPricesAsync(rows, ct);
            return TypedResults.Ok(new UpsertedDto(rows.Count));
        }).WithName("UpsertPrices")
          .WithSummary("Create or replace contract prices (by account, SKU, quantity break and start date), all or nothing, under the CSV import's rules");
    }

    private const int MaxRows = 5000;

    private static ProblemHttpResult NoSuchOrder(string number) => TypedResults.Problem(title: "No such order", detail: $"There is no order {number}.", statusCode: 404);

    private static ValidationProblem Invalid(Outcome<Order> outcome) =>
        TypedResults.ValidationProblem(outcome.Errors.ToDictionary(e => System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(e.Key), e => new[] { e.Value }));

    private static async Task<Results<Ok<SupplierOrderDto>, ValidationProblem, ProblemHttpResult>> Run(OrderDesk orderDesk, ApiOrderView view, string number, Task<Outcome<Order>?> change, CancellationToken ct)
    {
        var outcome = await change;
        if (outcome is null) return NoSuchOrder(number);
        if (!outcome.Succeeded) return Invalid(outcome);
        return TypedResults.Ok(await view.SupplierAsync((await orderDesk.GetAsync(number, ct))!, ct));
    }
}
