using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Portal.Tests.Browser;

public sealed class StockJourneyTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task A_buyer_adds_rules_fills_the_count_sheet_by_keyboard_alone_and_sees_what_the_next_run_will_order()
    {
        var page = await browser.NewPageAsync();
        await BrowserFixture.SignInAsync(page, "buyer@contoso.test");
        await page.GetByRole(AriaRole.Link, new() { Name = "Stock levels" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Stock levels at Dublin office" })).ToBeVisibleAsync();
        await BrowserFixture.AssertAccessibleAsync(page);

        async Task AddAsync(string sku, int min, int max)
        {
            await page.GetByLabel("SKU", new() { Exact = true }).FillAsync(sku);
            await page.GetByLabel("Minimum (reorder at or below)").FillAsync($"{min}");
            await page.GetByLabel("Maximum (order up to)").FillAsync($"{max}");
            await page.GetByRole(AriaRole.Button, new() { Name = "Add rule" }).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync($"The rule for {sku} was added");
            await BrowserFixture.AssertAccessibleAsync(page);
        }
        await AddAsync("47566", 5, 20);  // Party Bunting, single units
        await AddAsync("84879", 8, 40);  // Bird Ornament, packs of 4

        await page.GetByRole(AriaRole.Link, new() { Name = "Count sheet" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Count sheet for Dublin office" })).ToBeVisibleAsync();
        await BrowserFixture.AssertAccessibleAsync(page);

        // keyboard only: type, Enter moves to the next field, Enter in the last one saves
        var bunting = page.GetByLabel(new Regex("47566"));
        var birds = page.GetByLabel(new Regex("84879"));
        await bunting.FocusAsync();
        await page.Keyboard.TypeAsync("-2");
        await page.Keyboard.PressAsync("Enter");
        await Expect(birds).ToBeFocusedAsync();
        await page.Keyboard.TypeAsync("5");
        await page.Keyboard.PressAsync("Enter");

        // refused: the bad value is marked and focused, everything typed is kept
        await Expect(bunting).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(bunting).ToHaveValueAsync("-2");
        await Expect(birds).ToHaveValueAsync("5");
        await Expect(page.GetByText("47566: a count cannot be below 0.")).ToBeVisibleAsync();
        await Expect(bunting).ToBeFocusedAsync();
        await BrowserFixture.AssertAccessibleAsync(page);
        await page.Keyboard.PressAsync("Control+A");
        await page.Keyboard.TypeAsync("3");
        await page.Keyboard.PressAsync("Enter");
        await Expect(birds).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Enter");

        // the rules page: 20 − 3 = 17 bunting; 40 − 5 = 35 birds, rounded up to 36 in packs of 4
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("2 count(s) saved for Dublin office");
        // (should the minute's replenishment run come first, the rows say which order it placed instead)
        await Expect(page.GetByTestId("rule-47566")).ToContainTextAsync(new Regex("17 each|ordered on SO-"));
        await Expect(page.GetByTestId("rule-84879")).ToContainTextAsync(new Regex("36 each|ordered on SO-"));
        await BrowserFixture.AssertAccessibleAsync(page);

        // the same pages on a phone
        await page.SetViewportSizeAsync(390, 844);
        await page.ReloadAsync();
        await Expect(page.GetByTestId("stock-rules")).ToContainTextAsync("84879");
        await BrowserFixture.AssertAccessibleAsync(page);
        Assert.True(await page.EvaluateAsync<bool>("document.documentElement.scrollWidth <= window.innerWidth"), "the stock levels page scrolls sideways on a phone");
        await page.GetByRole(AriaRole.Link, new() { Name = "Count sheet" }).ClickAsync();
        await Expect(page.GetByLabel(new Regex("47566"))).ToBeVisibleAsync();
        await BrowserFixture.AssertAccessibleAsync(page);
        Assert.True(await page.EvaluateAsync<bool>("document.documentElement.scrollWidth <= window.innerWidth"), "the count sheet scrolls sideways on a phone");
    }
}
