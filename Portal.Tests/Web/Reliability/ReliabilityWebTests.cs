using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Portal.Data.Accounts;
using Portal.Data.Demo;
using Portal.Data.Fulfilment;
using Portal.Data.Reliability;
using Portal.Tests.Web.Ordering;

namespace Portal.Tests.Web.Reliability;

/// <summary>What the reliability pages, the At risk queue and the API show on the real host, and to whom.</summary>
public static class ReliabilitySteps
{
    /// <summary>
    /// The buyer orders one line through the pages; the desk confirms it for the requested date, ships it and records its
    /// delivery <paramref name="daysLate"/> days after the promise; the nightly roll-up runs. Returns the order number.
    /// </summary>
    public static async Task<string> LateLineAsync(PortalApp app, string buyerEmail, int daysLate = 2)
    {
        var buyer = await app.SignedInAsync(buyerEmail);
        await buyer.QuickOrderAsync("85123A 6");
        var placed = await buyer.CheckoutAsync(await buyer.EarliestAsync(), Guid.NewGuid().ToString("N"), "RELIABILITY");
        Assert.Equal(HttpStatusCode.Redirect, placed.StatusCode);
        var number = placed.Number();
        var desk = app.Services.GetRequiredService<OrderDesk>();
        var order = (await desk.GetAsync(number))!;
        var confirmed = await desk.ConfirmAsync(number, order.PlacedByUserId, [new PromiseInput(1, order.RequestedDeliveryDate, 6)]);
        Assert.True(confirmed!.Succeeded, string.Join(" ", confirmed.Errors.Values));
        Assert.True((await desk.ShipAsync(number, order.PlacedByUserId, "DHL", null, [new QuantityInput(1, 6)]))!.Succeeded);
        var arrives = order.RequestedDeliveryDate.AddDays(daysLate).ToDateTime(new TimeOnly(12, 0));
        if (app.Clock.GetUtcNow() < arrives) app.Clock.SetUtcNow(new DateTimeOffset(arrives, TimeSpan.Zero));
        var terms = await app.Services.GetRequiredService<AccountStore>().TermsAsync(order.AccountId);
        var shipment = (await desk.ProgressOfAnyAccountAsync(order.Id)).Shipments.Single();
        var delivered = await desk.DeliverAsync(number, order.PlacedByUserId, shipment.Id, terms.Today(app.Clock), [new QuantityInput(1, 6)]);
        Assert.True(delivered!.Succeeded, string.Join(" ", delivered.Errors.Values));
        await app.Services.GetRequiredService<ReliabilityRollup>().RefreshAllAsync();
        return number;
    }
}

public sealed class ReliabilityWebTests(PortalApp app) : IClassFixture<PortalApp>
{
    private HttpClient Key(string key)
    {
        var client = app.NewClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", key);
        return client;
    }

    private static async Task<JsonElement> Json(HttpResponseMessage response) => JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

    [Fact]
    public async Task A_customer_sees_their_late_line_linking_to_its_order_and_never_another_accounts_figures()
    {
        var number = await ReliabilitySteps.LateLineAsync(app, "buyer@contoso.test", daysLate: 3);

        var contoso = await (await app.SignedInAsync("buyer@contoso.test")).GetPageAsync("/reliability");
        Assert.Contains($"href=\"/orders/{number}\"", contoso);
        Assert.Contains("3 days late", contoso.Text());
        Assert.Contains("<svg", contoso);
        Assert.Matches(new Regex("data-testid=\"lines-weeks\">[1-9]"), contoso);

        foreach (var other in new[] { "admin@northwind.test", "approver@northwind.test", "buyer@northwind.test" })
        {
            var northwind = await (await app.SignedInAsync(other)).GetPageAsync("/reliability");
            Assert.DoesNotContain(number, northwind);
            Assert.Contains("No late or short lines", northwind);
            Assert.Contains("data-testid=\"lines-weeks\">0<", northwind);
        }
    }

