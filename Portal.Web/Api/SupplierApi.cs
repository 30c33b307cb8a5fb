using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Portal.Data.Catalog;
using Portal.Data.Fulfilment;
using Portal.Data.Ordering;

namespace Portal.Web.Api;

public sealed record SupplierOrderDto(string Number, string Account, string Site, string Status, string? PoNumber, DateOnly RequestedDeliveryDate, DateTimeOffset Created, decimal Total, IReadOnlyList<OrderLineDto> Lines);
public sealed record PromiseLineRequest(int Line, DateOnly? PromisedDate, int Quantity);
public sealed record ConfirmationRequest(IReadOnlyList<PromiseLineRequest>? Lines);
public sealed record RepromiseRequest(int Line, DateOnly? PromisedDate, int Quantity, string? Reason, string? Note);
public sealed record QuantityLineRequest(int Line, int Quantity);
public sealed record ShipmentRequest(string? Carrier, string? TrackingReference, IReadOnlyList<QuantityLineRequest>? Lines);
public sealed record DeliveryRequest(Guid ShipmentId, DateOnly? DeliveredDate, IReadOnlyList<QuantityLineRequest>? Lines);
public sealed record ProductUpsert(string? Sku, string? Name, string? Description, string? Category, string? Unit, int PackSize, int MinimumQuantity, int LeadTimeDays, decimal ListPrice, bool Active = true);
public sealed record PriceUpsert(string? AccountName, string? Sku, int MinimumQuantity, decimal UnitPrice, DateOnly? ValidFrom, DateOnly? ValidTo);

