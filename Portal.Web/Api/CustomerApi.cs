using Microsoft.AspNetCore.Http.HttpResults;
using Portal.Data.Catalog;
using Portal.Data.Ordering;

namespace Portal.Web.Api;

public sealed record SiteDto(string Code, string Name, string Address);
public sealed record CatalogItemDto(string Sku, string Name, string Category, string Unit, decimal Price, string PriceSource, int MinimumQuantity, int PackSize, int LeadTimeDays);
public sealed record OrderLineRequest(string? Sku, int Quantity);
public sealed record OrderRequest(string? SiteCode, string? PoNumber, DateOnly? RequestedDeliveryDate, string? Notes, IReadOnlyList<OrderLineRequest>? Lines);
public sealed record CatalogPageDto(int Page, int PageCount, int Total, IReadOnlyList<CatalogItemDto> Items);

/// <summary>The customer side of the integration API: the account's purchasing system orders as the account.</summary>
public static class CustomerApi
{
    public static void Map(RouteGroupBuilder api)
    {
        var customer = api.MapGroup("").RequireAuthorization(ApiSetup.CustomerPolicy).WithTags("Customer");

        customer.MapGet("/sites", async Task<Ok<List<SiteDto>>> (CurrentUser caller, AccountStore accounts, CancellationToken ct) =>
            TypedResults.Ok((await accounts.GetSitesAsync(caller.RequiredAccountId, ct)).Where(s => s.IsActive).Select(s => new SiteDto(s.Code, s.Name, s.Address)).ToList()))
            .WithName("ListSites")
            .WithSummary("The account's ship-to sites");

        customer.MapGet("/catalog", async Task<Ok<CatalogPageDto>> (string? search, int? page, CurrentUser caller, CatalogStore catalog, AccountStore accounts, TimeProvider clock, CancellationToken ct) =>
        {
            var terms = await accounts.TermsAsync(caller.RequiredAccountId, ct);
            var prices = await catalog.PriceBookAsync(terms.Id, terms.ParentAccountId, terms.Today(clock), ct);
            var result = await catalog.SearchAsync(new CatalogQuery(search, null, ProductSort.Name, page ?? 1, 50), ct);
            return TypedResults.Ok(new CatalogPageDto(result.Number, result.PageCount, result.Total, result.Items.Select(p =>
            {
                var price = prices.PriceOf(p.Id, p.ListPrice, p.MinQuantity);
                return new CatalogItemDto(p.Sku, p.Name, p.CategoryName, p.Unit, price.UnitPrice, price.Source.ToString(), p.MinQuantity, p.PackSize, p.LeadTimeDays);
            }).ToList()));
        }).WithName("SearchCatalog")
          .WithSummary("Search the catalog at the account's prices (50 a page)");

        customer.MapPost("/orders", async Task<Results<Created<OrderDto>, Ok<OrderDto>, ValidationProblem>> (
            OrderRequest? body, HttpRequest request, CurrentUser caller, AccountStore accounts, Orders orders, CatalogStore catalog, ApiOrderView view, CancellationToken ct) =>
        {
            var key = request.Headers["Idempotency-Key"].ToString();
            var account = caller.RequiredAccountId;
            if (string.IsNullOrWhiteSpace(key) || key.Length > 100)
                return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["Idempotency-Key"] = ["Send an Idempotency-Key header (at most 100 characters): a replay with the same key returns the first result."] });
            if (body is null)
                return TypedResults.ValidationProblem(new Dictionary<string, string[]> { [""] = ["Send a JSON body with siteCode, requestedDeliveryDate and lines."] });
            var replay = await orders.ExistingOrderAsync(account, key, ct);
            if (replay is not null) return TypedResults.Ok(await view.CustomerAsync(replay, ct));

            var site = (await accounts.GetSitesAsync(account, ct)).FirstOrDefault(s => s.IsActive && string.Equals(s.Code, body.SiteCode?.Trim(), StringComparison.OrdinalIgnoreCase));
            if (site is null)
                return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["siteCode"] = ["Use the code of one of the account's sites (GET /api/v1/sites)."] });
            var placedBy = caller.UserId;
            var outcome = await orders.SubmitLinesAsync(new Buyer(account, placedBy, site.Id),
                (body.Lines ?? []).Select(l => (l.Sku, l.Quantity)).ToList(),
                new CheckoutInput(body.PoNumber, body.RequestedDeliveryDate, body.Notes, key), catalog, ct);
            if (!outcome.Succeeded)
                return TypedResults.ValidationProblem(outcome.Errors.ToDictionary(e => Camel(e.Key), e => new[] { e.Value }));
            var dto = await view.CustomerAsync(outcome.Value!, ct);
            return TypedResults.Created($"/api/v1/orders/{dto.Number}", dto);
        }).WithName("PlaceOrder")
          .WithSummary("Place an order")
          .WithDescription("Places an order under the portal's rules (prices, minimum quantities, pack sizes, lead times, PO rule, approval and credit limits). " +
                           "The Idempotency-Key header is required: a replay with the same key and the same body returns the first result (200) and creates nothing; " +
                           "the same key with a different body is refused with 422.")
          .WithMetadata(new IdempotencyKeyHeader())
          .ProducesProblem(StatusCodes.Status422UnprocessableEntity);

        customer.MapGet("/orders/{number}", async Task<Results<Ok<OrderDto>, ProblemHttpResult>> (string number, CurrentUser caller, Orders orders, ApiOrderView view, CancellationToken ct) =>
            await orders.GetAsync(caller.RequiredAccountId, number, ct) is { } order
                ? TypedResults.Ok(await view.CustomerAsync(order, ct))
                : TypedResults.Problem(title: "No such order", detail: $"The account has no order {number}.", statusCode: 404))
            .WithName("GetOrder")
            .WithSummary("One order of the account: priced lines, the promise ledger, shipments and deliveries")
            .ProducesProblem(StatusCodes.Status404NotFound);

        customer.MapGet("/orders", async Task<Ok<List<OrderDto>>> (DateTimeOffset? since, CurrentUser caller, Orders orders, ApiOrderView view, TimeProvider clock, CancellationToken ct) =>
        {
            var list = await orders.SinceAsync(caller.RequiredAccountId, since ?? clock.GetUtcNow().AddDays(-30), 500, ct);
            var result = new List<OrderDto>();
            foreach (var order in list) result.Add(await view.CustomerAsync(order, ct));
            return TypedResults.Ok(result);
        }).WithName("ListOrders")
          .WithSummary("The account's orders placed since an instant (default: 30 days), oldest first, at most 500");
    }

    private static string Camel(string field) => field switch
    {
        "" => "",
        "PoNumber" => "poNumber",
        "RequestedDeliveryDate" => "requestedDeliveryDate",
        "Notes" => "notes",
        "SiteId" => "siteCode",
        _ => field,
    };
}