    [Fact]
    public async Task The_api_gives_a_customer_key_its_own_weeks_and_a_supplier_key_every_account()
    {
        await ReliabilitySteps.LateLineAsync(app, "buyer@contoso.test");
        var accounts = app.Services.GetRequiredService<AccountStore>();
        var contosoId = (await accounts.ListAccountsAsync("Contoso", 1, 10)).Items.Single().Id;

        var own = await Json(await Key(DemoData.ContosoApiKey).GetAsync("/api/v1/reliability"));
        var only = Assert.Single(own.GetProperty("accounts").EnumerateArray());
        Assert.Equal(contosoId, only.GetProperty("accountId").GetGuid());
        Assert.Equal(13, only.GetProperty("weeks").GetArrayLength());
        Assert.True(only.GetProperty("weeks").EnumerateArray().Sum(w => w.GetProperty("lateLines").GetInt64()) >= 1);

        var northwind = await Json(await Key(DemoData.NorthwindApiKey).GetAsync("/api/v1/reliability"));
        var theirs = Assert.Single(northwind.GetProperty("accounts").EnumerateArray());
        Assert.NotEqual(contosoId, theirs.GetProperty("accountId").GetGuid());
        Assert.All(theirs.GetProperty("weeks").EnumerateArray(), w => Assert.Equal(0, w.GetProperty("lines").GetInt64()));

        var supplier = await Json(await Key(DemoData.SupplierApiKey).GetAsync("/api/v1/reliability"));
        Assert.Contains(supplier.GetProperty("accounts").EnumerateArray(), a => a.GetProperty("accountId").GetGuid() == contosoId);

        Assert.Equal(HttpStatusCode.Unauthorized, (await app.NewClient().GetAsync("/api/v1/reliability")).StatusCode);
    }

    [Theory]
    [InlineData("from=2026-13-01", "from")]
    [InlineData("to=yesterday", "to")]
    [InlineData("from=2026-06-01&to=2026-05-01", "from")]
    [InlineData("from=2000-01-01&to=2099-12-31", "to")]
    [InlineData("from=1066-10-14", "from")]
    public async Task Bad_dates_are_problem_details_naming_the_field(string query, string field)
    {
        var response = await Key(DemoData.ContosoApiKey).GetAsync($"/api/v1/reliability?{query}");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        Assert.True((await Json(response)).GetProperty("errors").TryGetProperty(field, out _));
    }

    [Fact]
    public async Task The_supplier_ranks_every_account_and_an_account_manager_sees_the_accounts_they_manage()
    {
        await ReliabilitySteps.LateLineAsync(app, "buyer@contoso.test");
        var admin = await (await app.SignedInAsync("admin@supplier.test")).GetPageAsync("/desk/reliability?period=12m&sort=late&dir=desc");
        Assert.Contains("Contoso Ltd", admin);
        Assert.Contains("85123A", admin);
        Assert.Contains("aria-sort=\"descending\"", admin);

        // the demo gives both accounts to the manager: Contoso is nobody's here
        await using (var c = await app.Services.GetRequiredService<Portal.Data.Db.ConnectionFactory>().OpenAsync(TestContext.Current.CancellationToken))
            await Dapper.SqlMapper.ExecuteAsync(c, "UPDATE CustomerAccounts SET AccountManagerUserId = NULL WHERE Name = 'Contoso Ltd'");
        var manager = await (await app.SignedInAsync("manager@supplier.test")).GetPageAsync("/desk/reliability?period=12m");
        Assert.Contains("Accounts you manage", manager);
        Assert.DoesNotContain("Contoso Ltd", manager);

        // a crafted period or sort is the default, never an error
        Assert.Contains("Last 13 weeks", await (await app.SignedInAsync("desk@supplier.test")).GetPageAsync("/desk/reliability?period=x&sort=y&dir=z"));
        // customers never reach the supplier's view
        var customer = await (await app.SignedInAsync("admin@northwind.test")).GetAsync("/desk/reliability");
        Assert.NotEqual(HttpStatusCode.OK, customer.StatusCode);
    }

