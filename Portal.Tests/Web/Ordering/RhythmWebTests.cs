using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Portal.Data.Accounts;
using Portal.Data.Catalog;
using Portal.Data.Db;
using Portal.Data.Demo;
using Portal.Data.Replenishment;

namespace Portal.Tests.Web.Ordering;

/// <summary>Suggestions from buying rhythm on the home page and the cart, and the reminder's one-click skip link, on the real host.</summary>
public sealed class RhythmWebTests(PortalApp app) : IClassFixture<PortalApp>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static string Token(string html) => WebUtility.HtmlDecode(Regex.Match(html, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value);

    [Fact]
    public async Task A_buyer_with_a_regular_purchase_sees_it_on_the_home_page_adds_it_in_one_click_and_the_cart_then_leaves_it_out()
    {
        var product = (await app.Services.GetRequiredService<CatalogStore>().AllAsync(Ct)).First(p => p.IsActive && p.PackSize > 1);
        await RhythmHistory.SeedAsync(app.Services, app.Clock, "buyer@northwind.test", "NW-LON", product.Sku, product.PackSize * 2 + 1, 67, 46, 25);
        using var buyer = await app.SignedInAsync("buyer@northwind.test");
        await buyer.PostFormAsync("/cart", [], "/cart?handler=Clear");

        var home = await buyer.GetPageAsync("/");
        Assert.Contains($"Usually every 3 weeks, last ordered 25 days ago: {product.PackSize * 2 + 1} {product.Unit}", WebUtility.HtmlDecode(home));
        // the quantity offered is valid: the usual one rounded up to whole packs
        var offered = Regex.Match(home, $"id=\"suggest-{product.Id:N}\" name=\"quantity\"\\s+value=\"(\\d+)\"").Groups[1].Value;
        Assert.Equal((product.PackSize * 3).ToString(System.Globalization.CultureInfo.InvariantCulture), offered);
        Assert.Contains($"/schedule/edit?sku={Uri.EscapeDataString(product.Sku)}&amp;quantity={offered}&amp;weeks=3", home);

        // without script: a plain post goes back to the home page with what was added
        var added = await buyer.PostAsync("/suggestions?handler=Add", new FormUrlEncodedContent(
            [new("productId", product.Id.ToString()), new("quantity", offered), new("returnUrl", "/"), new("__RequestVerificationToken", Token(home))]));
        Assert.Equal(HttpStatusCode.Redirect, added.StatusCode);
        Assert.Equal("/", added.Headers.Location?.ToString());
        var cart = await buyer.GetPageAsync("/cart");
        Assert.Contains(product.Sku, Regex.Match(cart, "data-testid=\"cart\".*?</table>", RegexOptions.Singleline).Value);
        Assert.DoesNotContain($"suggest-{product.Id:N}", cart);
        Assert.DoesNotContain($"suggest-{product.Id:N}", await buyer.GetPageAsync("/"));
    }

    [Fact]
    public async Task With_script_the_add_answers_json_and_a_quantity_off_the_pack_is_refused_next_to_its_field()
    {
        var product = (await app.Services.GetRequiredService<CatalogStore>().AllAsync(Ct)).Where(p => p.IsActive && p.PackSize > 1).Skip(1).First();
        await RhythmHistory.SeedAsync(app.Services, app.Clock, "buyer@contoso.test", "CON-DUB", product.Sku, product.PackSize, 60, 40, 20);
        using var buyer = await app.SignedInAsync("buyer@contoso.test");
        var page = await buyer.GetPageAsync("/suggestions");
        Assert.Contains($"suggest-{product.Id:N}", page);
        async Task<HttpResponseMessage> AddAsync(string quantity, bool json)
        {
            var request = new HttpRequestMessage(HttpMethod.Post, "/suggestions?handler=Add")
            {
                Content = new FormUrlEncodedContent([new("productId", product.Id.ToString()), new("quantity", quantity), new("returnUrl", "/"), new("__RequestVerificationToken", Token(page))]),
            };
            if (json) request.Headers.Accept.ParseAdd("application/json");
            return await buyer.SendAsync(request, Ct);
        }
        var refused = await AddAsync((product.PackSize + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), json: true);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("packs of", (await refused.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("error").GetString());
        var plainRefused = await AddAsync("abc", json: false);
        Assert.Equal(HttpStatusCode.OK, plainRefused.StatusCode);
        var html = await plainRefused.Content.ReadAsStringAsync(Ct);
        Assert.Matches($"id=\"suggest-{product.Id:N}\" name=\"quantity\"\\s+value=\"abc\"\\s+aria-invalid=\"true\" aria-describedby=\"suggest-{product.Id:N}-error\"", html);

        var ok = await AddAsync(product.PackSize.ToString(System.Globalization.CultureInfo.InvariantCulture), json: true);
        var answer = await ok.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.True(answer.GetProperty("ok").GetBoolean());
        Assert.Contains(product.Sku, answer.GetProperty("message").GetString());
    }

    [Fact]
    public async Task Make_a_schedule_from_a_suggestion_opens_the_form_with_the_item_its_quantity_and_every_n_weeks()
    {
        using var buyer = await app.SignedInAsync("buyer@contoso.test");
        var form = WebUtility.HtmlDecode(await buyer.GetPageAsync("/schedule/edit?sku=22423&quantity=8&weeks=3"));
        Assert.Contains("The item and its usual quantity are filled in", form);
        Assert.Matches("name=\"Input.Lines\\[0\\].Sku\"[^>]*value=\"22423\"", form);
        Assert.Matches("name=\"Input.Lines\\[0\\].Quantity\"[^>]*value=\"8\"", form);
        Assert.Matches("name=\"Input.IntervalWeeks\"[^>]*value=\"3\"", form);
        Assert.Equal(HttpStatusCode.NotFound, (await buyer.GetAsync("/schedule/edit?sku=NOSUCH&quantity=8&weeks=3", Ct)).StatusCode);
    }

    [Fact]
    public async Task The_reminder_links_to_a_page_that_skips_that_order_after_one_press_and_a_plain_visit_changes_nothing()
    {
        using var api = app.NewClient();
        api.DefaultRequestHeaders.Add("X-Api-Key", DemoData.ContosoApiKey);
        var made = await api.PostAsync("/api/v1/reorder-schedules", new StringContent("""
            {"name":"Skip from the mail","siteCode":"CON-DUB","cron":"0 9 * * TUE","leadNoticeHours":336,"startDate":"2026-01-01","lines":[{"sku":"22423","quantity":4}]}
            """, Encoding.UTF8, "application/json"), Ct);
        Assert.Equal(HttpStatusCode.Created, made.StatusCode);
        var schedule = await made.Content.ReadFromJsonAsync<JsonElement>(Ct);
        var id = schedule.GetProperty("id").GetGuid();
        var next = schedule.GetProperty("nextRunUtc").GetDateTimeOffset();

        await app.Services.GetRequiredService<ReplenishmentRun>().RemindAsync(Ct);
        var mail = (await app.MailsContainingAsync("Skip from the mail")).Last(m => m.Contains("Skip this order"));
        var skip = Regex.Match(mail, $"{Regex.Escape(PortalApp.PublicUrl)}(/schedules/{id}/skip\\?at=[0-9TZ]+)").Groups[1].Value;
        Assert.NotEmpty(skip);
        Assert.Contains($"{PortalApp.PublicUrl}/schedule/edit/{id}", mail);

        using var buyer = await app.SignedInAsync("buyer@contoso.test");
        var page = await buyer.GetPageAsync(skip);
        Assert.Contains("Skip this one order?", page);
        await buyer.GetPageAsync(skip); // visiting twice (a link preview, a scanner) changes nothing
        Assert.Equal(next, (await api.GetFromJsonAsync<JsonElement>($"/api/v1/reorder-schedules/{id}", Ct)).GetProperty("nextRunUtc").GetDateTimeOffset());

        var pressed = await buyer.PostFormAsync(skip, []);
        Assert.Equal(HttpStatusCode.Redirect, pressed.StatusCode);
        Assert.Equal($"/schedules/{id}", pressed.Headers.Location?.ToString());
        var details = await buyer.GetPageAsync($"/schedules/{id}");
        Assert.Contains("was skipped", details);

        // the same link again: that order is no longer the next one, so nothing more is skipped
        Assert.Contains("no longer the schedule's next one", await buyer.GetPageAsync(skip));
        var again = await buyer.PostFormAsync(skip, []);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Contains("Nothing was skipped", await again.Content.ReadAsStringAsync(Ct));
        using var other = await app.SignedInAsync("buyer@northwind.test");
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync(skip, Ct)).StatusCode);
    }
}