/// <summary>The supplier side of the integration API: the ERP and warehouse systems work the order orderDesk.</summary>
public static class SupplierApi
{
    public static void Map(RouteGroupBuilder api)
    {
        var supplier = api.MapGroup("/supplier").RequireAuthorization(ApiSetup.SupplierPolicy).WithTags("Supplier");

        supplier.MapGet("/orders", async (string? status, OrderDesk orderDesk, Orders orders, CancellationToken ct) =>
        {
            var page = await orderDesk.QueueAsync(new OrderDeskFilter(null, string.IsNullOrWhiteSpace(status) ? OrderStatus.Submitted : status, null, null, null, 1, 200), ct);
            var result = new List<SupplierOrderDto>();
            foreach (var o in page.Items) result.Add(await DtoAsync(orderDesk, o, ct));
            return result;
        }).WithSummary("Orders by status (default: Submitted, the new orders waiting for confirmation), oldest first, at most 200");

        supplier.MapPost("/orders/{number}/confirmation", (string number, ConfirmationRequest body, ClaimsPrincipal user, OrderDesk orderDesk, CancellationToken ct) =>
            Run(orderDesk, number, orderDesk.ConfirmAsync(number, UserOf(user), (body.Lines ?? []).Select(l => new PromiseInput(l.Line, l.PromisedDate, l.Quantity)).ToList(), ct), ct))
            .WithSummary("Confirm a submitted order with a promised date and quantity per line");

        supplier.MapPost("/orders/{number}/repromises", (string number, RepromiseRequest body, ClaimsPrincipal user, OrderDesk orderDesk, CancellationToken ct) =>
            Run(orderDesk, number, orderDesk.RepromiseAsync(number, UserOf(user), body.Line, body.PromisedDate, body.Quantity, body.Reason, body.Note, ct), ct))
            .WithSummary("Re-promise one line with a reason: SupplierStockOut, Transport, CustomerRequest, QualityHold or Other");

        supplier.MapPost("/orders/{number}/shipments", (string number, ShipmentRequest body, ClaimsPrincipal user, OrderDesk orderDesk, CancellationToken ct) =>
            Run(orderDesk, number, orderDesk.ShipAsync(number, UserOf(user), body.Carrier, body.TrackingReference, (body.Lines ?? []).Select(l => new QuantityInput(l.Line, l.Quantity)).ToList(), ct), ct))
            .WithSummary("Record a shipment (partial allowed)");

        supplier.MapPost("/orders/{number}/deliveries", (string number, DeliveryRequest body, ClaimsPrincipal user, OrderDesk orderDesk, CancellationToken ct) =>
            Run(orderDesk, number, orderDesk.DeliverAsync(number, UserOf(user), body.ShipmentId, body.DeliveredDate, (body.Lines ?? []).Select(l => new QuantityInput(l.Line, l.Quantity)).ToList(), ct), ct))
            .WithSummary("Record the delivery of one shipment (short deliveries allowed)");

        supplier.MapPut("/products", async Task<Results<Ok<object>, ValidationProblem>> (IReadOnlyList<ProductUpsert> body, CatalogStore catalog, CancellationToken ct) =>
        {
            var errors = new Dictionary<string, string[]>();
            for (var i = 0; i < body.Count; i++)
            {
                var p = body[i];
                var problems = new List<string>();
                if (string.IsNullOrWhiteSpace(p.Sku) || p.Sku.Length > 40) problems.Add("sku is required (at most 40 characters)");
                if (string.IsNullOrWhiteSpace(p.Name)) problems.Add("name is required");
                if (string.IsNullOrWhiteSpace(p.Category)) problems.Add("category is required");
                if (p.PackSize < 1 || p.MinimumQuantity < 1 || p.LeadTimeDays < 0) problems.Add("packSize and minimumQuantity must be at least 1, leadTimeDays at least 0");
                if (p.ListPrice < 0) problems.Add("listPrice cannot be negative");
                if (Money.Problem(p.ListPrice, "listPrice") is { } listPriceProblem) problems.Add(listPriceProblem);
                if (problems.Count > 0) errors[$"[{i}]"] = [.. problems];
            }
            if (body.Count is 0 or > 5000) errors[""] = ["Send between 1 and 5000 products."];
            if (errors.Count > 0) return TypedResults.ValidationProblem(errors);
            var categories = new Dictionary<string, Guid>(StringComparer.OrdinalIgnoreCase);
            foreach (var name in body.Select(p => p.Category!.Trim()).Distinct(StringComparer.OrdinalIgnoreCase))
                categories[name] = (await catalog.EnsureCategoryAsync(name, 0, ct)).Id;
            await catalog.UpsertAsync(body.Select(p => new Product
            {
                Sku = p.Sku!, Name = p.Name!.Trim(), Description = p.Description?.Trim() ?? "", CategoryId = categories[p.Category!.Trim()], Unit = string.IsNullOrWhiteSpace(p.Unit) ? "each" : p.Unit.Trim(),
                PackSize = p.PackSize, MinQuantity = p.MinimumQuantity, LeadTimeDays = p.LeadTimeDays, ListPrice = p.ListPrice, IsActive = p.Active,
            }), ct);
            return TypedResults.Ok<object>(new { upserted = body.Count });
        }).WithSummary("Create or update products by SKU, all or nothing");

        supplier.MapPut("/prices", async Task<Results<Ok<object>, ValidationProblem>> (IReadOnlyList<PriceUpsert> body, CatalogStore catalog, AccountStore accounts, CancellationToken ct) =>
        {
            var errors = new Dictionary<string, string[]>();
            var rows = new List<ContractPrice>();
            for (var i = 0; i < body.Count; i++)
            {
                var p = body[i];
                var account = string.IsNullOrWhiteSpace(p.AccountName) ? null : (await accounts.ListAccountsAsync(p.AccountName, 1, 50, ct)).Items.FirstOrDefault(a => a.Name == p.AccountName.Trim());
                var product = string.IsNullOrWhiteSpace(p.Sku) ? null : await catalog.BySkuAsync(p.Sku, ct);
                var problems = new List<string>();
                if (account is null) problems.Add($"no account is called \"{p.AccountName}\"");
                if (product is null) problems.Add($"no product has the SKU {p.Sku}");
                if (p.MinimumQuantity < 1) problems.Add("minimumQuantity must be at least 1");
                if (p.UnitPrice < 0) problems.Add("unitPrice cannot be negative");
                if (Money.Problem(p.UnitPrice, "unitPrice") is { } unitPriceProblem) problems.Add(unitPriceProblem);
                if (p.ValidFrom is null) problems.Add("validFrom is required");
                if (p.ValidTo < p.ValidFrom) problems.Add("validTo is before validFrom");
                if (problems.Count > 0) { errors[$"[{i}]"] = [.. problems]; continue; }
                rows.Add(new ContractPrice { AccountId = account!.Id, ProductId = product!.Id, MinQuantity = p.MinimumQuantity, UnitPrice = p.UnitPrice, ValidFrom = p.ValidFrom!.Value, ValidTo = p.ValidTo });
            }
            if (body.Count is 0 or > 5000) errors[""] = ["Send between 1 and 5000 prices."];
            if (errors.Count > 0) return TypedResults.ValidationProblem(errors);
            await catalog.AddContractPricesAsync(rows, ct);
            return TypedResults.Ok<object>(new { added = rows.Count });
        }).WithSummary("Add contract prices (with quantity breaks and validity dates), all or nothing");
    }

    private static Guid UserOf(ClaimsPrincipal user) => Guid.TryParse(user.FindFirstValue(ClaimTypes.NameIdentifier), out var id) ? id : Guid.Empty;

    private static async Task<Results<Ok<SupplierOrderDto>, ValidationProblem, ProblemHttpResult>> Run(OrderDesk orderDesk, string number, Task<Outcome<Order>?> change, CancellationToken ct)
    {
        var outcome = await change;
        if (outcome is null) return TypedResults.Problem(title: "No such order", detail: $"There is no order {number}.", statusCode: 404);
        if (!outcome.Succeeded) return TypedResults.ValidationProblem(outcome.Errors.ToDictionary(e => e.Key, e => new[] { e.Value }));
        return TypedResults.Ok(await DtoAsync(orderDesk, (await orderDesk.GetAsync(number, ct))!, ct));
    }

    private static async Task<SupplierOrderDto> DtoAsync(OrderDesk orderDesk, Order o, CancellationToken ct)
    {
        var progress = await orderDesk.ProgressAsync(o.Id, ct);
        return new SupplierOrderDto(o.Number, o.AccountName, o.SiteName, o.Status, o.PoNumber, o.RequestedDeliveryDate, o.CreatedUtc, o.Total,
            progress.Lines.Select(l => new OrderLineDto(l.Line.LineNumber, l.Line.Sku, l.Line.Name, l.Line.Quantity, l.Line.UnitPrice, l.Line.LineTotal)).ToList());
    }
}