    [Fact]
    public async Task The_desk_re_promises_a_line_at_risk_and_a_refused_re_promise_keeps_what_was_typed()
    {
        var buyer = await app.SignedInAsync("buyer@contoso.test");
        await buyer.QuickOrderAsync("22423 2");
        var number = (await buyer.CheckoutAsync(await buyer.EarliestAsync(), Guid.NewGuid().ToString("N"), "AT-RISK")).Number();
        var desk = app.Services.GetRequiredService<OrderDesk>();
        var order = (await desk.GetAsync(number))!;
        Assert.True((await desk.ConfirmAsync(number, order.PlacedByUserId, [new PromiseInput(1, order.RequestedDeliveryDate, 2)]))!.Succeeded);
        // the morning of the ship-by day
        var shipBy = PromiseRisk.ShipBy(order.RequestedDeliveryDate, PromiseRisk.DefaultTransitDays).ToDateTime(new TimeOnly(7, 0));
        if (app.Clock.GetUtcNow() < shipBy) app.Clock.SetUtcNow(new DateTimeOffset(shipBy, TimeSpan.Zero));
        await app.Services.GetRequiredService<PromiseRisk>().RunAsync();

        var agent = await app.SignedInAsync("desk@supplier.test");
        var queue = await agent.GetPageAsync("/desk/at-risk");
        Assert.Contains($"risk-{number}-1", queue);
        var riskId = Regex.Match(queue, $"data-testid=\"risk-{number}-1\"[\\s\\S]*?name=\"riskId\" value=\"([0-9a-f-]+)\"").Groups[1].Value;
        var later = order.RequestedDeliveryDate.AddDays(7).ToString("yyyy-MM-dd");

        var refused = await agent.PostFormAsync("/desk/at-risk", [new("riskId", riskId), new("promisedDate", later), new("reasonCode", ""), new("note", "ferry")], "/desk/at-risk?handler=Repromise");
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        var page = await refused.Content.ReadAsStringAsync();
        Assert.Contains($"id=\"reason-{riskId}-error\"", page);
        Assert.Matches($"id=\"reason-{riskId}\"[^>]*aria-invalid=\"true\"", page);
        Assert.Contains($"value=\"{later}\"", page);
        Assert.Contains("value=\"ferry\"", page);

        var done = await agent.PostFormAsync("/desk/at-risk", [new("riskId", riskId), new("promisedDate", later), new("reasonCode", "Transport"), new("note", "")], "/desk/at-risk?handler=Repromise");
        Assert.Equal(HttpStatusCode.Redirect, done.StatusCode);
        Assert.DoesNotContain($"risk-{number}-1", await agent.GetPageAsync("/desk/at-risk"));
        var mails = await app.MailsContainingAsync($"Order {number}: line 1 may arrive after its promised date", $"Order {number} has a new promised date");
        Assert.Single(mails, m => m.Contains($"Order {number}: line 1 may arrive after its promised date"));
        Assert.Single(mails, m => m.Contains($"Order {number} has a new promised date"));
    }

    [Fact]
    public async Task Transit_days_refused_for_a_bad_value_show_it_again_marked_and_a_good_one_is_saved()
    {
        var agent = await app.SignedInAsync("admin@supplier.test");
        var page = await agent.GetPageAsync("/desk/transit-days");
        var siteId = Regex.Match(page, "name=\"siteId\" value=\"([0-9a-f-]+)\"").Groups[1].Value;
        var refused = await agent.PostFormAsync("/desk/transit-days", [new("siteId", siteId), new("transitDays", "lots")]);
        var html = await refused.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("value=\"lots\"", html);
        Assert.Matches($"id=\"transit-{siteId}\"[^>]*aria-invalid=\"true\"", html);
        Assert.Equal(HttpStatusCode.Redirect, (await agent.PostFormAsync("/desk/transit-days", [new("siteId", siteId), new("transitDays", "3")])).StatusCode);
        Assert.Equal(3, (await app.Services.GetRequiredService<PromiseRisk>().SitesAsync(null)).Single(s => s.SiteId == Guid.Parse(siteId)).TransitDays);
    }
}
