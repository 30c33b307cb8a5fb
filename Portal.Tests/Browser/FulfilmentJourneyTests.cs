using Microsoft.Playwright;
using Portal.Data.Demo;
using static Microsoft.Playwright.Assertions;

namespace Portal.Tests.Browser;

public sealed class FulfilmentJourneyTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private static Task SignInAsync(IPage page, string email) => BrowserFixture.SignInAsync(page, email);

    [Fact]
    public async Task The_desk_confirms_repromises_ships_part_records_a_short_delivery_and_the_buyer_sees_every_date()
    {
        // the demo buyer orders two lines
        var buyer = await browser.NewPageAsync();
        await SignInAsync(buyer, "buyer@contoso.test");
        await buyer.GotoAsync("/cart");
        await BrowserFixture.AssertAccessibleAsync(buyer);
        await buyer.GetByLabel("Type or paste lines").FillAsync("85123A\t6\n22423\t2");
        await buyer.GetByRole(AriaRole.Button, new() { Name = "Add lines to cart" }).ClickAsync();
        await Expect(buyer.GetByTestId("cart")).ToContainTextAsync("85123A");
        await BrowserFixture.AssertAccessibleAsync(buyer);
        await buyer.GetByRole(AriaRole.Link, new() { Name = "Check out" }).ClickAsync();
        await BrowserFixture.AssertAccessibleAsync(buyer);
        await buyer.GetByRole(AriaRole.Button, new() { Name = "Place order" }).ClickAsync();
        await Expect(buyer.GetByRole(AriaRole.Status)).ToContainTextAsync("was submitted to the supplier");
        var number = (await buyer.Locator("h1").InnerTextAsync()).Split(' ')[1];
        await BrowserFixture.AssertAccessibleAsync(buyer);

        // the desk agent confirms with the proposed dates
        var desk = await browser.NewPageAsync();
        await SignInAsync(desk, "desk@supplier.test");
        await desk.GetByRole(AriaRole.Link, new() { Name = "Orders to confirm" }).ClickAsync();
        await BrowserFixture.AssertAccessibleAsync(desk);
        await desk.GetByRole(AriaRole.Link, new() { Name = number }).ClickAsync();
        await BrowserFixture.AssertAccessibleAsync(desk);
        var promised = await desk.GetByLabel("Promised date of line 1").InputValueAsync();
        await desk.GetByRole(AriaRole.Button, new() { Name = "Confirm order" }).ClickAsync();
        await Expect(desk.GetByRole(AriaRole.Status)).ToContainTextAsync($"{number} confirmed");
        await BrowserFixture.AssertAccessibleAsync(desk);

        // re-promises line 2 a week later for a transport problem
        var later = DateOnly.Parse(promised).AddDays(7);
        await desk.GetByLabel("Line", new() { Exact = true }).SelectOptionAsync("2");
        await desk.GetByLabel("New date").FillAsync(later.ToString("yyyy-MM-dd"));
        await desk.GetByLabel("Quantity", new() { Exact = true }).FillAsync("2");
        await desk.GetByLabel("Reason").SelectOptionAsync(new SelectOptionValue { Label = "Transport" });
        await desk.GetByLabel("Note").FillAsync("Ferry strike");
        await desk.GetByRole(AriaRole.Button, new() { Name = "Re-promise" }).ClickAsync();
        await Expect(desk.GetByRole(AriaRole.Status)).ToContainTextAsync("re-promised (line 2)");
        await BrowserFixture.AssertAccessibleAsync(desk);

        // ships line 1 only
        await desk.GetByLabel("Carrier").FillAsync("DPD");
        await desk.GetByLabel("Tracking reference").FillAsync("DPD-778");
        await desk.GetByLabel("Ship of line 2").FillAsync("0");
        await desk.GetByRole(AriaRole.Button, new() { Name = "Record shipment" }).ClickAsync();
        await Expect(desk.Locator("h1")).ToContainTextAsync("Partially shipped");
        await BrowserFixture.AssertAccessibleAsync(desk);

        // 4 of the 6 arrive
        await desk.GetByLabel("Received of line 1").FillAsync("4");
        await desk.GetByRole(AriaRole.Button, new() { Name = "Record delivery" }).ClickAsync();
        await Expect(desk.GetByRole(AriaRole.Status)).ToContainTextAsync("delivery recorded");
        await BrowserFixture.AssertAccessibleAsync(desk);

        // the buyer sees all of it, with dates
        await buyer.GotoAsync($"/orders/{number}");
        await BrowserFixture.AssertAccessibleAsync(buyer);
        await Expect(buyer.GetByTestId("promise-1")).ToHaveTextAsync($"6 by {DateOnly.Parse(promised):ddd d MMM yyyy}");
        await Expect(buyer.GetByTestId("promise-2")).ToHaveTextAsync($"2 by {later:ddd d MMM yyyy}");
        await Expect(buyer.GetByTestId("promises")).ToContainTextAsync("Re-promised: Transport, Ferry strike");
        await Expect(buyer.GetByTestId("shipments")).ToContainTextAsync("with DPD (tracking DPD-778)");
        await Expect(buyer.GetByTestId("shipments")).ToContainTextAsync("short: line 1 4 of 6");
        await Expect(buyer.GetByLabel("Status history")).ToContainTextAsync("Dana Desk");
    }
}
