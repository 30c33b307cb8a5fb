using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Portal.Data.Catalog;
using Portal.Tests.Web.Ordering;
using static Microsoft.Playwright.Assertions;

namespace Portal.Tests.Browser;

public sealed class RhythmJourneyTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Theory]
    [InlineData(1280, 800, "buyer@contoso.test", "CON-DUB", 0)]
    [InlineData(390, 844, "buyer@contoso.test", "CON-DUB", 2)]
    public async Task A_buyer_with_a_regular_purchase_history_adds_a_suggestion_in_one_click_and_makes_a_schedule_from_another(
        int width, int height, string email, string site, int pick)
    {
        var app = browser.App;
        var packed = (await app.Services.GetRequiredService<CatalogStore>().AllAsync()).Where(p => p.IsActive && p.PackSize > 1).Skip(pick).Take(2).ToList();
        var (add, schedule) = (packed[0], packed[1]);
        await RhythmHistory.SeedAsync(app.Services, app.Clock, email, site, add.Sku, add.PackSize, 67, 46, 25);
        await RhythmHistory.SeedAsync(app.Services, app.Clock, email, site, schedule.Sku, schedule.PackSize * 2, 64, 43, 22);

        var page = await browser.NewPageAsync(width, height);
        await BrowserFixture.SignInAsync(page, email);
        await page.GotoAsync("/");
        var suggestions = page.GetByTestId("rhythm-suggestions");
        await Expect(suggestions.Locator($"[data-sku='{add.Sku}']")).ToContainTextAsync($"Usually every 3 weeks, last ordered 25 days ago: {add.PackSize} {add.Unit}");
        await BrowserFixture.AssertAccessibleAsync(page);

        // one click adds it; the page stays put and says so
        await page.GetByRole(AriaRole.Button, new() { Name = $"Add to cart {add.Sku}" }).ClickAsync();
        await Expect(page.Locator("#catalog-news")).ToContainTextAsync($"Added {add.PackSize} × {add.Sku}");
        await Expect(page.Locator("[data-cart-count]")).Not.ToHaveTextAsync("0");
        Assert.EndsWith("/", page.Url);
        await BrowserFixture.AssertAccessibleAsync(page);

        // another makes a schedule, the form filled in from the rhythm
        await page.GetByRole(AriaRole.Link, new() { Name = $"Make a schedule for {schedule.Sku}" }).ClickAsync();
        await Expect(page.GetByLabel("SKU of line 1")).ToHaveValueAsync(schedule.Sku);
        await Expect(page.GetByLabel("Quantity of line 1")).ToHaveValueAsync((schedule.PackSize * 2).ToString(System.Globalization.CultureInfo.InvariantCulture));
        await BrowserFixture.AssertAccessibleAsync(page);
        await page.GetByRole(AriaRole.Button, new() { Name = "Save schedule" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = $"{schedule.Sku} every 3 weeks" })).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await Expect(page.GetByTestId("schedule-summary")).ToContainTextAsync("every 3 weeks");
        await BrowserFixture.AssertAccessibleAsync(page);

        // the cart has the first; neither is suggested any more (one is in the cart, the other on a schedule)
        await page.GotoAsync("/cart");
        await Expect(page.GetByTestId("cart")).ToContainTextAsync(add.Sku);
        await Expect(page.Locator($"[data-testid=suggestion][data-sku='{add.Sku}'], [data-testid=suggestion][data-sku='{schedule.Sku}']")).ToHaveCountAsync(0);
        await BrowserFixture.AssertAccessibleAsync(page);
    }
}
