using Microsoft.Playwright;
using Portal.Tests.Web.Ordering;
using static Microsoft.Playwright.Assertions;
using static Portal.Tests.Browser.BrowserFixture;

namespace Portal.Tests.Browser;

/// <summary>The approver's day: from the home page to the queue, each waiting order opened with its lines, approved or rejected with a reason; axe-core on every page, at the terminal's 1280x800 and on a phone.</summary>
public sealed class ApproverJourneyTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    public static TheoryData<int, int> Screens => new() { { 1280, 800 }, { 390, 844 } };

    /// <summary>Nadia (limit £500.00) places an order over her limit through the pages; returns its number.</summary>
    private async Task<string> PlaceOverLimitAsync(string po)
    {
        var buyer = await browser.App.SignedInAsync("buyer@northwind.test");
        await buyer.QuickOrderAsync("22423 60");
        var placed = await buyer.CheckoutAsync(await buyer.EarliestAsync(), Guid.NewGuid().ToString("N"), po);
        return placed.Number();
    }

    [Theory]
    [MemberData(nameof(Screens))]
    public async Task An_approver_opens_each_waiting_order_from_the_queue_sees_its_lines_and_whose_limit_it_is_over_and_approves_or_rejects_it(int width, int height)
    {
        var toApprove = await PlaceOverLimitAsync($"PO-APPROVE-{width}");
        var toReject = await PlaceOverLimitAsync($"PO-REJECT-{width}");

        var page = await browser.NewPageAsync(width, height);
        await SignInAsync(page, "approver@northwind.test");
        await AssertAccessibleAsync(page);

        // from the home page to the queue, and into the first order
        await page.GetByRole(AriaRole.Link, new() { Name = "Open the queue" }).ClickAsync();
        await Expect(page.GetByTestId($"pending-{toApprove}")).ToBeVisibleAsync();
        await AssertAccessibleAsync(page);
        await page.GetByTestId($"pending-{toApprove}").GetByRole(AriaRole.Link, new() { Name = toApprove, Exact = true }).ClickAsync();
        await Expect(page.GetByTestId("lines")).ToContainTextAsync("Regency Cakestand 3 Tier");
        await Expect(page.GetByTestId("approval-limit")).ToContainTextAsync("This order is over Nadia Buyer's approval limit of £500.00 by £");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Cancel order" })).ToHaveCountAsync(0);
        await AssertAccessibleAsync(page);

        await page.GetByRole(AriaRole.Button, new() { Name = "Approve order" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync($"{toApprove} was approved and submitted to the supplier");
        await Expect(page.Locator("h1")).ToContainTextAsync("Submitted");
        await AssertAccessibleAsync(page);

        // back to the queue for the second: rejecting asks first, and the buyer reads the reason
        await page.GotoAsync("/approvals");
        await Expect(page.GetByTestId($"pending-{toApprove}")).ToHaveCountAsync(0);
        await AssertAccessibleAsync(page);
        await page.GetByTestId($"pending-{toReject}").GetByRole(AriaRole.Link, new() { Name = toReject, Exact = true }).ClickAsync();
        await Expect(page.GetByTestId("lines")).ToContainTextAsync("Regency Cakestand 3 Tier");
        await AssertAccessibleAsync(page);
        await page.GetByLabel("Reason for rejecting").FillAsync("Use the framework contract");
        string? asked = null;
        page.Dialog += (_, dialog) => { asked = dialog.Message; _ = dialog.AcceptAsync(); };
        await page.GetByRole(AriaRole.Button, new() { Name = "Reject order" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync($"{toReject} was rejected; Nadia Buyer is told why");
        Assert.StartsWith($"Reject order {toReject}?", asked);
        await Expect(page.Locator("h1")).ToContainTextAsync("Rejected");
        await Expect(page.GetByText("Use the framework contract").First).ToBeVisibleAsync();
        await AssertAccessibleAsync(page);
    }
}
