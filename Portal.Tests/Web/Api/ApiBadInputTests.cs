using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Portal.Data.Demo;
using Portal.Web.Api;

namespace Portal.Tests.Web.Api;

/// <summary>Malformed requests get ProblemDetails: never a 500, never the HTML error page, never the sign-in page.</summary>
public sealed class ApiBadInputTests(PortalApp app) : IClassFixture<PortalApp>
{
    private HttpClient Client(string? key = DemoData.ContosoApiKey)
    {
        var client = app.NewClient();
        if (key is not null) client.DefaultRequestHeaders.Add("X-Api-Key", key);
        return client;
    }

    private static HttpRequestMessage Json(HttpMethod method, string url, string json, string contentType = "application/json") => new(method, url)
    {
        Content = new StringContent(json, Encoding.UTF8, contentType),
        Headers = { { "Idempotency-Key", Guid.NewGuid().ToString() } },
    };

    private static async Task<JsonElement> ProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"expected {(int)status}, was {(int)response.StatusCode} {response.Headers.Location}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(body).RootElement;
        Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
        return problem;
    }

    /// <summary>The message the API gives for <paramref name="field"/> in a 400.</summary>
    private static async Task<string> FieldErrorAsync(HttpResponseMessage response, string field)
    {
        var problem = await ProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out var messages), $"errors name {field}: {problem}");
        return messages[0].GetString()!;
    }

    [Theory]
    [InlineData("""{"siteCode":"CON-DUB","lines":[{"sku":"22423","quantity":"many"}]}""", "lines[0].quantity", "whole number")]
    [InlineData("""{"siteCode":"CON-DUB","lines":[{"sku":"22423","quantity":99999999999}]}""", "lines[0].quantity", "whole number")]
    [InlineData("""{"siteCode":"CON-DUB","lines":[{"sku":"22423","quantity":1.5}]}""", "lines[0].quantity", "whole number")]
    [InlineData("""{"siteCode":"CON-DUB","lines":[{"sku":"22423","quantity":"5"}]}""", "lines[0].quantity", "whole number")]
    [InlineData("""{"siteCode":"CON-DUB","requestedDeliveryDate":"2026-02-30","lines":[]}""", "requestedDeliveryDate", "real date")]
    [InlineData("""{"siteCode":"CON-DUB","requestedDeliveryDate":"next week","lines":[]}""", "requestedDeliveryDate", "real date")]
    [InlineData("""{"siteCode":42,"lines":[]}""", "siteCode", "a string")]
    [InlineData("""{"siteCode":"CON-DUB","lines":"22423 x 1"}""", "lines", "an array")]
    [InlineData("""{"siteCode":"CON-DUB","requestedDeliveryDate":"2026-12-30","lines":[null]}""", "lines[0]", "null")]
    [InlineData("""{siteCode: CON-DUB}""", "", "not valid JSON")]
    public async Task A_malformed_order_gets_400_naming_the_field_and_places_nothing(string json, string field, string message)
    {
        var client = Client();
        var before = (await client.GetStringAsync("/api/v1/orders")).Length;
        Assert.Contains(message, await FieldErrorAsync(await client.SendAsync(Json(HttpMethod.Post, "/api/v1/orders", json)), field));
        Assert.Equal(before, (await client.GetStringAsync("/api/v1/orders")).Length);
    }

    [Fact]
    public async Task Malformed_supplier_requests_get_400_with_field_errors()
    {
        var supplier = Client(DemoData.SupplierApiKey);
        Assert.Contains("null", await FieldErrorAsync(await supplier.SendAsync(Json(HttpMethod.Put, "/api/v1/supplier/products", "[null]")), "[0]"));
        Assert.Contains("an array", await FieldErrorAsync(await supplier.SendAsync(Json(HttpMethod.Put, "/api/v1/supplier/prices", "{}")), ""));
        Assert.Contains("a number", await FieldErrorAsync(await supplier.SendAsync(Json(HttpMethod.Put, "/api/v1/supplier/prices",
            """[{"accountName":"Contoso Ltd","sku":"22423","minimumQuantity":1,"unitPrice":"cheap","validFrom":"2026-01-01"}]""")), "[0].unitPrice"));
        Assert.Contains("real date", await FieldErrorAsync(await supplier.SendAsync(Json(HttpMethod.Put, "/api/v1/supplier/prices",
            """[{"accountName":"Contoso Ltd","sku":"22423","minimumQuantity":1,"unitPrice":1.5,"validFrom":"2026-13-01"}]""")), "[0].validFrom"));
        Assert.Contains("an id", await FieldErrorAsync(await supplier.SendAsync(Json(HttpMethod.Post, "/api/v1/supplier/orders/SO-1/deliveries",
            """{"shipmentId":"the blue van","deliveredDate":"2026-01-01","lines":[]}""")), "shipmentId"));
        Assert.Contains("null", await FieldErrorAsync(await supplier.SendAsync(Json(HttpMethod.Post, "/api/v1/supplier/orders/SO-1/shipments",
            """{"carrier":"DHL","lines":[{"line":1,"quantity":1},null]}""")), "lines[1]"));
        Assert.Contains("JSON body", await FieldErrorAsync(await supplier.SendAsync(Json(HttpMethod.Post, "/api/v1/supplier/orders/SO-1/confirmation", "")), ""));
        Assert.Contains("ISO 8601", await FieldErrorAsync(await Client().GetAsync("/api/v1/orders?since=yesterday"), "since"));
        Assert.Contains("whole number", await FieldErrorAsync(await Client().GetAsync("/api/v1/catalog?page=two"), "page"));
    }

    [Fact]
    public async Task A_body_that_is_not_json_gets_415()
    {
        var problem = await ProblemAsync(await Client().SendAsync(Json(HttpMethod.Post, "/api/v1/orders", "siteCode=CON-DUB", "application/x-www-form-urlencoded")),
            HttpStatusCode.UnsupportedMediaType);
        Assert.Contains("application/json", problem.GetProperty("detail").GetString());
        await ProblemAsync(await Client(DemoData.SupplierApiKey).SendAsync(Json(HttpMethod.Put, "/api/v1/supplier/products", "SKU,Name", "text/csv")),
            HttpStatusCode.UnsupportedMediaType);
    }

    [Fact]
    public async Task An_unknown_path_is_404_and_a_wrong_method_405_never_the_sign_in_page()
    {
        foreach (var key in new[] { null, DemoData.ContosoApiKey })
        {
            await ProblemAsync(await Client(key).GetAsync("/api/v1/no-such-thing"), HttpStatusCode.NotFound);
            await ProblemAsync(await Client(key).GetAsync("/api/v2/sites"), HttpStatusCode.NotFound);
            var wrongMethod = await Client(key).DeleteAsync("/api/v1/sites");
            await ProblemAsync(wrongMethod, HttpStatusCode.MethodNotAllowed);
            Assert.Contains("GET", wrongMethod.Content.Headers.Allow);
        }
        // signed in to the site with the cookie: still the API's answers, not pages
        var buyer = await app.SignedInAsync("buyer@contoso.test");
        await ProblemAsync(await buyer.GetAsync("/api/v1/no-such-thing"), HttpStatusCode.NotFound);
        await ProblemAsync(await buyer.GetAsync("/api/v1/sites"), HttpStatusCode.Unauthorized);
    }
}

/// <summary>A portal whose API order view fails, as a bug or a lost database would.</summary>
public sealed class BrokenApiPortal : PortalApp
{
    protected override void Configure(IWebHostBuilder builder) =>
        builder.ConfigureTestServices(services => services.AddSingleton<ApiOrderView>(_ => throw new InvalidOperationException("test: the order view is broken")));
}

public sealed class ApiServerErrorTests(BrokenApiPortal app) : IClassFixture<BrokenApiPortal>
{
    [Fact]
    public async Task A_failure_on_our_side_is_500_problem_details_with_a_trace_id()
    {
        var client = app.NewClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", DemoData.ContosoApiKey);
        var response = await client.GetAsync("/api/v1/orders/SO-000001");
        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(500, problem.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrEmpty(problem.GetProperty("traceId").GetString()));
        Assert.DoesNotContain("order view is broken", problem.ToString());
    }
}
