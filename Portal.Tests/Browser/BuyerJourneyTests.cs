using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Portal.Tests.Browser;

/// <summary>
/// The buyer's daily journey at the office terminal and on a phone, axe-core after every page: add a product sold in
/// packs from the catalog and stay on its row, check out, then repeat that order from the home page in at most four clicks.
/// </summary>
public sealed class BuyerJourneyTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private static async Task AssertNoSidewaysScrollAsync(IPage page) =>
        Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"),
            $"{page.Url} scrolls sideways at {page.ViewportSize?.Width}px: the page is {await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth")}px wide");

    private static ILocator InMain(IPage page, AriaRole role, string name) =>
        page.Locator("main").GetByRole(role, new() { Name = name, Exact = true });

    [Theory]
    [InlineData(1280, 800)]
    [InlineData(390, 844)]
    public async Task A_buyer_adds_a_pack_product_staying_on_its_row_checks_out_and_repeats_the_order_from_home_in_four_clicks(int width, int height)
    {
        var page = await browser.NewPageAsync(width, height);
        await BrowserFixture.SignInAsync(page, "buyer@contoso.test");
        await BrowserFixture.AssertAccessibleAsync(page);

        // start from an empty cart: emptying it asks first, and "no" keeps it
        await InMain(page, AriaRole.Link, "Cart and quick order").ClickAsync();
        await Expect(page.GetByLabel("Type or paste lines")).ToBeVisibleAsync();
        await BrowserFixture.AssertAccessibleAsync(page);
        await page.GetByLabel("Type or paste lines").FillAsync("85123A 12");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add lines to cart" }).ClickAsync();
        await Expect(page.GetByTestId("cart")).ToContainTextAsync("85123A");
        await BrowserFixture.AssertAccessibleAsync(page);
        string? asked = null;
        void No(object? sender, IDialog dialog) { asked = dialog.Message; _ = dialog.DismissAsync(); }
        page.Dialog += No;
        await page.GetByRole(AriaRole.Button, new() { Name = "Empty the cart" }).ClickAsync();
        await Expect(page.GetByTestId("cart")).ToContainTextAsync("85123A");
        Assert.StartsWith("Empty the cart?", asked);
        page.Dialog -= No;
        void Yes(object? sender, IDialog dialog) => _ = dialog.AcceptAsync();
        page.Dialog += Yes;
        await page.GetByRole(AriaRole.Button, new() { Name = "Empty the cart" }).ClickAsync();
        await Expect(page.GetByTestId("cart-empty")).ToBeVisibleAsync();
        page.Dialog -= Yes;
        await BrowserFixture.AssertAccessibleAsync(page);
        await page.GotoAsync("/");
        await BrowserFixture.AssertAccessibleAsync(page);

        // the catalog: 22969 comes in packs of 12, and the field offers a valid quantity of whole packs
        await InMain(page, AriaRole.Link, "Catalog").ClickAsync();
        await Expect(page.GetByLabel("Search by SKU or words")).ToBeVisibleAsync();
        await BrowserFixture.AssertAccessibleAsync(page);
        await page.GetByLabel("Search by SKU or words").FillAsync("22969");
        await page.GetByRole(AriaRole.Button, new() { Name = "Search" }).ClickAsync();
        await BrowserFixture.AssertAccessibleAsync(page);
        var row = page.Locator("tr[data-sku='22969']");
        var quantity = row.GetByLabel("Quantity of 22969");
        await Expect(quantity).ToHaveValueAsync("12");
        await Expect(quantity).ToHaveAttributeAsync("step", "12");
        await Expect(quantity).ToHaveAttributeAsync("min", "12");
        Assert.True(await quantity.EvaluateAsync<bool>("q => q.checkValidity()"), "the prefilled quantity is valid for the browser");
        await Expect(page.Locator("[data-cart-count]")).ToHaveTextAsync("0");

        // adding stays on the row: no reload, focus on the row's button, the live region and the cart count say what happened
        await page.EvaluateAsync("() => { window.stayedOnPage = true; }");
        var add = row.GetByRole(AriaRole.Button, new() { Name = "Add 22969 to cart" });
        await add.ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Added 12 × 22969");
        await Expect(add).ToBeFocusedAsync();
        Assert.True(await page.EvaluateAsync<bool>("() => window.stayedOnPage === true"), "the page was not reloaded");
        await Expect(page.Locator("[data-cart-count]")).ToHaveTextAsync("1");
        await BrowserFixture.AssertAccessibleAsync(page);
        await AssertNoSidewaysScrollAsync(page);

        // a quantity that is not whole packs is refused next to the row's field, keeping what was typed
        await quantity.FillAsync("13");
        await quantity.EvaluateAsync("q => q.form.noValidate = true"); // the browser would refuse it first; the server must too
        await add.ClickAsync();
        await Expect(row.Locator(".invalid-feedback")).ToContainTextAsync("comes in packs of 12");
        await Expect(quantity).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(quantity).ToHaveValueAsync("13");
        await BrowserFixture.AssertAccessibleAsync(page);

        // the cart fits the screen; check out and place the order
        await page.GetByTestId("cart-link").ClickAsync();
        await Expect(page.GetByTestId("cart")).ToContainTextAsync("22969");
        await BrowserFixture.AssertAccessibleAsync(page);
        await AssertNoSidewaysScrollAsync(page);
        await InMain(page, AriaRole.Link, "Check out").ClickAsync();
        await BrowserFixture.AssertAccessibleAsync(page);
        await page.GetByRole(AriaRole.Button, new() { Name = "Place order" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("was submitted to the supplier");
        var number = (await page.Locator("h1").InnerTextAsync()).Split(' ')[1];
        await BrowserFixture.AssertAccessibleAsync(page);

        // from the home page the order is repeated in three clicks: order again, check out, place order
        await page.GotoAsync("/");
        await BrowserFixture.AssertAccessibleAsync(page);
        var clicks = 0;
        await page.GetByTestId("recent-orders").GetByRole(AriaRole.Button, new() { Name = $"Order again {number}" }).ClickAsync(); clicks++;
        await Expect(page.GetByTestId("cart")).ToContainTextAsync("22969");
        await BrowserFixture.AssertAccessibleAsync(page);
        await InMain(page, AriaRole.Link, "Check out").ClickAsync(); clicks++;
        await BrowserFixture.AssertAccessibleAsync(page);
        await page.GetByRole(AriaRole.Button, new() { Name = "Place order" }).ClickAsync(); clicks++;
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("was submitted to the supplier");
        Assert.NotEqual(number, (await page.Locator("h1").InnerTextAsync()).Split(' ')[1]);
        await BrowserFixture.AssertAccessibleAsync(page);
        Assert.True(clicks <= 4, $"{clicks} clicks from the home page");
    }
}
