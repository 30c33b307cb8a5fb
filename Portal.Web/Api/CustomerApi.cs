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

        customer.MapPost("/orders", async Task<Results<Created<OrderDto>, Ok<OrderDto>, ValidationProblem, ProblemHttpResult>> (
            OrderRequest? body, HttpRequest request, CurrentUser caller, AccountStore accounts, OrderPlacement placement, CatalogStore catalog, ApiOrderView view, CancellationToken ct) =>
        {
            var key = request.Headers["Idempotency-Key"].ToString();
            var account = caller.RequiredAccountId;
            if (string.IsNullOrWhiteSpace(key) || key.Length > OrderPlacement.MaxKeyLength)
                return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["Idempotency-Key"] = ["Send an Idempotency-Key header (at most 100 characters): a replay with the same key returns the first result."] });
            if (body is null)
                return TypedResults.ValidationProblem(new Dictionary<string, string[]> { [""] = ["Send a JSON body with siteCode, requestedDeliveryDate and lines."] });

            // the key belongs to this API key; the request's fingerprint tells a replay from a reuse of the key for another order
            var draft = new OrderDraft
            {
                PoNumber = body.PoNumber, RequestedDeliveryDate = body.RequestedDeliveryDate, Notes = body.Notes, Source = OrderSource.Api,
                IdempotencyScope = $"api-key:{caller.ApiKeyId:N}", IdempotencyKey = key, Fingerprint = Fingerprint(body),
            };
            if (await placement.PriorAsync(account, draft, ct) is { } prior) return await AnswerAsync(view, prior, ct);

            // SKUs and the site code become ids here; everything else is the core's to check, so every problem comes back at once
            var errors = new Dictionary<string, string[]>();
            var site = (await accounts.GetSitesAsync(account, ct)).FirstOrDefault(s => string.Equals(s.Code, body.SiteCode?.Trim(), StringComparison.OrdinalIgnoreCase));
            if (site is not { IsActive: true }) errors["siteCode"] = ["Use the code of one of the account's sites (GET /api/v1/sites)."];
            var lines = body.Lines ?? [];
            var products = await catalog.BySkusAsync(lines.Where(l => !string.IsNullOrWhiteSpace(l?.Sku)).Select(l => l!.Sku!), ct);
            var draftLines = new List<DraftLine>();
            for (var i = 0; i < lines.Count; i++)
            {
                var product = lines[i]?.Sku is { } sku && !string.IsNullOrWhiteSpace(sku) ? products.GetValueOrDefault(CatalogStore.NormalizeSku(sku)) : null;
                if (product is null) errors[$"lines[{i}].sku"] = [$"No product has the SKU {lines[i]?.Sku}."];
                draftLines.Add(new DraftLine(product?.Id ?? Guid.Empty, lines[i]?.Quantity ?? 0));
            }

            var outcome = await placement.PlaceAsync(new Placer(account, caller.UserId), draft with { SiteId = site?.Id ?? Guid.Empty, Lines = draftLines }, ct);
            if (!outcome.Succeeded && !outcome.KeyReusedForAnotherRequest)
            {
                foreach (var (field, message) in outcome.Errors) errors.TryAdd(Camel(field), [message]);
                return TypedResults.ValidationProblem(errors);
            }
            if (outcome.Replayed || !outcome.Succeeded) return await AnswerAsync(view, outcome, ct);
            var dto = await view.CustomerAsync(outcome.Order!, ct);
            return TypedResults.Created($"/api/v1/orders/{dto.Number}", dto);
        }).WithName("PlaceOrder")
          .WithSummary("Place an order")
          .WithDescription("Places an order under the portal's rules (prices, minimum quantities, pack sizes, lead times, PO rule, approval and credit limits). " +
                           "The Idempotency-Key header is required and belongs to the API key that sends it: a replay with the same key and the same body returns the first result (200) and creates nothing; " +
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

    /// <summary>A replay answers with the first order; a key reused for another request 422; bad input 400 with field errors.</summary>
    private static async Task<Results<Created<OrderDto>, Ok<OrderDto>, ValidationProblem, ProblemHttpResult>> AnswerAsync(ApiOrderView view, Placement placement, CancellationToken ct)
    {
        if (placement.KeyReusedForAnotherRequest)
            return TypedResults.Problem(title: "Idempotency-Key reused", detail: placement.Errors.Values.First(), statusCode: StatusCodes.Status422UnprocessableEntity);
        if (placement.Order is { } order) return TypedResults.Ok(await view.CustomerAsync(order, ct));
        return TypedResults.ValidationProblem(placement.Errors.ToDictionary(e => Camel(e.Key), e => new[] { e.Value }));
    }

    /// <summary>What the request asks for, independent of JSON spacing and property order: SHA-256 of its canonical form.</summary>
    private static string Fingerprint(OrderRequest body) =>
        Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(body)));

    private static string Camel(string field) => field switch
    {
        "" => "",
        "PoNumber" => "poNumber",
        "RequestedDeliveryDate" => "requestedDeliveryDate",
        "Notes" => "notes",
        "SiteId" => "siteCode",
        "IdempotencyKey" => "Idempotency-Key",
        _ when field.EndsWith(".product", StringComparison.Ordinal) => field[..^".product".Length] + ".sku",
        _ => field,
    };
}
