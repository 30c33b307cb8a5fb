using Microsoft.Playwright;
using Portal.Data.Demo;
using static Microsoft.Playwright.Assertions;

namespace Portal.Tests.Browser;

public sealed class OrderingJourneyTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private static ILocator Nav(IPage page, string name) =>
        page.GetByRole(AriaRole.Navigation, new() { Name = "Main" }).GetByRole(AriaRole.Link, new() { Name = name, Exact = true });

    private static Task SignInAsync(IPage page, string email) => BrowserFixture.SignInAsync(page, email);

    [Fact]
    public async Task A_buyer_searches_adds_to_cart_pastes_a_quick_order_checks_out_and_an_approver_approves_it()
    {
        var buyer = await browser.NewPageAsync();
        await SignInAsync(buyer, "buyer@northwind.test");

        // search and add from the catalog
        await Nav(buyer, "Catalog").ClickAsync();
        await BrowserFixture.AssertAccessibleAsync(buyer);
        await buyer.GetByLabel("Search by SKU or words").FillAsync("cakestand");
        await buyer.GetByRole(AriaRole.Button, new() { Name = "Search" }).ClickAsync();
        await Expect(buyer.GetByTestId("products")).ToContainTextAsync("Regency Cakestand 3 Tier");
        await BrowserFixture.AssertAccessibleAsync(buyer);
        await buyer.GetByLabel("Quantity of 22423").FillAsync("40");
        await buyer.GetByRole(AriaRole.Button, new() { Name = "Add 22423 to cart" }).ClickAsync();
        await Expect(buyer.GetByRole(AriaRole.Status)).ToContainTextAsync("Added 40 × 22423");
        await BrowserFixture.AssertAccessibleAsync(buyer);

        // paste two spreadsheet rows and one bad row into quick order
        await Nav(buyer, "Cart").ClickAsync();
        await BrowserFixture.AssertAccessibleAsync(buyer);
        await buyer.GetByLabel("Type or paste lines").FillAsync("85123A\t12\n21212\t24\nNOSUCH\t1");
        await buyer.GetByRole(AriaRole.Button, new() { Name = "Add lines to cart" }).ClickAsync();
        await Expect(buyer.GetByTestId("quick-problems")).ToContainTextAsync("No product has the SKU NOSUCH");
        await Expect(buyer.GetByTestId("cart")).ToContainTextAsync("85123A");
        await Expect(buyer.GetByTestId("cart")).ToContainTextAsync("21212");
        await BrowserFixture.AssertAccessibleAsync(buyer);

        // check out: over Nadia's approval limit of 500, so it waits for an approver
        await buyer.GetByRole(AriaRole.Link, new() { Name = "Check out" }).ClickAsync();
        await BrowserFixture.AssertAccessibleAsync(buyer);
        await buyer.GetByLabel("PO number").FillAsync("PO-BROWSER-1");
        await buyer.GetByLabel("Notes for the supplier").FillAsync("Deliver to the loading bay");
        await buyer.GetByRole(AriaRole.Button, new() { Name = "Place order" }).ClickAsync();
        await Expect(buyer.GetByRole(AriaRole.Status)).ToContainTextAsync("is waiting for approval");
        var number = (await buyer.Locator("h1").InnerTextAsync()).Split(' ')[1];
        await BrowserFixture.AssertAccessibleAsync(buyer);

        // it is in the history
        await Nav(buyer, "Orders").ClickAsync();
        await Expect(buyer.GetByTestId("orders")).ToContainTextAsync(number);
        await Expect(buyer.GetByTestId("orders")).ToContainTextAsync("PO-BROWSER-1");
        await BrowserFixture.AssertAccessibleAsync(buyer);

        // the approver approves it from the queue
        var approver = await browser.NewPageAsync();
        await SignInAsync(approver, "approver@northwind.test");
        await Nav(approver, "Approvals").ClickAsync();
        await BrowserFixture.AssertAccessibleAsync(approver);
        await approver.GetByTestId($"pending-{number}").GetByRole(AriaRole.Button, new() { Name = "Approve" }).ClickAsync();
        await Expect(approver.GetByRole(AriaRole.Status)).ToContainTextAsync($"{number} was approved");
        await BrowserFixture.AssertAccessibleAsync(approver);

        await buyer.GotoAsync($"/orders/{number}");
        await BrowserFixture.AssertAccessibleAsync(buyer);
        await Expect(buyer.Locator("h1")).ToContainTextAsync("Submitted");
        await Expect(buyer.GetByLabel("Status history")).ToContainTextAsync("Oscar Approver");

        // cancelling asks first: "no" keeps the order, "yes" cancels it
        string? asked = null;
        void No(object? sender, IDialog dialog) { asked = dialog.Message; _ = dialog.DismissAsync(); }
        buyer.Dialog += No;
        await buyer.GetByRole(AriaRole.Button, new() { Name = "Cancel order" }).ClickAsync();
        await Expect(buyer.Locator("h1")).ToContainTextAsync("Submitted");
        Assert.Contains($"Cancel order {number}?", asked);
        buyer.Dialog -= No;
        void Yes(object? sender, IDialog dialog) => _ = dialog.AcceptAsync();
        buyer.Dialog += Yes;
        await buyer.GetByRole(AriaRole.Button, new() { Name = "Cancel order" }).ClickAsync();
        await Expect(buyer.GetByRole(AriaRole.Status)).ToContainTextAsync($"Order {number} was cancelled");
        await Expect(buyer.Locator("h1")).ToContainTextAsync("Cancelled");
        await BrowserFixture.AssertAccessibleAsync(buyer);
    }
}
