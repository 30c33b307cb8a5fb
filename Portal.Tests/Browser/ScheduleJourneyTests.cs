using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Portal.Data.Demo;
using Portal.Data.Ordering;
using Portal.Data.Replenishment;
using static Microsoft.Playwright.Assertions;

namespace Portal.Tests.Browser;

public sealed class ScheduleJourneyTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task A_buyer_makes_a_schedule_from_a_past_order_sees_the_next_orders_skips_one_and_later_sees_the_order_it_placed()
    {
        // a past order of Contoso's buyer (placed through the API with the key the buyer made)
        var app = browser.App;
        using var api = app.NewClient();
        api.DefaultRequestHeaders.Add("X-Api-Key", DemoData.ContosoApiKey);
        api.DefaultRequestHeaders.Add("Idempotency-Key", Guid.NewGuid().ToString());
        var delivery = DeliveryDates.AddBusinessDays(DeliveryDates.Earliest(app.Clock.GetUtcNow(), "Europe/Dublin", 4), 2);
        var placed = await api.PostAsJsonAsync("/api/v1/orders", new { siteCode = "CON-DUB", requestedDeliveryDate = delivery, lines = new[] { new { sku = "22423", quantity = 3 } } });
        Assert.True(placed.IsSuccessStatusCode, await placed.Content.ReadAsStringAsync());
        var pastOrder = (await placed.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("number").GetString()!;

        var page = await browser.NewPageAsync();
        await BrowserFixture.SignInAsync(page, "buyer@contoso.test");
        await page.GotoAsync("/schedules");
        await BrowserFixture.AssertAccessibleAsync(page);

        // one click from the past order to a filled-in schedule
        await page.GetByLabel("From a past order").SelectOptionAsync(new SelectOptionValue { Value = pastOrder });
        await page.GetByRole(AriaRole.Button, new() { Name = "Make a schedule from this order" }).ClickAsync();
        await Expect(page.GetByLabel("SKU of line 1")).ToHaveValueAsync("22423");
        await Expect(page.GetByLabel("Quantity of line 1")).ToHaveValueAsync("3");
        await BrowserFixture.AssertAccessibleAsync(page);
        await page.GetByLabel("Name", new() { Exact = true }).FillAsync("Cake stands on Wednesdays");
        await page.GetByLabel("Monday", new() { Exact = true }).UncheckAsync();
        await page.GetByLabel("Wednesday", new() { Exact = true }).CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Save schedule" }).ClickAsync();

        // its page: the next five orders with their delivery dates
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Cake stands on Wednesdays" })).ToBeVisibleAsync();
        await Expect(page.GetByTestId("upcoming").Locator("tbody tr")).ToHaveCountAsync(5);
        await Expect(page.GetByTestId("schedule-summary")).ToContainTextAsync("Every week on Wednesday at 09:00");
        await BrowserFixture.AssertAccessibleAsync(page);
        var firstNext = await page.GetByTestId("upcoming").Locator("tbody tr").First.InnerTextAsync();

        // skip the next one (asked first)
        page.Dialog += async (_, dialog) => await dialog.AcceptAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Skip next order" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("The next order was skipped.");
        await Expect(page.GetByTestId("history")).ToContainTextAsync("Skipped");
        Assert.NotEqual(firstNext, await page.GetByTestId("upcoming").Locator("tbody tr").First.InnerTextAsync());
        await BrowserFixture.AssertAccessibleAsync(page);

        // the clock moves past the next occurrence and the replenishment job runs: the order it placed is in the history
        var id = Guid.Parse(page.Url.Split('/')[^1]);
        var schedule = await app.Services.GetRequiredService<Schedules>().GetAsync(new ScheduleViewer(Guid.Empty, Guid.Empty, true) with { AccountId = (await AccountOf(app, id)) }, id);
        app.Clock.SetUtcNow(schedule!.NextRunUtc!.Value.AddMinutes(1));
        await app.Services.GetRequiredService<ReplenishmentRun>().RunScheduleAsync(id);
        // a week passed on the portal's clock: the idle session ended, so the buyer signs in again
        await BrowserFixture.SignInAsync(page, "buyer@contoso.test");
        await page.GotoAsync($"/schedules/{id}");
        await Expect(page.GetByTestId("history")).ToContainTextAsync("Order placed");
        await Expect(page.GetByTestId("history").GetByRole(AriaRole.Link)).ToHaveCountAsync(1);
        await BrowserFixture.AssertAccessibleAsync(page);

        // the same pages on a phone
        await page.SetViewportSizeAsync(390, 844);
        var phone = page;
        await phone.GotoAsync($"/schedules/{id}");
        await Expect(phone.GetByTestId("history")).ToContainTextAsync("Order placed");
        await BrowserFixture.AssertAccessibleAsync(phone);
        Assert.True(await phone.EvaluateAsync<bool>("document.documentElement.scrollWidth <= window.innerWidth"), "the schedule page scrolls sideways on a phone");
        await phone.GotoAsync($"/schedule/edit/{id}");
        await BrowserFixture.AssertAccessibleAsync(phone);
        Assert.True(await phone.EvaluateAsync<bool>("document.documentElement.scrollWidth <= window.innerWidth"), "the schedule form scrolls sideways on a phone");
        await phone.GotoAsync("/schedules");
        await Expect(phone.GetByTestId("schedules")).ToContainTextAsync("Cake stands on Wednesdays");
        await BrowserFixture.AssertAccessibleAsync(phone);
    }

    private static async Task<Guid> AccountOf(Portal.Tests.Web.PortalApp app, Guid scheduleId)
    {
        await using var c = await app.Services.GetRequiredService<Portal.Data.Db.ConnectionFactory>().OpenAsync();
        return await Dapper.SqlMapper.QuerySingleAsync<Guid>(c, "SELECT AccountId FROM ReorderSchedules WHERE Id = @Id", new { Id = scheduleId });
    }
}
