using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Portal.Tests.Browser;

/// <summary>
/// The account manager's morning: the workspace puts the silent account (the demo's Contoso, which the follow-up job has
/// already given a call task) at the top with its reasons; they log a call and complete the follow-up task.
/// </summary>
public sealed class AccountManagerJourneyTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task The_account_manager_opens_the_workspace_sees_the_silent_account_first_logs_a_call_and_completes_the_follow_up()
    {
        var page = await browser.NewPageAsync(1280, 800);
        await BrowserFixture.SignInAsync(page, "manager@supplier.test");
        await page.GetByRole(AriaRole.Link, new() { Name = "My accounts" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "My accounts" })).ToBeVisibleAsync();
        await BrowserFixture.AssertAccessibleAsync(page);

        // the silent account is at the top, with its reasons and trend
        var first = page.GetByTestId("workspace-accounts").Locator("tbody tr").First;
        await Expect(first).ToHaveAttributeAsync("data-account", "Contoso Ltd");
        await Expect(first.GetByTestId("silent")).ToHaveTextAsync("Silent");
        await Expect(first.GetByTestId("reasons")).ToContainTextAsync("No order for three times its usual gap");
        await Expect(first.Locator("svg[role=img]")).ToHaveAttributeAsync("aria-label", new Regex("oldest first: 82, .*41$"));

        // only silent accounts: still Contoso, and the filter shows what is chosen
        await page.GetByLabel("Silence").SelectOptionAsync("silent");
        await page.GetByRole(AriaRole.Button, new() { Name = "Show" }).ClickAsync();
        await Expect(page.GetByLabel("Silence")).ToHaveValueAsync("silent");
        await Expect(page.GetByTestId("workspace-accounts").Locator("tbody tr")).ToHaveCountAsync(1);
        await BrowserFixture.AssertAccessibleAsync(page);

        await page.GetByRole(AriaRole.Link, new() { Name = "Contoso Ltd" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("Contoso Ltd");
        await Expect(page.GetByTestId("reasons")).ToContainTextAsync("No sign-in for 24 days");
        await Expect(page.GetByTestId("last-contact")).ToContainTextAsync("never");
        await BrowserFixture.AssertAccessibleAsync(page);

        // logs the call; last contact changes, last order does not
        var contact = page.GetByRole(AriaRole.Form, new() { Name = "Log a contact" });
        await contact.GetByLabel("Kind").SelectOptionAsync("Call");
        await contact.GetByLabel("With whom").FillAsync("Conor Buyer");
        await contact.GetByLabel("Notes").FillAsync("Busy quarter; ordering again next week");
        await contact.GetByRole(AriaRole.Button, new() { Name = "Log contact" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("The call with Conor Buyer was logged.");
        await Expect(page.GetByTestId("contacts")).ToContainTextAsync("Busy quarter; ordering again next week");
        await Expect(page.GetByTestId("last-contact")).Not.ToContainTextAsync("never");
        await Expect(page.GetByTestId("last-order")).ToContainTextAsync("never");
        await BrowserFixture.AssertAccessibleAsync(page);

        // completes the call task the job made when the account turned silent: first without an outcome
        var task = page.GetByTestId("open-tasks").Locator("li", new() { HasText = "Account turned silent" });
        await task.GetByRole(AriaRole.Button, new() { Name = "Complete task" }).ClickAsync();
        var outcome = page.GetByTestId("open-tasks").Locator("li", new() { HasText = "Account turned silent" }).GetByLabel("Outcome");
        await Expect(outcome).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(outcome).ToBeFocusedAsync();
        await BrowserFixture.AssertAccessibleAsync(page);
        await outcome.FillAsync("Spoke to Conor: a busy quarter, orders resume next week");
        await page.GetByTestId("open-tasks").Locator("li", new() { HasText = "Account turned silent" }).GetByRole(AriaRole.Button, new() { Name = "Complete task" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("task was completed");
        await Expect(page.GetByTestId("open-tasks").Locator("li", new() { HasText = "Account turned silent" })).ToHaveCountAsync(0);
        await Expect(page.GetByTestId("completed-tasks")).ToContainTextAsync("orders resume next week");
        await BrowserFixture.AssertAccessibleAsync(page);

        // the same pages on a phone: no sideways scrolling of the page itself
        var phone = await browser.NewPageAsync(390, 844);
        await BrowserFixture.SignInAsync(phone, "manager@supplier.test");
        await phone.GotoAsync("/desk/relationships");
        await Expect(phone.GetByTestId("workspace-accounts").Locator("tbody tr").First).ToHaveAttributeAsync("data-account", "Contoso Ltd");
        await BrowserFixture.AssertAccessibleAsync(phone);
        Assert.Equal(0, await phone.EvaluateAsync<int>("() => document.documentElement.scrollWidth - document.documentElement.clientWidth"));
        await phone.GetByRole(AriaRole.Link, new() { Name = "Contoso Ltd" }).ClickAsync();
        await Expect(phone.GetByTestId("contacts")).ToContainTextAsync("Conor Buyer");
        await BrowserFixture.AssertAccessibleAsync(phone);
        Assert.Equal(0, await phone.EvaluateAsync<int>("() => document.documentElement.scrollWidth - document.documentElement.clientWidth"));
    }
}
