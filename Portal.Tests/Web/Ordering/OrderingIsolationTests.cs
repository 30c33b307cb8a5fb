using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Portal.Data.Accounts;
using Portal.Data.Ordering;

namespace Portal.Tests.Web.Ordering;

/// <summary>Another account's order, list, cart line or site, asked for by id or number on any page: 404, and nothing changes.</summary>
public sealed class OrderingIsolationTests(PortalApp app) : IClassFixture<PortalApp>
{
    private async Task<(string Order, Guid List, Guid Site)> NorthwindThingsAsync()
    {
        var buyer = await app.SignedInAsync("buyer@northwind.test");
        await buyer.QuickOrderAsync("22423 1");
        var listName = "NW " + Guid.NewGuid().ToString("N")[..6];
        await buyer.PostFormAsync("/cart", [new("listName", listName)], "/cart?handler=SaveList");
        var number = (await buyer.CheckoutAsync(await buyer.EarliestAsync(), Guid.NewGuid().ToString("N"), "PO-1")).Number();
        var list = Guid.Parse(Regex.Match(await buyer.GetPageAsync("/lists"), $"/lists/([0-9a-f-]{{36}})\">{listName}").Groups[1].Value);
        var accounts = app.Services.GetRequiredService<AccountStore>();
        var northwind = (await accounts.ListAccountsAsync("Northwind Traders", 1, 1)).Items.Single().Id;
        var site = (await accounts.GetSitesAsync(northwind)).First(s => s.Code == "NW-MAN").Id;
        return (number, list, site);
    }

    [Fact]
    public async Task Another_accounts_order_list_and_site_are_not_found_on_any_page()
    {
        var (order, list, site) = await NorthwindThingsAsync();
        var contoso = await app.SignedInAsync("buyer@contoso.test");

        foreach (var url in new[] { $"/orders/{order}", $"/lists/{list}", $"/orders/SO-999999", $"/lists/{Guid.NewGuid()}" })
            Assert.True((await contoso.GetAsync(url)).StatusCode == HttpStatusCode.NotFound, url);

        foreach (var (page, post) in new[]
                 {
                     ("/cart", $"/orders/{order}?handler=Cancel"), ("/cart", $"/orders/{order}?handler=OrderAgain"),
                     ("/cart", $"/lists/{list}?handler=AddToCart"), ("/cart", $"/lists/{list}?handler=Delete"),
                     ("/cart", $"/cart?handler=Site&siteId={site}"),
                 })
            Assert.True((await contoso.PostFormAsync(page, [], post)).StatusCode == HttpStatusCode.NotFound, post);

        Assert.Contains("Your cart for this site is empty", (await contoso.GetPageAsync("/cart")).Text());
        Assert.DoesNotContain(order, (await contoso.GetPageAsync("/orders")).Text());
        Assert.DoesNotContain(order, (await contoso.GetPageAsync($"/orders?handler=Export")));

        // the Northwind order and list are untouched
        var northwind = await app.SignedInAsync("buyer@northwind.test");
        Assert.DoesNotContain("Cancelled", (await northwind.GetPageAsync($"/orders/{order}")).Text());
        Assert.Equal(HttpStatusCode.OK, (await northwind.GetAsync($"/lists/{list}")).StatusCode);
    }

    [Fact]
    public async Task Another_accounts_approver_cannot_see_or_decide_an_order()
    {
        var buyer = await app.SignedInAsync("buyer@northwind.test");
        await buyer.QuickOrderAsync("22423 60");
        var number = (await buyer.CheckoutAsync(await buyer.EarliestAsync(), Guid.NewGuid().ToString("N"), "PO-2")).Number();

        // an approver of another account: make the Contoso admin an approver through the real page
        var contosoAdmin = await app.SignedInAsync("buyer@contoso.test");
        var users = await contosoAdmin.GetPageAsync("/account/users");
        var edit = Regex.Match(users, "href=\"(/account/users/[0-9a-f-]{36})\">Edit<span class=\"visually-hidden\"> Conor Buyer").Groups[1].Value;
        var stamp = Regex.Match(await contosoAdmin.GetPageAsync(edit), "name=\"Input.ConcurrencyStamp\" value=\"([^\"]+)\"").Groups[1].Value;
        await contosoAdmin.PostFormAsync(edit, [new("Input.Roles", "Buyer"), new("Input.Roles", "CustomerAdmin"), new("Input.Roles", "Approver"), new("Input.ConcurrencyStamp", stamp)]);
        var approver = await app.SignedInAsync("buyer@contoso.test");

        Assert.DoesNotContain(number, (await approver.GetPageAsync("/approvals")).Text());
        var decide = await approver.PostFormAsync("/approvals", [new("number", number), new("reason", "")], "/approvals?handler=Approve");
        Assert.Equal(HttpStatusCode.NotFound, decide.StatusCode);
        Assert.Contains("Waiting for approval", (await buyer.GetPageAsync($"/orders/{number}")).Text());
    }

    [Fact]
    public async Task A_buyer_limited_to_one_site_cannot_switch_to_another_site_of_the_account()
    {
        var (_, _, manchester) = await NorthwindThingsAsync();
        var buyer = await app.SignedInAsync("buyer@northwind.test");
        var response = await buyer.PostFormAsync("/cart", [], $"/cart?handler=Site&siteId={manchester}");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.DoesNotContain("NW-MAN", await buyer.GetPageAsync("/cart"));
    }
}
