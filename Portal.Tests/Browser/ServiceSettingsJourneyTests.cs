using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;
using static Portal.Tests.Browser.BrowserFixture;

namespace Portal.Tests.Browser;

/// <summary>
/// The supplier admin keeps the service desk's clock: adds a holiday (and removes it, confirming), changes an SLA target,
/// then opens the desk dashboard and its charts; at the office terminal (1280x800) and on a phone (390x844). axe on every page.
/// </summary>
public sealed class ServiceSettingsJourneyTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Theory]
    [InlineData(1280, 800, "2027-12-27", "Boxing Day (substitute) 2027")]
    [InlineData(390, 844, "2027-12-29", "Company day 2027")]
    public async Task A_supplier_admin_adds_a_holiday_changes_a_target_and_opens_the_dashboard(int width, int height, string date, string name)
    {
        var page = await browser.NewPageAsync(width, height);
        await SignInAsync(page, "admin@supplier.test");

        if (width < 768) await OpenMenuAsync(page);
        await page.GetByRole(AriaRole.Navigation, new() { Name = "Main" }).GetByRole(AriaRole.Link, new() { Name = "Service settings" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Calendar and holidays", Level = 1 })).ToBeVisibleAsync();
        await AssertAccessibleAsync(page);

        // a name forgotten: refused, the date kept
        await page.GetByLabel("Date").FillAsync(date);
        await page.GetByRole(AriaRole.Button, new() { Name = "Add holiday" }).ClickAsync();
        await Expect(page.GetByText("Give the holiday a name")).ToBeVisibleAsync();
        await Expect(page.GetByLabel("Date")).ToHaveValueAsync(date);
        await AssertAccessibleAsync(page);

        await page.GetByLabel("Name", new() { Exact = true }).FillAsync(name);
        await page.GetByRole(AriaRole.Button, new() { Name = "Add holiday" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync($"{name} on");
        await Expect(page.GetByRole(AriaRole.Cell, new() { Name = name, Exact = true })).ToBeVisibleAsync();
        await AssertAccessibleAsync(page);

        await page.GetByRole(AriaRole.Link, new() { Name = "SLA targets" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "SLA targets", Level = 1 })).ToBeVisibleAsync();
        await AssertAccessibleAsync(page);
        await page.GetByLabel("Priority").SelectOptionAsync("High");
        await page.GetByLabel("Queue").SelectOptionAsync(new SelectOptionValue { Label = "Quality" });
        await page.GetByLabel("First response Hours").FillAsync("3");
        await page.GetByLabel("First response Minutes").FillAsync("15");
        await page.GetByLabel("Resolution Hours").FillAsync("16");
        await page.GetByLabel("Resolution Minutes").FillAsync("0");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save target" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("High requests in Quality: first response within 3 h 15 min, resolution within 16 h");
        await AssertAccessibleAsync(page);

        await page.GetByRole(AriaRole.Navigation, new() { Name = "Service desk settings" }).GetByRole(AriaRole.Link, new() { Name = "Desk dashboard" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Desk dashboard", Level = 1 })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Img, new() { Name = "Open requests by queue" })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Img, new() { Name = "SLA breaches per week" })).ToBeVisibleAsync();
        await AssertAccessibleAsync(page);
        await page.GetByLabel("Period", new() { Exact = true }).SelectOptionAsync("90");
        await page.GetByRole(AriaRole.Button, new() { Name = "Show" }).ClickAsync();
        await Expect(page.GetByLabel("Period", new() { Exact = true })).ToHaveValueAsync("90");
        await AssertAccessibleAsync(page);
        var sideways = await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth > window.innerWidth");
        Assert.False(sideways, $"the dashboard scrolls sideways at {width}x{height}");

        // back to the calendar: the holiday is removed after confirming
        await page.GotoAsync("/desk/service/calendar");
        await AssertAccessibleAsync(page);
        page.Dialog += (_, dialog) => dialog.AcceptAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = $"Remove {name}" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("is removed");
        await AssertAccessibleAsync(page);
    }
}
