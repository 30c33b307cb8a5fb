using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Portal.Tests.Web;
using Portal.Tests.Web.Ordering;
using static Microsoft.Playwright.Assertions;

namespace Portal.Tests.Browser;

public sealed class FulfilmentJourneyTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private static Task SignInAsync(IPage page, string email) => BrowserFixture.SignInAsync(page, email);

    [Fact]
    public async Task The_desk_works_an_order_from_the_home_counts_through_a_refused_confirmation_a_repromise_and_ship_all_to_a_short_delivery()
    {
        // the demo buyer orders two lines (through the web host: the buyer's pages have journeys of their own)
        var buyer = await browser.App.SignedInAsync("buyer@contoso.test");
        await buyer.QuickOrderAsync("85123A 6\n22423 2");
        var placed = await buyer.CheckoutAsync(await buyer.EarliestAsync(), Guid.NewGuid().ToString("N"), "JOURNEY-1");
        Assert.Equal(System.Net.HttpStatusCode.Redirect, placed.StatusCode);
        var number = placed.Number();

        // the desk agent starts from the home page's counts, at the office terminal
        var desk = await browser.NewPageAsync(1280, 800);
        await SignInAsync(desk, "desk@supplier.test");
        await BrowserFixture.AssertAccessibleAsync(desk);
        await Expect(desk.GetByTestId("desk-home-Submitted")).ToHaveTextAsync(new Regex(@"^To confirm \d+$"));
        await desk.GetByTestId("desk-home-Submitted").ClickAsync();
        await Expect(desk.GetByTestId("shortcut-Submitted")).ToHaveAttributeAsync("aria-current", "page");
        await BrowserFixture.AssertAccessibleAsync(desk);
        await desk.GetByRole(AriaRole.Link, new() { Name = number }).ClickAsync();
        await BrowserFixture.AssertAccessibleAsync(desk);

        // confirms with one bad value: every value typed comes back, the bad one marked and focused
        var proposed = DateOnly.Parse(await desk.GetByLabel("Promised date of line 1").InputValueAsync());
        var line1Date = proposed.AddDays(1);
        await desk.GetByLabel("Promised date of line 1").FillAsync(line1Date.ToString("yyyy-MM-dd"));
        await desk.GetByLabel("Promised quantity of line 2").FillAsync("9");
        await desk.GetByRole(AriaRole.Button, new() { Name = "Confirm order" }).ClickAsync();
        var quantity2 = desk.GetByLabel("Promised quantity of line 2");
        await Expect(quantity2).ToBeFocusedAsync();
        await Expect(quantity2).ToHaveValueAsync("9");
        await Expect(quantity2).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(desk.Locator("#promise-qty-2-error")).ToContainTextAsync("promise between 1 and 2");
        await Expect(desk.GetByLabel("Promised date of line 1")).ToHaveValueAsync(line1Date.ToString("yyyy-MM-dd"));
        await BrowserFixture.AssertAccessibleAsync(desk);
        await quantity2.FillAsync("2");
        await desk.GetByRole(AriaRole.Button, new() { Name = "Confirm order" }).ClickAsync();
        await Expect(desk.GetByRole(AriaRole.Status)).ToContainTextAsync($"{number} confirmed");
        await BrowserFixture.AssertAccessibleAsync(desk);

        // re-promises line 2 a week later: choosing the line fills in its promise (2 by the proposed date); the quantity stays
        var later = line1Date.AddDays(7);
        await desk.GetByLabel("Line", new() { Exact = true }).SelectOptionAsync("2");
        await Expect(desk.GetByLabel("Quantity", new() { Exact = true })).ToHaveValueAsync("2");
        await Expect(desk.GetByLabel("New date")).ToHaveValueAsync(proposed.ToString("yyyy-MM-dd"));
        await desk.GetByLabel("New date").FillAsync(later.ToString("yyyy-MM-dd"));
        await desk.GetByLabel("Reason").SelectOptionAsync(new SelectOptionValue { Label = "Transport" });
        await desk.GetByLabel("Note").FillAsync("Ferry strike");
        await desk.GetByRole(AriaRole.Button, new() { Name = "Re-promise" }).ClickAsync();
        await Expect(desk.GetByRole(AriaRole.Status)).ToContainTextAsync("re-promised (line 2)");
        await BrowserFixture.AssertAccessibleAsync(desk);

        // ships everything promised at once
        await Expect(desk.GetByLabel("Ship of line 1")).ToHaveValueAsync("6");
        await desk.GetByLabel("Carrier").FillAsync("DPD");
        await desk.GetByLabel("Tracking reference").FillAsync("DPD-778");
        await desk.GetByRole(AriaRole.Button, new() { Name = "Ship all promised" }).ClickAsync();
        await Expect(desk.Locator("h1")).ToContainTextAsync("Shipped");
        await BrowserFixture.AssertAccessibleAsync(desk);

        // 4 of the 6 of line 1 arrive
        await desk.GetByLabel("Received of line 1").FillAsync("4");
        await desk.GetByRole(AriaRole.Button, new() { Name = "Record delivery" }).ClickAsync();
        await Expect(desk.GetByRole(AriaRole.Status)).ToContainTextAsync("delivery recorded");
        await Expect(desk.Locator("h1")).ToContainTextAsync("Delivered");
        await BrowserFixture.AssertAccessibleAsync(desk);

        // the queue on a phone: readable without sideways scrolling, each order with its age
        var phone = await browser.NewPageAsync(390, 844);
        await SignInAsync(phone, "desk@supplier.test");
        await BrowserFixture.AssertAccessibleAsync(phone);
        await phone.GotoAsync("/desk/orders?status=Delivered");
        await Expect(phone.GetByTestId($"age-{number}")).ToBeVisibleAsync();
        Assert.True(await phone.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"), "the queue scrolls sideways on a phone");
        await BrowserFixture.AssertAccessibleAsync(phone);

        // the buyer sees all of it, with dates
        var seen = (await buyer.GetPageAsync($"/orders/{number}")).Text();
        Assert.Contains($"6 by {line1Date:ddd d MMM yyyy}", seen);
        Assert.Contains($"2 by {later:ddd d MMM yyyy}", seen);
        Assert.Contains("Re-promised: Transport, Ferry strike", seen);
        Assert.Contains("with DPD, tracking DPD-778", seen);
        Assert.Contains("4 of 6 delivered, 2 short", seen);
        Assert.Contains("Dana Desk", seen);
    }
}
