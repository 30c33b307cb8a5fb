using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Portal.Data.Catalog;
using Portal.Data.Ordering;

namespace Portal.Tests.Web.Ordering;

public sealed class OrderingFlowTests(PortalApp app) : IClassFixture<PortalApp>
{
    private static string Key() => Guid.NewGuid().ToString("N");

    [Fact]
    public async Task A_buyer_searches_the_catalog_and_sees_their_contract_price()
    {
        var client = await app.SignedInAsync("buyer@contoso.test");
        var page = await client.GetPageAsync("/catalog?q=lunch+bag");
        var text = page.Text();
        Assert.Contains("Lunch Bag", text);
        Assert.DoesNotContain("Jumbo Bag Red Retrospot", text);
        // Contoso has its own contract on some products: the page says which price is which
        Assert.Contains("List price", (await client.GetPageAsync("/catalog?q=85123A")).Text());
        var sku = (await client.GetPageAsync("/catalog?sort=Sku")).Text();
        Assert.Contains("Page 1 of", sku);
    }

    [Fact]
    public async Task Quick_order_keeps_good_lines_reports_bad_ones_and_checkout_places_one_order_even_when_submitted_twice()
    {
        var client = await app.SignedInAsync("buyer@contoso.test");
        var quick = await client.QuickOrderAsync("85123A\t12\n22423, 2\nNOPE 3\n85099B x\n85099B 3");
        var text = (await quick.Content.ReadAsStringAsync()).Text();
        Assert.Contains("Line 3 (NOPE 3): No product has the SKU NOPE", text);
        Assert.Contains("\"x\" is not a whole quantity", text);
        Assert.Contains("85099B comes in packs of 2", text);
        var cart = (await client.GetPageAsync("/cart")).Text();
        Assert.Contains("85123A", cart);
        Assert.Contains("22423", cart);

        var date = await client.EarliestAsync();
        var key = Key();
        var first = await client.CheckoutAsync(date, key, notes: "Back door");
        Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
        var again = await client.CheckoutAsync(date, key, notes: "Back door");
        Assert.Equal(HttpStatusCode.Redirect, again.StatusCode);
        Assert.Equal(first.Headers.Location, again.Headers.Location);

        var order = (await client.GetPageAsync(first.Headers.Location!.ToString())).Text();
        Assert.Contains("Submitted", order);
        Assert.Contains("12 each", order);
        Assert.Contains("Back door", order);
        var number = Regex.Match(first.Headers.Location.ToString(), "SO-\\d+").Value;
        var history = await client.GetPageAsync("/orders");
        Assert.Single(Regex.Matches(history, $">{number}</a>")); // one row (its "Order again" button names it too)
        Assert.Contains("Your cart for this site is empty", (await client.GetPageAsync("/cart")).Text());
    }

    [Fact]
    public async Task The_order_keeps_the_prices_it_was_placed_at()
    {
        var client = await app.SignedInAsync("buyer@contoso.test");
        await client.QuickOrderAsync("22423 1");
        var placed = await client.CheckoutAsync(await client.EarliestAsync(), Key());
        var url = placed.Headers.Location!.ToString();
        var before = Regex.Match(await client.GetPageAsync(url), "data-testid=\"order-total\">([^<]+)<").Groups[1].Value;

        var catalog = app.Services.GetRequiredService<CatalogStore>();
        var product = (await catalog.BySkuAsync("22423"))!;
        await catalog.UpsertAsync([product with { ListPrice = product.ListPrice * 3 }]);

        var after = Regex.Match(await client.GetPageAsync(url), "data-testid=\"order-total\">([^<]+)<").Groups[1].Value;
        Assert.Equal(before, after);
        await catalog.UpsertAsync([product]);
    }

    [Fact]
    public async Task The_requested_date_cannot_be_before_the_longest_lead_time_and_a_required_po_number_is_asked_for()
    {
        var client = await app.SignedInAsync("buyer@northwind.test");
        await client.QuickOrderAsync("22423 1");
        var response = await client.CheckoutAsync("2020-01-01", Key());
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var text = (await response.Content.ReadAsStringAsync()).Text();
        Assert.Contains("The earliest possible delivery is", text);
        Assert.Contains("Northwind Traders requires a PO number on every order", text);
        Assert.Contains("22423", (await client.GetPageAsync("/cart")).Text());
    }

    [Fact]
    public async Task An_order_over_the_approval_limit_waits_for_an_approver_who_approves_it()
    {
        // Nadia's approval limit is 500
        var buyer = await app.SignedInAsync("buyer@northwind.test");
        await buyer.QuickOrderAsync("22423 60");
        var placed = await buyer.CheckoutAsync(await buyer.EarliestAsync(), Key(), po: "PO-4711");
        var url = placed.Headers.Location!.ToString();
        Assert.Contains("Waiting for approval", (await buyer.GetPageAsync(url)).Text());
        var number = Regex.Match(url, "SO-\\d+").Value;

        var approver = await app.SignedInAsync("approver@northwind.test");
        Assert.Contains(number, (await approver.GetPageAsync("/approvals")).Text());
        var decided = await approver.PostFormAsync("/approvals", [new("number", number), new("reason", "")], "/approvals?handler=Approve");
        Assert.Equal(HttpStatusCode.Redirect, decided.StatusCode);
        Assert.DoesNotContain($"data-testid=\"pending-{number}\"", await approver.GetPageAsync("/approvals"));

        var order = (await buyer.GetPageAsync(url)).Text();
        Assert.Contains("Submitted", order);
        Assert.Contains("approved by Oscar Approver", order);
        await Task.Delay(300);
        Assert.Contains(await app.MailsContainingAsync($"Order {number} was approved"), m => m.Contains("buyer@northwind.test") && m.Contains($"Order {number} was approved"));
    }

