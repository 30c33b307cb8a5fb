using Microsoft.Playwright;
using Portal.Tests.Web.Reliability;
using static Microsoft.Playwright.Assertions;

namespace Portal.Tests.Browser;

public sealed class ReliabilityJourneyTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task A_customer_opens_delivery_performance_and_follows_a_late_line_to_its_order_at_the_office_and_on_a_phone()
    {
        var number = await ReliabilitySteps.LateLineAsync(browser.App, "buyer@contoso.test", daysLate: 2);

        // at the office terminal: from the navigation
        var desk = await browser.NewPageAsync(1280, 800);
        await BrowserFixture.SignInAsync(desk, "buyer@contoso.test");
        await desk.GetByRole(AriaRole.Link, new() { Name = "Delivery performance" }).ClickAsync();
        await Expect(desk.GetByRole(AriaRole.Heading, new() { Name = "Delivery performance", Level = 1 })).ToBeVisibleAsync();
        await Expect(desk.GetByTestId($"exception-{number}-1")).ToContainTextAsync("2 days late");
        await Expect(desk.GetByTestId("chart-weeks").Locator("svg[role=img]")).ToBeVisibleAsync();
        await BrowserFixture.AssertAccessibleAsync(desk);
        await desk.GetByTestId($"exception-{number}-1").GetByRole(AriaRole.Link, new() { Name = number }).ClickAsync();
        await Expect(desk.Locator("h1")).ToContainTextAsync(number);
        await BrowserFixture.AssertAccessibleAsync(desk);

        // on a phone: the page fits without scrolling sideways, and the line still leads to its order
        var phone = await browser.NewPageAsync(390, 844);
        await BrowserFixture.SignInAsync(phone, "buyer@contoso.test");
        await phone.GotoAsync("/reliability");
        await Expect(phone.GetByTestId($"exception-{number}-1")).ToBeVisibleAsync();
        await BrowserFixture.AssertAccessibleAsync(phone);
        Assert.True(await phone.EvaluateAsync<bool>("document.documentElement.scrollWidth <= window.innerWidth"), "the Delivery performance page scrolls sideways on a phone");
        await phone.GetByTestId($"exception-{number}-1").GetByRole(AriaRole.Link, new() { Name = number }).ClickAsync();
        await Expect(phone.Locator("h1")).ToContainTextAsync(number);
        await BrowserFixture.AssertAccessibleAsync(phone);
    }
}
