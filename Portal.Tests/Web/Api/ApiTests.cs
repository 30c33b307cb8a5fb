using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Portal.Data.Demo;

namespace Portal.Tests.Web.Api;

/// <summary>Every endpoint of the integration API: good input, bad input, replay, another account's key, no key.</summary>
public sealed class ApiTests(PortalApp app) : IClassFixture<PortalApp>
{
    private HttpClient Client(string? key)
    {
        var client = app.NewClient();
        if (key is not null) client.DefaultRequestHeaders.Add("X-Api-Key", key);
        return client;
    }

    private static string Date(int days = 14)
    {
        var d = DateOnly.FromDateTime(DateTime.UtcNow.AddDays(days));
        while (d.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday) d = d.AddDays(1);
        return d.ToString("yyyy-MM-dd");
    }

    private static async Task<JsonElement> Json(HttpResponseMessage response) => JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

    private static HttpRequestMessage Order(string? key, object body) => new(HttpMethod.Post, "/api/v1/orders")
    {
        Content = JsonContent.Create(body),
        Headers = { { "Idempotency-Key", key ?? "" } },
    };

    [Fact]
    public async Task Without_a_key_or_with_a_wrong_or_revoked_key_the_answer_is_401_problem_details()
    {
        foreach (var key in new string?[] { null, "not-a-key" })
        {
            var response = await Client(key).GetAsync("/api/v1/sites");
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
            Assert.Equal(401, (await Json(response)).GetProperty("status").GetInt32());
        }
        // a customer admin makes a key, it works, they revoke it, it stops working
        var admin = await app.SignedInAsync("admin@northwind.test");
        var made = await admin.PostFormAsync("/account/api-keys", [new("name", "ERP test")], "/account/api-keys?handler=Create");
        Assert.Equal(HttpStatusCode.Redirect, made.StatusCode);
        var secret = System.Text.RegularExpressions.Regex.Match(await admin.GetPageAsync(made.Headers.Location!.ToString()), "pk_[A-Za-z0-9_-]+").Value;
        Assert.Equal(HttpStatusCode.OK, (await Client(secret).GetAsync("/api/v1/sites")).StatusCode);
        var list = await admin.GetPageAsync("/account/api-keys");
        var id = System.Text.RegularExpressions.Regex.Match(list, "keyId=([0-9a-f-]{36})[^>]*>\\s*<button[^>]*>Revoke<span class=\"visually-hidden\"> ERP test").Groups[1].Value;
        await admin.PostFormAsync("/account/api-keys", [], $"/account/api-keys?handler=Revoke&keyId={id}");
        Assert.Equal(HttpStatusCode.Unauthorized, (await Client(secret).GetAsync("/api/v1/sites")).StatusCode);
        Assert.DoesNotContain(secret, await admin.GetPageAsync("/account/api-keys"));
    }

    [Fact]
    public async Task Sites_and_catalog_are_the_keys_own_account_at_its_prices()
    {
        var sites = await Json(await Client(DemoData.NorthwindApiKey).GetAsync("/api/v1/sites"));
        Assert.Equal(["NW-EDI", "NW-LON", "NW-MAN"], sites.EnumerateArray().Select(s => s.GetProperty("code").GetString()).Order());
        var contoso = await Json(await Client(DemoData.ContosoApiKey).GetAsync("/api/v1/sites"));
        Assert.Equal(["CON-DUB"], contoso.EnumerateArray().Select(s => s.GetProperty("code").GetString()));

        var catalog = await Json(await Client(DemoData.ContosoApiKey).GetAsync("/api/v1/catalog?search=cakestand"));
        var item = catalog.GetProperty("items").EnumerateArray().First(i => i.GetProperty("sku").GetString() == "22423");
        Assert.Equal("Contract", item.GetProperty("priceSource").GetString());
        Assert.True(item.GetProperty("price").GetDecimal() < 12.75m);
        Assert.Equal(1, item.GetProperty("minimumQuantity").GetInt32());
        Assert.Equal(1, item.GetProperty("packSize").GetInt32());
        Assert.Equal(HttpStatusCode.Forbidden, (await Client(DemoData.SupplierApiKey).GetAsync("/api/v1/sites")).StatusCode);
    }

