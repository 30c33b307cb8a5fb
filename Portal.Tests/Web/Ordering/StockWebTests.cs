using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Portal.Data.Accounts;
using Portal.Data.Demo;
using Portal.Data.Replenishment;

namespace Portal.Tests.Web.Ordering;

/// <summary>
/// The portal with no job server in the process: the tests run the replenishment themselves, so no run comes between a
/// count and what the page says the next run will order.
/// </summary>
public sealed class PortalWithoutJobServer : PortalApp
{
    protected override void Configure(IWebHostBuilder builder) => builder.UseSetting("Jobs:Server", "false");
}

/// <summary>Stock levels through the pages and the integration API on the real host: rules, the count sheet, CSV, the run, isolation.</summary>
public sealed partial class StockWebTests(PortalWithoutJobServer app) : IClassFixture<PortalWithoutJobServer>
{
    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private HttpClient Api(string key = DemoData.ContosoApiKey)
    {
        var client = app.NewClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", key);
        return client;
    }

    private static async Task<JsonElement> ReadAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"expected {(int)status}, was {(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement;
    }

    private async Task<Site> SiteAsync(string account, string code)
    {
        var accounts = app.Services.GetRequiredService<AccountStore>();
        var id = (await accounts.ListAccountsAsync(null, 1, 100)).Items.Single(a => a.Name == account).Id;
        return (await accounts.GetSitesAsync(id)).Single(s => s.Code == code);
    }

    private static async Task AddRuleAsync(HttpClient client, Guid site, string sku, int min, int max)
    {
        var added = await client.PostFormAsync($"/stock?site={site}",
            [new("Input.Sku", sku), new("Input.MinLevel", $"{min}"), new("Input.MaxLevel", $"{max}")], $"/stock?handler=Add&site={site}");
        Assert.True(added.StatusCode == HttpStatusCode.Redirect, await added.Content.ReadAsStringAsync());
    }

    [GeneratedRegex("href=\"/stock/rules/([0-9a-f-]{36})\"[^>]*aria-label=\"Change the rule for ([^\"]+)\"")]
    private static partial Regex RuleLink();

    [Fact]
    public async Task A_buyer_adds_a_rule_counts_on_the_sheet_sees_what_the_next_run_orders_and_the_run_orders_it_once_by_stock_rule()
    {
        var site = await SiteAsync("Contoso Ltd", "CON-DUB");
        using var buyer = await app.SignedInAsync("buyer@contoso.test");
        Assert.Contains("Stock levels", await buyer.GetPageAsync("/"));

        // a refused rule comes back with what was typed and the message next to the field
        var refused = await buyer.PostFormAsync($"/stock?site={site.Id}",
            [new("Input.Sku", "85123A"), new("Input.MinLevel", "10"), new("Input.MaxLevel", "9")], $"/stock?handler=Add&site={site.Id}");
        var html = await refused.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("The maximum must be above the minimum", html.Text());
        Assert.Matches("id=\"Input_MaxLevel\"[^>]*aria-invalid=\"true\"|aria-invalid=\"true\"[^>]*id=\"Input_MaxLevel\"", html);
        Assert.Contains("value=\"85123A\"", html);
        Assert.Contains("value=\"10\"", html);

        await AddRuleAsync(buyer, site.Id, "85123A", 10, 30);
        await AddRuleAsync(buyer, site.Id, "22423", 2, 6);

        // the count sheet: a refused value is marked, everything typed is kept, nothing is saved
        var sheet = await buyer.GetPageAsync($"/stock/count?site={site.Id}");
        Assert.Contains("data-count", sheet);
        var skus = Regex.Matches(sheet, "name=\"Counts\\[(\\d+)\\].Sku\" value=\"([^\"]+)\"").ToDictionary(m => m.Groups[2].Value, m => m.Groups[1].Value);
        // the browser sends every row of the sheet; rows left empty are not counted
        List<KeyValuePair<string, string>> Sheet(string heart, string cakestand) => skus.SelectMany(x => new KeyValuePair<string, string>[]
        {
            new($"Counts[{x.Value}].Sku", x.Key), new($"Counts[{x.Value}].OnHand", x.Key == "85123A" ? heart : x.Key == "22423" ? cakestand : ""),
        }).ToList();
        var bad = await buyer.PostFormAsync($"/stock/count?site={site.Id}", Sheet("3", "-4"), $"/stock/count?site={site.Id}");
        var badHtml = await bad.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, bad.StatusCode);
        Assert.Contains("cannot be below 0", badHtml.Text());
        Assert.Contains("value=\"-4\"", badHtml);
        Assert.Contains("value=\"3\"", badHtml);
        Assert.Matches($"id=\"Counts_{skus["22423"]}__OnHand\"[^>]*aria-invalid=\"true\"|aria-invalid=\"true\"[^>]*id=\"Counts_{skus["22423"]}__OnHand\"", badHtml);
        var unchanged = await buyer.GetPageAsync($"/stock?site={site.Id}");
        foreach (var sku in new[] { "85123A", "22423" })
            Assert.Contains("Not counted yet", Regex.Match(unchanged, $"data-testid=\"rule-{sku}\".*?</tr>", RegexOptions.Singleline).Value.Text());

        var saved = await buyer.PostFormAsync($"/stock/count?site={site.Id}", Sheet("3", "4"), $"/stock/count?site={site.Id}");
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var levels = await buyer.GetPageAsync(saved.Headers.Location!.ToString());
        Assert.Contains("2 count(s) saved", levels.Text());
        // 30 − 3 = 27, in packs of 2: 28; 22423 at 4 is above its minimum of 2
        Assert.Contains("data-testid=\"next-85123A\">28<", levels);
        Assert.DoesNotContain("data-testid=\"next-22423\"", levels);

        var run = await app.Services.GetRequiredService<ReplenishmentRun>().RunAsync(TestContext.Current.CancellationToken);
        Assert.Equal(1, run.Placed);
        Assert.Equal(0, (await app.Services.GetRequiredService<ReplenishmentRun>().RunAsync(TestContext.Current.CancellationToken)).Placed);
        var after = await buyer.GetPageAsync($"/stock?site={site.Id}");
        var number = Regex.Match(after, "ordered on (SO-\\d+)").Groups[1].Value;
        Assert.NotEmpty(number);
        Assert.Contains("by stock rule", (await buyer.GetPageAsync("/orders")).Text());
        var order = (await buyer.GetPageAsync($"/orders/{number}")).Text();
        Assert.Contains("Placed by stock rule of Dublin office", order);
        var placed = await ReadAsync(await Api().GetAsync($"/api/v1/orders/{number}"), HttpStatusCode.OK);
        Assert.Equal("StockRule", placed.GetProperty("source").GetString());
        Assert.Equal(28, placed.GetProperty("lines").EnumerateArray().Single(l => l.GetProperty("sku").GetString() == "85123A").GetProperty("quantity").GetInt32());

        // change and delete (the delete asks first)
        var rules = RuleLink().Matches(after).ToDictionary(m => m.Groups[2].Value, m => m.Groups[1].Value);
        var change = await buyer.PostFormAsync($"/stock/rules/{rules["22423"]}", [new("Input.MinLevel", "5"), new("Input.MaxLevel", "12"), new("Input.Version", "1")]);
        Assert.Equal(HttpStatusCode.Redirect, change.StatusCode);
        Assert.Contains("data-confirm=\"Delete the rule for 22423", after);
        var deleted = await buyer.PostFormAsync($"/stock?site={site.Id}", [], $"/stock?handler=Delete&site={site.Id}&id={rules["22423"]}");
        Assert.Equal(HttpStatusCode.Redirect, deleted.StatusCode);
        Assert.DoesNotContain("rule-22423", await buyer.GetPageAsync($"/stock?site={site.Id}"));
    }

    [Fact]
    public async Task A_csv_upload_with_a_bad_row_lists_each_rows_problem_and_saves_nothing()
    {
        var site = await SiteAsync("Contoso Ltd", "CON-DUB");
        using var buyer = await app.SignedInAsync("buyer@contoso.test");
        await AddRuleAsync(buyer, site.Id, "22720", 5, 20);

        async Task<HttpResponseMessage> UploadAsync(string csv)
        {
            var page = await buyer.GetPageAsync($"/stock/upload?site={site.Id}");
            var token = Regex.Match(page, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value;
            var form = new MultipartFormDataContent { { new StringContent(WebUtility.HtmlDecode(token)), "__RequestVerificationToken" } };
            var file = new ByteArrayContent(Encoding.UTF8.GetBytes(csv));
            file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
            form.Add(file, "file", "counts.csv");
            return await buyer.PostAsync($"/stock/upload?site={site.Id}", form);
        }

        var bad = await UploadAsync("sku,onHand\n22720,4\nNOSUCH,3\n22720,x\n");
        var html = (await bad.Content.ReadAsStringAsync()).Text();
        Assert.Equal(HttpStatusCode.OK, bad.StatusCode);
        Assert.Contains("nothing was saved", html);
        Assert.Contains("No product has the SKU \"NOSUCH\"", html);
        Assert.Contains("counted twice", html);
        Assert.Contains("Not counted yet", Regex.Match(await buyer.GetPageAsync($"/stock?site={site.Id}"), "data-testid=\"rule-22720\".*?</tr>", RegexOptions.Singleline).Value.Text());

        var header = await UploadAsync("product,count\n22720,4\n");
        Assert.Contains("must be the header sku,onHand", (await header.Content.ReadAsStringAsync()).Text());

        var good = await UploadAsync("\"sku\",\"onHand\"\n22720,4\n");
        Assert.Equal(HttpStatusCode.Redirect, good.StatusCode);
        Assert.Contains("data-testid=\"next-22720\">16<", await buyer.GetPageAsync($"/stock?site={site.Id}"));
    }

    [Fact]
    public async Task The_api_records_counts_and_answers_what_the_next_run_orders_with_field_errors_for_bad_counts_and_404_for_another_accounts_site()
    {
        var site = await SiteAsync("Contoso Ltd", "CON-DUB");
        using var buyer = await app.SignedInAsync("buyer@contoso.test");
        await AddRuleAsync(buyer, site.Id, "21212", 100, 500);
        using var api = Api();
        var answer = await ReadAsync(await api.PostAsync("/api/v1/stock-counts", Json("""{"siteCode":"con-dub","counts":[{"sku":"21212","onHand":40}]}""")), HttpStatusCode.OK);
        var count = answer.GetProperty("counts")[0];
        Assert.Equal(("21212", 40), (count.GetProperty("sku").GetString(), count.GetProperty("onHand").GetInt32()));
        Assert.True(count.GetProperty("nextRunQuantity").GetInt32() > 0, count.ToString());
        Assert.Contains("maximum 500", count.GetProperty("nextRun").GetString());

        foreach (var (json, field) in new[]
        {
            ("""{"siteCode":"CON-DUB","counts":[{"sku":"21212","onHand":-1}]}""", "counts[0].onHand"),
            ("""{"siteCode":"CON-DUB","counts":[{"sku":"21212","onHand":5000000}]}""", "counts[0].onHand"),
            ("""{"siteCode":"CON-DUB","counts":[{"sku":"21212","onHand":1},{"sku":"NOSUCH","onHand":1}]}""", "counts[1].sku"),
            ("""{"siteCode":"CON-DUB","counts":[{"sku":"47566","onHand":1}]}""", "counts[0].sku"), // sold, but no rule at the site
            ("""{"siteCode":"NOPE","counts":[{"sku":"21212","onHand":1}]}""", "siteCode"),
            ("""{"siteCode":"CON-DUB","counts":[]}""", "counts"),
        })
        {
            var response = await api.PostAsync("/api/v1/stock-counts", Json(json));
            var problem = await ReadAsync(response, HttpStatusCode.BadRequest);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"{json}: {problem}");
        }
        // nothing of a refused request was saved: the last count is still 40
        var again = await ReadAsync(await api.PostAsync("/api/v1/stock-counts", Json("""{"siteCode":"CON-DUB","counts":[{"sku":"21212","onHand":40}]}""")), HttpStatusCode.OK);
        Assert.Equal(40, again.GetProperty("counts")[0].GetProperty("onHand").GetInt32());

        using var northwind = Api(DemoData.NorthwindApiKey);
        await ReadAsync(await northwind.PostAsync("/api/v1/stock-counts", Json("""{"siteCode":"CON-DUB","counts":[{"sku":"21212","onHand":1}]}""")), HttpStatusCode.NotFound);
        Assert.Contains("/api/v1/stock-counts", await (await app.NewClient().GetAsync("/openapi/v1.json")).Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Another_accounts_stock_pages_rules_and_sites_are_not_found_and_a_buyer_limited_to_a_site_sees_only_it()
    {
        var contoso = await SiteAsync("Contoso Ltd", "CON-DUB");
        using var owner = await app.SignedInAsync("buyer@contoso.test");
        await AddRuleAsync(owner, contoso.Id, "22960", 1, 5);
        var ruleId = RuleLink().Matches(await owner.GetPageAsync($"/stock?site={contoso.Id}")).Single(m => m.Groups[2].Value == "22960").Groups[1].Value;

        using var other = await app.SignedInAsync("admin@northwind.test");
        foreach (var url in new[] { $"/stock?site={contoso.Id}", $"/stock/count?site={contoso.Id}", $"/stock/upload?site={contoso.Id}", $"/stock/rules/{ruleId}" })
            Assert.True((await other.GetAsync(url)).StatusCode == HttpStatusCode.NotFound, url);
        var delete = await other.PostFormAsync("/stock", [], $"/stock?handler=Delete&site={contoso.Id}&id={ruleId}");
        Assert.Equal(HttpStatusCode.NotFound, delete.StatusCode);
        var add = await other.PostFormAsync("/stock", [new("Input.Sku", "22423"), new("Input.MinLevel", "1"), new("Input.MaxLevel", "2")], $"/stock?handler=Add&site={contoso.Id}");
        Assert.Equal(HttpStatusCode.NotFound, add.StatusCode);
        Assert.Contains("rule-22960", await owner.GetPageAsync($"/stock?site={contoso.Id}"));

        // Nadia buys for London only: Manchester is not hers
        var manchester = await SiteAsync("Northwind Traders", "NW-MAN");
        using var nadia = await app.SignedInAsync("buyer@northwind.test");
        Assert.Equal(HttpStatusCode.NotFound, (await nadia.GetAsync($"/stock?site={manchester.Id}")).StatusCode);
        Assert.Contains("London head office", (await nadia.GetPageAsync("/stock")).Text());
        Assert.Equal(HttpStatusCode.OK, (await other.GetAsync($"/stock?site={manchester.Id}")).StatusCode);
    }

    [Fact]
    public async Task Supplier_admins_see_stored_runs_with_their_problems_and_links_to_the_account_and_customers_cannot()
    {
        var accounts = app.Services.GetRequiredService<AccountStore>();
        var northwind = (await accounts.ListAccountsAsync(null, 1, 100)).Items.Single(a => a.Name == "Northwind Traders").Id;
        var log = app.Services.GetRequiredService<RunLog>();
        var before = (await log.RunsAsync(1, false, TestContext.Current.CancellationToken)).Total; // other tests of this host may have run the job
        var now = app.Clock.GetUtcNow();
        await log.RecordAsync(now.AddMinutes(-3), now.AddMinutes(-3).AddSeconds(2), RunSummary.None with { Placed = 4 }, TestContext.Current.CancellationToken);
        await log.RecordAsync(now.AddMinutes(-2), now.AddMinutes(-2).AddSeconds(1), RunSummary.None with
        {
            Placed = 1, Failed = 1, Problems = [new RunProblem(RunProblem.StockRule, northwind, "Northwind Traders", "Manchester depot", null, "The order could not be placed: a PO number is required.")],
        }, TestContext.Current.CancellationToken);
        await log.RecordAsync(now.AddMinutes(-1), now.AddMinutes(-1), RunSummary.None, TestContext.Current.CancellationToken);

        using var admin = await app.SignedInAsync("admin@supplier.test");
        Assert.Contains("/desk/replenishment-runs", await admin.GetPageAsync("/"));
        var all = await admin.GetPageAsync("/desk/replenishment-runs");
        Assert.Contains("Runs that placed or failed nothing are not listed", all.Text());
        // the empty run is not stored: two runs more than before
        Assert.Contains($"{before + 2} run(s)", all.Text());
        Assert.Contains($"href=\"/desk/accounts/{northwind}\"", all);
        Assert.Contains($"<strong>Stock rule</strong> Manchester depot of <a href=\"/desk/accounts/{northwind}\">Northwind Traders</a>: The order could not be placed: a PO number is required.", all);
        var failed = await admin.GetPageAsync("/desk/replenishment-runs?show=failed");
        Assert.Contains("1 run(s) that had failures", failed.Text());
        Assert.Matches("<option value=\"failed\" selected", failed);

        using var customer = await app.SignedInAsync("buyer@contoso.test");
        Assert.NotEqual(HttpStatusCode.OK, (await customer.GetAsync("/desk/replenishment-runs")).StatusCode);
        Assert.DoesNotContain("/desk/replenishment-runs", await customer.GetPageAsync("/"));
    }
}