/// <summary>A demo user's site with a buying rhythm: delivered orders of one item on the given days back.</summary>
public static class RhythmHistory
{
    /// <summary>Delivered orders of a demo user's site, one line each, the given days back: a buying rhythm.</summary>
    public static async Task SeedAsync(IServiceProvider services, TimeProvider clock, string email, string siteCode, string sku, int quantity, params int[] daysAgo)
    {
        var db = services.GetRequiredService<ConnectionFactory>();
        var product = (await services.GetRequiredService<CatalogStore>().BySkuAsync(sku))!;
        await using var c = await db.OpenAsync();
        var (userId, accountId) = await c.QuerySingleAsync<(Guid, Guid)>("SELECT Id, AccountId FROM Users WHERE Email = @Email", new { Email = email });
        var siteId = await c.QuerySingleAsync<Guid>("SELECT Id FROM Sites WHERE AccountId = @AccountId AND Code = @Code", new { AccountId = accountId, Code = siteCode });
        foreach (var days in daysAgo)
        {
            var id = Guid.NewGuid();
            var number = "SO-H" + Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();
            await c.ExecuteAsync("""
                INSERT INTO Orders (Id, AccountId, Number, SiteId, PlacedByUserId, Status, PoNumber, RequestedDeliveryDate, Notes, Total, LineCount, IdempotencyKey, CreatedUtc, Version)
                VALUES (@Id, @AccountId, @Number, @SiteId, @UserId, 'Delivered', 'PO-H', @Requested, NULL, @Total, 1, @Number, @Created, 1)
                """, new { Id = id, AccountId = accountId, Number = number, SiteId = siteId, UserId = userId, Requested = DateOnly.FromDateTime(clock.GetUtcNow().AddDays(3 - days).UtcDateTime), Total = product.ListPrice * quantity, Created = clock.GetUtcNow().AddDays(-days) });
            await c.ExecuteAsync("""
                INSERT INTO OrderLines (OrderId, LineNumber, ProductId, Sku, Name, Unit, Quantity, UnitPrice, LineTotal)
                VALUES (@OrderId, 1, @ProductId, @Sku, @Name, @Unit, @Quantity, @UnitPrice, @LineTotal)
                """, new { OrderId = id, ProductId = product.Id, product.Sku, product.Name, product.Unit, Quantity = quantity, UnitPrice = product.ListPrice, LineTotal = product.ListPrice * quantity });
        }
    }
}
