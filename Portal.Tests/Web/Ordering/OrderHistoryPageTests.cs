using System.Text.RegularExpressions;
using Dapper;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Portal.Data.Accounts;
using Portal.Data.Catalog;
using Portal.Data.Db;
using Portal.Data.Ordering;

namespace Portal.Tests.Web.Ordering;

/// <summary>The order history page: who sees which orders, and which statuses can be filtered by.</summary>
public sealed class OrderHistoryPageTests(PortalApp app) : IClassFixture<PortalApp>
{
    /// <summary>Writes an order of the named account and site as the placement core leaves it, with one line.</summary>
    private async Task<string> OrderAsync(string account, string siteCode, string placedBy, string status, string po)
    {
        var accounts = app.Services.GetRequiredService<AccountStore>();
        var accountId = (await accounts.ListAccountsAsync(account, 1, 1)).Items.Single().Id;
        var site = (await accounts.GetSitesAsync(accountId)).Single(s => s.Code == siteCode);
        await using var scope = app.Services.CreateAsyncScope();
        var user = (await scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>().FindByEmailAsync(placedBy))!;
        var product = (await app.Services.GetRequiredService<CatalogStore>().BySkuAsync("22423"))!;
        var sql = app.Services.GetRequiredService<OrderingSql>();
        var id = Guid.NewGuid();
        var number = "SO-T" + Guid.NewGuid().ToString("N")[..10].ToUpperInvariant();
        var now = app.Clock.GetUtcNow();
        await using var c = await app.Services.GetRequiredService<ConnectionFactory>().OpenAsync();
        await c.ExecuteAsync(sql.InsertOrder, new
        {
            Id = id, AccountId = accountId, Number = number, SiteId = site.Id, PlacedByUserId = user.Id, Status = status, PoNumber = po,
            RequestedDeliveryDate = DateOnly.FromDateTime(now.UtcDateTime.AddDays(14)), Notes = (string?)null, Total = 12.50m, LineCount = 1,
            IdempotencyScope = "seed", IdempotencyKey = number, RequestHash = (string?)null, Source = OrderSource.Portal, CreatedUtc = now,
        });
        await c.ExecuteAsync(sql.InsertOrderLine, new
        {
            OrderId = id, LineNumber = 1, ProductId = product.Id, product.Sku, product.Name, product.Unit, Quantity = 1, UnitPrice = 12.50m, LineTotal = 12.50m,
        });
        return number;
    }

    private static string[] Options(string html, string select) =>
        Regex.Matches(Regex.Match(html, $"<select[^>]*id=\"{select}\"[^>]*>(.*?)</select>", RegexOptions.Singleline).Groups[1].Value, "<option value=\"([^\"]*)\"")
            .Select(m => m.Groups[1].Value).ToArray();

    [Fact]
    public async Task A_buyer_limited_to_a_site_sees_filters_and_exports_only_that_sites_orders()
    {
        var po = "LIM-" + Guid.NewGuid().ToString("N")[..6];
        var london = await OrderAsync("Northwind Traders", "NW-LON", "admin@northwind.test", OrderStatus.Submitted, po);
        var manchester = await OrderAsync("Northwind Traders", "NW-MAN", "admin@northwind.test", OrderStatus.Submitted, po);
        var accounts = app.Services.GetRequiredService<AccountStore>();
        var northwind = (await accounts.ListAccountsAsync("Northwind Traders", 1, 1)).Items.Single().Id;
        var sites = (await accounts.GetSitesAsync(northwind)).ToDictionary(s => s.Code, s => s.Id);

        var buyer = await app.SignedInAsync("buyer@northwind.test"); // limited to NW-LON
        foreach (var url in new[] { $"/orders?po={po}", $"/orders?po={po}&site={sites["NW-MAN"]}", $"/orders?site={sites["NW-MAN"]}" })
        {
            var html = await buyer.GetPageAsync(url);
            Assert.DoesNotContain(manchester, html);
            Assert.Equal([sites["NW-LON"].ToString()], Options(html, "site"));
        }
        var mine = await buyer.GetPageAsync($"/orders?po={po}");
        Assert.Contains(london, mine);
        Assert.Contains("1 orders", mine.Text());
        var csv = await (await buyer.GetAsync($"/orders?handler=Export&po={po}&site={sites["NW-MAN"]}")).Content.ReadAsStringAsync();
        Assert.Contains(london + ",", csv);
        Assert.DoesNotContain(manchester, csv);

        // a user of the same account who is not limited sees both, and every site to filter by
        var admin = await app.SignedInAsync("admin@northwind.test");
        var all = await admin.GetPageAsync($"/orders?po={po}");
        Assert.Contains(london, all);
        Assert.Contains(manchester, all);
        Assert.Equal(new[] { "" }.Concat(sites.OrderBy(s => s.Key, StringComparer.Ordinal).Select(s => s.Value.ToString())).ToArray(), Options(all, "site"));
        Assert.Contains(manchester, await (await admin.GetAsync($"/orders?handler=Export&po={po}")).Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Every_status_an_order_can_show_can_be_chosen_in_the_history_filter_and_selects_those_orders()
    {
        var buyer = await app.SignedInAsync("buyer@contoso.test");
        var offered = Options(await buyer.GetPageAsync("/orders"), "status");
        Assert.Equal(new[] { "", OrderFilter.OpenStatus }.Concat(OrderStatus.All).ToArray(), offered);

        var po = "ST-" + Guid.NewGuid().ToString("N")[..6];
        var shipped = await OrderAsync("Contoso Ltd", "CON-DUB", "buyer@contoso.test", OrderStatus.PartiallyShipped, po);
        var delivered = await OrderAsync("Contoso Ltd", "CON-DUB", "buyer@contoso.test", OrderStatus.Delivered, po);
        var part = await buyer.GetPageAsync($"/orders?status={OrderStatus.PartiallyShipped}&po={po}");
        Assert.Contains(shipped, part);
        Assert.DoesNotContain(delivered, part);
        Assert.Contains("Partially shipped", part.Text());
        Assert.Contains(delivered, await buyer.GetPageAsync($"/orders?status={OrderStatus.Delivered}&po={po}"));
        Assert.Contains("No orders match", (await buyer.GetPageAsync($"/orders?status={OrderStatus.Closed}&po={po}")).Text());
    }
}