    [Fact]
    public async Task An_order_is_placed_once_per_idempotency_key_with_the_portals_rules_and_is_private_to_its_account()
    {
        var client = Client(DemoData.ContosoApiKey);
        var body = new { siteCode = "CON-DUB", poNumber = "API-7", requestedDeliveryDate = Date(), notes = "gate 3", lines = new[] { new { sku = "22423", quantity = 1 }, new { sku = "85123A", quantity = 4 } } };
        var key = Guid.NewGuid().ToString();
        var created = await client.SendAsync(Order(key, body));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var order = await Json(created);
        var number = order.GetProperty("number").GetString()!;
        Assert.Equal("Submitted", order.GetProperty("status").GetString());
        Assert.Equal(2, order.GetProperty("lines").GetArrayLength());
        Assert.Equal($"/api/v1/orders/{number}", created.Headers.Location!.ToString());

        var replay = await client.SendAsync(Order(key, body));
        Assert.Equal(HttpStatusCode.OK, replay.StatusCode);
        Assert.Equal(number, (await Json(replay)).GetProperty("number").GetString());
        var since = await Json(await client.GetAsync($"/api/v1/orders?since={Uri.EscapeDataString(DateTimeOffset.UtcNow.AddMinutes(-5).ToString("O"))}"));
        Assert.Single(since.EnumerateArray(), o => o.GetProperty("poNumber").GetString() == "API-7");

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/api/v1/orders/{number}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Client(DemoData.NorthwindApiKey).GetAsync($"/api/v1/orders/{number}")).StatusCode);
        Assert.DoesNotContain(number, await Client(DemoData.NorthwindApiKey).GetStringAsync("/api/v1/orders"));

        // the buyer sees it in the portal too
        var buyer = await app.SignedInAsync("buyer@contoso.test");
        Assert.Contains("gate 3", (await buyer.GetPageAsync($"/orders/{number}")).Text());
    }

    [Fact]
    public async Task Bad_orders_get_400_with_field_errors_and_create_nothing()
    {
        var client = Client(DemoData.NorthwindApiKey);
        var before = (await Json(await client.GetAsync("/api/v1/orders"))).GetArrayLength();

        var noKey = await client.SendAsync(Order(null, new { siteCode = "NW-LON", requestedDeliveryDate = Date(), lines = new[] { new { sku = "22423", quantity = 1 } } }));
        Assert.Equal(HttpStatusCode.BadRequest, noKey.StatusCode);
        Assert.True((await Json(noKey)).GetProperty("errors").TryGetProperty("Idempotency-Key", out _));

        var badSite = await client.SendAsync(Order("k-site", new { siteCode = "CON-DUB", requestedDeliveryDate = Date(), lines = new[] { new { sku = "22423", quantity = 1 } } }));
        Assert.True((await Json(badSite)).GetProperty("errors").TryGetProperty("siteCode", out _));

        var badLines = await client.SendAsync(Order("k-lines", new { siteCode = "NW-LON", poNumber = "X", requestedDeliveryDate = Date(), lines = new[] { new { sku = "NOPE", quantity = 1 }, new { sku = "85123A", quantity = 3 } } }));
        var errors = (await Json(badLines)).GetProperty("errors");
        Assert.Contains("No product has the SKU NOPE", errors.GetProperty("lines[0].sku")[0].GetString());
        Assert.Contains("packs of 2", errors.GetProperty("lines[1].quantity")[0].GetString());

        var rules = await client.SendAsync(Order("k-rules", new { siteCode = "NW-LON", requestedDeliveryDate = "2020-01-06", lines = new[] { new { sku = "22423", quantity = 1 } } }));
        var ruleErrors = (await Json(rules)).GetProperty("errors");
        Assert.Contains("earliest possible delivery", ruleErrors.GetProperty("requestedDeliveryDate")[0].GetString());
        Assert.Contains("requires a PO number", ruleErrors.GetProperty("poNumber")[0].GetString());

        var notJson = await client.PostAsync("/api/v1/orders", new StringContent("{not json", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, notJson.StatusCode);
        Assert.Equal(before, (await Json(await client.GetAsync("/api/v1/orders"))).GetArrayLength());
    }

    [Fact]
    public async Task The_supplier_system_confirms_repromises_ships_and_delivers_and_customer_keys_cannot()
    {
        var customer = Client(DemoData.ContosoApiKey);
        var number = (await Json(await customer.SendAsync(Order(Guid.NewGuid().ToString(), new { siteCode = "CON-DUB", requestedDeliveryDate = Date(), lines = new[] { new { sku = "22423", quantity = 2 } } })))).GetProperty("number").GetString()!;
        var supplier = Client(DemoData.SupplierApiKey);
        Assert.Contains(number, await supplier.GetStringAsync("/api/v1/supplier/orders"));
        Assert.Equal(HttpStatusCode.Forbidden, (await customer.GetAsync("/api/v1/supplier/orders")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Client(null).GetAsync("/api/v1/supplier/orders")).StatusCode);

        var bad = await supplier.PostAsJsonAsync($"/api/v1/supplier/orders/{number}/confirmation", new { lines = new[] { new { line = 1, promisedDate = Date(20), quantity = 5 } } });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var ok = await supplier.PostAsJsonAsync($"/api/v1/supplier/orders/{number}/confirmation", new { lines = new[] { new { line = 1, promisedDate = Date(20), quantity = 2 } } });
        Assert.Equal("Confirmed", (await Json(ok)).GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, (await supplier.PostAsJsonAsync($"/api/v1/supplier/orders/{number}/confirmation", new { lines = new[] { new { line = 1, promisedDate = Date(20), quantity = 2 } } })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await supplier.PostAsJsonAsync("/api/v1/supplier/orders/SO-1/confirmation", new { lines = Array.Empty<object>() })).StatusCode);

        var repromise = await supplier.PostAsJsonAsync($"/api/v1/supplier/orders/{number}/repromises", new { line = 1, promisedDate = Date(25), quantity = 2, reason = "Transport" });
        Assert.Equal(HttpStatusCode.OK, repromise.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await supplier.PostAsJsonAsync($"/api/v1/supplier/orders/{number}/repromises", new { line = 1, promisedDate = Date(25), quantity = 2, reason = "Because" })).StatusCode);

        var shipped = await supplier.PostAsJsonAsync($"/api/v1/supplier/orders/{number}/shipments", new { carrier = "DHL", trackingReference = "JD01", lines = new[] { new { line = 1, quantity = 2 } } });
        var shippedAnswer = await Json(shipped);
        Assert.Equal("Shipped", shippedAnswer.GetProperty("order").GetProperty("status").GetString());
        // the answer names the new shipment, which is what recording its delivery needs
        var shipment = shippedAnswer.GetProperty("shipmentId").GetString()!;
        Assert.Equal(shipment, shippedAnswer.GetProperty("order").GetProperty("shipments")[0].GetProperty("id").GetString());
        var delivered = await supplier.PostAsJsonAsync($"/api/v1/supplier/orders/{number}/deliveries", new { shipmentId = shipment, deliveredDate = DateTime.UtcNow.ToString("yyyy-MM-dd"), lines = new[] { new { line = 1, quantity = 1 } } });
        Assert.Equal("Delivered", (await Json(delivered)).GetProperty("status").GetString());
        Assert.Contains("short: line 1 1 of 2", (await (await app.SignedInAsync("buyer@contoso.test")).GetPageAsync($"/orders/{number}")).Text());
    }

    [Fact]
    public async Task An_order_read_through_the_api_shows_its_promise_history_shipments_and_deliveries()
    {
        var customer = Client(DemoData.ContosoApiKey);
        var supplier = Client(DemoData.SupplierApiKey);
        var number = (await Json(await customer.SendAsync(Order(Guid.NewGuid().ToString(), new { siteCode = "CON-DUB", requestedDeliveryDate = Date(), lines = new[] { new { sku = "22423", quantity = 3 } } })))).GetProperty("number").GetString()!;
        Assert.Equal(HttpStatusCode.OK, (await supplier.PostAsJsonAsync($"/api/v1/supplier/orders/{number}/confirmation", new { lines = new[] { new { line = 1, promisedDate = Date(20), quantity = 3 } } })).StatusCode);
        app.Clock.Advance(TimeSpan.FromMinutes(1)); // the ledger is in time order
        Assert.Equal(HttpStatusCode.OK, (await supplier.PostAsJsonAsync($"/api/v1/supplier/orders/{number}/repromises", new { line = 1, promisedDate = Date(27), quantity = 3, reason = "SupplierStockOut", note = "mill delay" })).StatusCode);
        var shipmentId = (await Json(await supplier.PostAsJsonAsync($"/api/v1/supplier/orders/{number}/shipments", new { carrier = "DPD", trackingReference = "TRK-9", lines = new[] { new { line = 1, quantity = 2 } } }))).GetProperty("shipmentId").GetString();
        Assert.Equal(HttpStatusCode.OK, (await supplier.PostAsJsonAsync($"/api/v1/supplier/orders/{number}/deliveries", new { shipmentId, deliveredDate = DateTime.UtcNow.ToString("yyyy-MM-dd"), lines = new[] { new { line = 1, quantity = 1 } } })).StatusCode);

        foreach (var order in new[] { await Json(await customer.GetAsync($"/api/v1/orders/{number}")), await Json(await supplier.GetAsync($"/api/v1/supplier/orders/{number}")) })
        {
            var line = order.GetProperty("lines")[0];
            var promises = line.GetProperty("promises");
            Assert.Equal(2, promises.GetArrayLength());
            Assert.Equal(Date(20), promises[0].GetProperty("promisedDate").GetString());
            Assert.Equal(Date(27), promises[1].GetProperty("promisedDate").GetString());
            Assert.Equal("SupplierStockOut", promises[1].GetProperty("reason").GetString());
            Assert.Equal("mill delay", promises[1].GetProperty("note").GetString());
            Assert.Equal(Date(27), line.GetProperty("promise").GetProperty("promisedDate").GetString());
            Assert.Equal(2, line.GetProperty("shipped").GetInt32());
            Assert.Equal(1, line.GetProperty("delivered").GetInt32());
            var shipment = order.GetProperty("shipments").EnumerateArray().Single();
            Assert.Equal(shipmentId, shipment.GetProperty("id").GetString());
            Assert.Equal("DPD", shipment.GetProperty("carrier").GetString());
            Assert.Equal("TRK-9", shipment.GetProperty("trackingReference").GetString());
            Assert.Equal(2, shipment.GetProperty("lines")[0].GetProperty("quantity").GetInt32());
            Assert.Equal(1, shipment.GetProperty("delivery").GetProperty("lines")[0].GetProperty("quantity").GetInt32());
        }
        // the list reads the same way, and only the account's own orders
        var listed = (await Json(await customer.GetAsync("/api/v1/orders"))).EnumerateArray().Single(o => o.GetProperty("number").GetString() == number);
        Assert.Equal(2, listed.GetProperty("lines")[0].GetProperty("promises").GetArrayLength());
        Assert.Equal(HttpStatusCode.NotFound, (await Client(DemoData.NorthwindApiKey).GetAsync($"/api/v1/orders/{number}")).StatusCode);
    }

    [Fact]
    public async Task The_supplier_system_upserts_products_and_prices_all_or_nothing()
    {
        var supplier = Client(DemoData.SupplierApiKey);
        var bad = await supplier.PutAsJsonAsync("/api/v1/supplier/products", new object[]
        {
            new { sku = "API-NEW-1", name = "Api Widget", category = "Gadgets", unit = "each", packSize = 1, minimumQuantity = 1, leadTimeDays = 2, listPrice = 4.5m },
            new { sku = "", name = "", category = "Gadgets", packSize = 0, minimumQuantity = 1, leadTimeDays = 2, listPrice = -1m },
        });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.True((await Json(bad)).GetProperty("errors").TryGetProperty("[1]", out _));
        Assert.Equal(0, (await Json(await Client(DemoData.ContosoApiKey).GetAsync("/api/v1/catalog?search=API-NEW-1"))).GetProperty("total").GetInt32());

        var good = await supplier.PutAsJsonAsync("/api/v1/supplier/products", new object[] { new { sku = "API-NEW-1", name = "Api Widget", category = "Gadgets", unit = "each", packSize = 1, minimumQuantity = 1, leadTimeDays = 2, listPrice = 4.5m } });
        Assert.Equal(HttpStatusCode.OK, good.StatusCode);
        var prices = await supplier.PutAsJsonAsync("/api/v1/supplier/prices", new object[] { new { accountName = "Contoso Ltd", sku = "API-NEW-1", minimumQuantity = 1, unitPrice = 3.99m, validFrom = "2026-01-01" } });
        Assert.Equal(HttpStatusCode.OK, prices.StatusCode);
        var item = (await Json(await Client(DemoData.ContosoApiKey).GetAsync("/api/v1/catalog?search=api-new-1"))).GetProperty("items")[0];
        Assert.Equal(3.99m, item.GetProperty("price").GetDecimal());
        var northwind = (await Json(await Client(DemoData.NorthwindApiKey).GetAsync("/api/v1/catalog?search=api-new-1"))).GetProperty("items")[0];
        Assert.Equal(4.5m, northwind.GetProperty("price").GetDecimal());
        Assert.Equal(HttpStatusCode.BadRequest, (await supplier.PutAsJsonAsync("/api/v1/supplier/prices", new object[] { new { accountName = "Nobody", sku = "API-NEW-1", minimumQuantity = 1, unitPrice = 1m, validFrom = "2026-01-01" } })).StatusCode);
    }

    [Fact]
    public async Task Product_and_price_upserts_follow_the_csv_imports_rules_and_replace_prices()
    {
        var supplier = Client(DemoData.SupplierApiKey);
        // the import's rules: SKUs in capitals, names of at most 200 characters, one row per SKU
        var bad = await Json(await supplier.PutAsJsonAsync("/api/v1/supplier/products", new object[]
        {
            new { sku = "api-rule-1", name = new string('n', 201), category = "Gadgets", packSize = 1, minimumQuantity = 1, leadTimeDays = 2, listPrice = 4.5m },
            new { sku = "API-RULE-2", name = "Rule two", category = "Gadgets", packSize = 1, minimumQuantity = 0, leadTimeDays = 2, listPrice = 4.5m },
            new { sku = "API-RULE-2", name = "Rule two again", category = "Gadgets", packSize = 1, minimumQuantity = 1, leadTimeDays = 2, listPrice = 4.5m },
        }));
        Assert.Contains("at most 200 characters", bad.GetProperty("errors").GetProperty("[0]")[0].GetString());
        Assert.Contains("minimumQuantity", bad.GetProperty("errors").GetProperty("[1]")[0].GetString());
        Assert.Equal(HttpStatusCode.OK, (await supplier.PutAsJsonAsync("/api/v1/supplier/products", new object[] { new { sku = "api-rule-1", name = "Rule one", category = "Gadgets", unit = "box", packSize = 1, minimumQuantity = 1, leadTimeDays = 2, listPrice = 4.5m } })).StatusCode);
        Assert.Equal("API-RULE-1", (await Json(await Client(DemoData.ContosoApiKey).GetAsync("/api/v1/catalog?search=API-RULE-1"))).GetProperty("items")[0].GetProperty("sku").GetString());

        // putting the same price (account, SKU, break, start date) again replaces it, as re-importing the CSV does
        foreach (var price in new[] { 3.10m, 2.90m })
            Assert.Equal(HttpStatusCode.OK, (await supplier.PutAsJsonAsync("/api/v1/supplier/prices", new object[] { new { accountName = "contoso ltd", sku = "api-rule-1", minimumQuantity = 1, unitPrice = price, validFrom = "2026-01-01" } })).StatusCode);
        Assert.Equal(2.90m, (await Json(await Client(DemoData.ContosoApiKey).GetAsync("/api/v1/catalog?search=API-RULE-1"))).GetProperty("items")[0].GetProperty("price").GetDecimal());
        var export = new StringWriter();
        await app.Services.GetRequiredService<Portal.Data.Catalog.CatalogImport>().ExportPricesAsync(export);
        Assert.Single(export.ToString().Split('\n'), row => row.Contains("API-RULE-1"));
    }

    [Fact]
    public async Task The_api_is_described_by_an_openapi_document()
    {
        var doc = await Json(await Client(null).GetAsync("/openapi/v1.json"));
        var paths = doc.GetProperty("paths");
        foreach (var path in new[] { "/api/v1/sites", "/api/v1/catalog", "/api/v1/orders", "/api/v1/orders/{number}", "/api/v1/supplier/orders", "/api/v1/supplier/orders/{number}/confirmation", "/api/v1/supplier/products", "/api/v1/supplier/prices" })
            Assert.True(paths.TryGetProperty(path, out _), path);
    }
}

/// <summary>A portal whose API allows only a few requests a minute per key.</summary>
public sealed class RateLimitedPortal : PortalApp
{
    protected override void Configure(IWebHostBuilder builder) => builder.UseSetting("Api:RequestsPerMinute", "3");
}

public sealed class ApiRateLimitTests(RateLimitedPortal app) : IClassFixture<RateLimitedPortal>
{
    [Fact]
    public async Task Too_many_requests_from_one_key_get_429_with_retry_after_and_other_keys_are_not_affected()
    {
        var contoso = app.NewClient();
        contoso.DefaultRequestHeaders.Add("X-Api-Key", DemoData.ContosoApiKey);
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 5; i++) statuses.Add((await contoso.GetAsync("/api/v1/sites")).StatusCode);
        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests], statuses);
        var limited = await contoso.GetAsync("/api/v1/sites");
        Assert.True(int.Parse(limited.Headers.GetValues("Retry-After").Single()) > 0);

        var northwind = app.NewClient();
        northwind.DefaultRequestHeaders.Add("X-Api-Key", DemoData.NorthwindApiKey);
        Assert.Equal(HttpStatusCode.OK, (await northwind.GetAsync("/api/v1/sites")).StatusCode);
    }
}
