using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Portal.Data.Demo;

namespace Portal.Tests.Web.Ordering;

/// <summary>The placement core seen through its adapters: checkout tabs, the API's idempotency keys.</summary>
public sealed class OrderPlacementTests(PortalApp app) : IClassFixture<PortalApp>
{
    private static int OrderLinks(string page) => Regex.Matches(page, "href=\"/orders/SO-").Count;

    private static string Date(int days = 21)
    {
        var d = DateOnly.FromDateTime(DateTime.UtcNow.AddDays(days));
        while (d.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday) d = d.AddDays(1);
        return d.ToString("yyyy-MM-dd");
    }

    [Fact]
    public async Task Two_checkout_tabs_posted_together_place_the_cart_once()
    {
        var client = await app.SignedInAsync("buyer@contoso.test");
        await client.QuickOrderAsync("22423 1");
        var date = await client.EarliestAsync();
        var before = OrderLinks(await client.GetPageAsync("/orders"));

        // two tabs: two forms, two keys, one cart
        var tabs = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => client.CheckoutAsync(date, Guid.NewGuid().ToString("N"), po: "TABS-1")));
        Assert.Single(tabs, t => t.StatusCode == HttpStatusCode.Redirect);
        var refused = tabs.Single(t => t.StatusCode != HttpStatusCode.Redirect);
        Assert.Matches("cart (changed|is empty)", (await refused.Content.ReadAsStringAsync()).Text());
        Assert.Equal(before + 1, OrderLinks(await client.GetPageAsync("/orders")));
    }

    [Fact]
    public async Task A_cart_changed_after_the_checkout_page_was_shown_is_not_ordered_unseen()
    {
        var client = await app.SignedInAsync("buyer@contoso.test");
        await client.QuickOrderAsync("22423 1");
        var checkout = await client.GetPageAsync("/checkout");
        var version = Regex.Match(checkout, "name=\"Input.CartVersion\" value=\"(\\d+)\"").Groups[1].Value;
        Assert.NotEmpty(version);
        var date = Regex.Match(checkout, "name=\"Input.RequestedDeliveryDate\" value=\"([0-9-]+)\"").Groups[1].Value;

        // another tab adds a line meanwhile
        await client.PostFormAsync("/cart", [new("quick", "85123A 2")], "/cart?handler=QuickOrder");
        var stale = await client.PostFormAsync("/cart",
            [new("Input.RequestedDeliveryDate", date), new("Input.IdempotencyKey", Guid.NewGuid().ToString("N")), new("Input.PoNumber", "STALE"), new("Input.CartVersion", version)], "/checkout");
        Assert.Equal(HttpStatusCode.OK, stale.StatusCode);
        var text = (await stale.Content.ReadAsStringAsync()).Text();
        Assert.Contains("Your cart changed after this page was shown", text);
        Assert.Contains("STALE", await stale.Content.ReadAsStringAsync());   // what was typed is kept
        var cart = (await client.GetPageAsync("/cart")).Text();
        Assert.Contains("22423", cart);
        Assert.Contains("85123A", cart);
        Assert.DoesNotContain("STALE", (await client.GetPageAsync("/orders")).Text());
    }

    private HttpClient Api(string key)
    {
        var client = app.NewClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", key);
        return client;
    }

    private static HttpRequestMessage Post(string key, object body) => new(HttpMethod.Post, "/api/v1/orders")
    {
        Content = JsonContent.Create(body),
        Headers = { { "Idempotency-Key", key } },
    };

    [Fact]
    public async Task An_idempotency_key_reused_with_another_body_is_422_and_the_same_body_gets_the_first_answer()
    {
        var api = Api(DemoData.ContosoApiKey);
        var key = Guid.NewGuid().ToString();
        var body = new { siteCode = "CON-DUB", requestedDeliveryDate = Date(), lines = new[] { new { sku = "22423", quantity = 1 } } };
        var first = await api.SendAsync(Post(key, body));
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        var number = JsonDocument.Parse(await first.Content.ReadAsStringAsync()).RootElement.GetProperty("number").GetString();

        var replay = await api.SendAsync(Post(key, body));
        Assert.Equal(HttpStatusCode.OK, replay.StatusCode);
        Assert.Equal(number, JsonDocument.Parse(await replay.Content.ReadAsStringAsync()).RootElement.GetProperty("number").GetString());

        var other = await api.SendAsync(Post(key, body with { lines = new[] { new { sku = "22423", quantity = 5 } } }));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, other.StatusCode);
        Assert.Equal("application/problem+json", other.Content.Headers.ContentType!.MediaType);
        Assert.Contains(number!, await other.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task An_idempotency_key_belongs_to_the_api_key_that_sent_it()
    {
        // a second key of the same account sends the same Idempotency-Key: it is its own request, not a replay of the first key's
        var admin = await app.SignedInAsync("buyer@contoso.test");
        var made = await admin.PostFormAsync("/account/api-keys", [new("name", "Second system")], "/account/api-keys?handler=Create");
        // the new key is shown once, on the page the create post redirects to
        var second = Regex.Match(await admin.GetPageAsync(made.Headers.Location!.ToString()), "pk_[A-Za-z0-9_-]+").Value;
        Assert.NotEmpty(second);

        var key = Guid.NewGuid().ToString();
        var body = new { siteCode = "CON-DUB", requestedDeliveryDate = Date(), lines = new[] { new { sku = "22423", quantity = 1 } } };
        var one = await Api(DemoData.ContosoApiKey).SendAsync(Post(key, body));
        var two = await Api(second).SendAsync(Post(key, body));
        Assert.Equal(HttpStatusCode.Created, one.StatusCode);
        Assert.Equal(HttpStatusCode.Created, two.StatusCode);
        Assert.NotEqual(
            JsonDocument.Parse(await one.Content.ReadAsStringAsync()).RootElement.GetProperty("number").GetString(),
            JsonDocument.Parse(await two.Content.ReadAsStringAsync()).RootElement.GetProperty("number").GetString());
    }
}