    [Fact]
    public async Task A_rejection_needs_a_reason_and_the_buyer_sees_it()
    {
        var buyer = await app.SignedInAsync("buyer@northwind.test");
        await buyer.QuickOrderAsync("22423 60");
        var placed = await buyer.CheckoutAsync(await buyer.EarliestAsync(), Key(), po: "PO-4712");
        var number = Regex.Match(placed.Headers.Location!.ToString(), "SO-\\d+").Value;

        var approver = await app.SignedInAsync("approver@northwind.test");
        var noReason = await approver.PostFormAsync("/approvals", [new("number", number), new("reason", "")], "/approvals?handler=Reject");
        Assert.Contains("Say why the order is rejected", (await noReason.Content.ReadAsStringAsync()).Text());
        await approver.PostFormAsync("/approvals", [new("number", number), new("reason", "Use the framework contract")], "/approvals?handler=Reject");

        var order = (await buyer.GetPageAsync(placed.Headers.Location.ToString())).Text();
        Assert.Contains("Rejected", order);
        Assert.Contains("Use the framework contract", order);
    }

    [Fact]
    public async Task An_order_beyond_the_credit_limit_goes_on_credit_hold_and_the_buyer_sees_why()
    {
        // Contoso's credit limit is 1,500
        var client = await app.SignedInAsync("buyer@contoso.test");
        await client.QuickOrderAsync("22423 150");
        var placed = await client.CheckoutAsync(await client.EarliestAsync(), Key());
        var order = (await client.GetPageAsync(placed.Headers.Location!.ToString())).Text();
        Assert.Contains("On credit hold", order);
        Assert.Contains("exceed the credit limit of 1,500.00", order);

        // and it can be cancelled while the supplier has not confirmed it
        var cancelled = await client.PostFormAsync(placed.Headers.Location.ToString(), [], placed.Headers.Location + "?handler=Cancel");
        Assert.Equal(HttpStatusCode.Redirect, cancelled.StatusCode);
        Assert.Contains("Cancelled by the customer", (await client.GetPageAsync(placed.Headers.Location.ToString())).Text());
    }

    [Fact]
    public async Task Standing_lists_fill_the_cart_in_one_click_and_past_orders_can_be_ordered_again()
    {
        var client = await app.SignedInAsync("buyer@contoso.test");
        await client.QuickOrderAsync("21212 24\n84879 8");
        var listName = "Monthly " + Guid.NewGuid().ToString("N")[..4];
        var saved = await client.PostFormAsync("/cart", [new("listName", listName)], "/cart?handler=SaveList");
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var placed = await client.CheckoutAsync(await client.EarliestAsync(), Key());
        var url = placed.Headers.Location!.ToString();

        var lists = await client.GetPageAsync("/lists");
        var listUrl = Regex.Match(lists, $"href=\"(/lists/[0-9a-f-]{{36}})\">{listName}<").Groups[1].Value;
        await client.PostFormAsync(listUrl, [], listUrl + "?handler=AddToCart");
        var cart = (await client.GetPageAsync("/cart")).Text();
        Assert.Contains("21212", cart);
        Assert.Contains("84879", cart);
        await client.PostFormAsync("/cart", [], "/cart?handler=Clear");

        var again = await client.PostFormAsync(url, [], url + "?handler=OrderAgain");
        Assert.Equal("/cart", again.Headers.Location!.ToString());
        Assert.Contains("are in your cart, at today's prices", (await client.GetPageAsync("/cart")).Text());
    }

    [Fact]
    public async Task History_filters_and_exports_what_it_shows_as_csv()
    {
        var client = await app.SignedInAsync("buyer@contoso.test");
        await client.QuickOrderAsync("85123A 4");
        var po = "PO-" + Guid.NewGuid().ToString("N")[..6];
        var placed = await client.CheckoutAsync(await client.EarliestAsync(), Key(), po);
        var number = Regex.Match(placed.Headers.Location!.ToString(), "SO-\\d+").Value;

        var filtered = (await client.GetPageAsync($"/orders?po={po}")).Text();
        Assert.Contains(number, filtered);
        Assert.Contains("1 orders", filtered);
        Assert.Contains(number, (await client.GetPageAsync("/orders?sku=85123a")).Text());
        Assert.Contains("No orders match", (await client.GetPageAsync($"/orders?po={po}&status=Rejected")).Text());

        var csv = await client.GetAsync($"/orders?handler=Export&po={po}");
        Assert.Equal("text/csv", csv.Content.Headers.ContentType!.MediaType);
        var lines = (await csv.Content.ReadAsStringAsync()).TrimStart('\uFEFF').Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("Order,Placed,Status,Site,PO number", lines[0]);
        Assert.Equal(2, lines.Length);
        Assert.Contains($"{number},", lines[1]);
        Assert.Contains(",85123A,", lines[1]);
    }
}
