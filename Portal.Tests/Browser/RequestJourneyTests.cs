using Microsoft.Playwright;
using Portal.Tests.Web.Service;
using static Microsoft.Playwright.Assertions;

namespace Portal.Tests.Browser;

public sealed class RequestJourneyTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private static readonly byte[] Png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 0, 0, 0, 1, 0, 0, 0, 1, 8, 2, 0, 0, 0, 0x90, 0x77, 0x53, 0xDE, 0, 0, 0, 0, 0x49, 0x45, 0x4E, 0x44, 0xAE, 0x42, 0x60, 0x82];

    [Theory]
    [InlineData(1280, 800)]
    [InlineData(390, 844)]
    public async Task A_buyer_reports_a_short_delivery_from_the_order_page_with_a_photo_and_the_desk_answers_with_a_canned_reply_and_resolves_it(int width, int height)
    {
        var order = await browser.App.ShortDeliveredOrderAsync();

        // the buyer: the order page offers the short line; the form arrives filled in
        var buyer = await browser.NewPageAsync(width, height);
        await BrowserFixture.SignInAsync(buyer, "buyer@northwind.test");
        await buyer.GotoAsync($"/orders/{order}");
        await BrowserFixture.AssertAccessibleAsync(buyer);
        await buyer.GetByTestId("report-line-2").ClickAsync();
        await Expect(buyer.GetByRole(AriaRole.Heading, new() { Name = "Raise a request" })).ToBeVisibleAsync();
        await BrowserFixture.AssertAccessibleAsync(buyer);
        await Expect(buyer.GetByLabel("What is it about? (required)")).ToHaveValueAsync("DeliveryClaim");
        await Expect(buyer.GetByLabel("For a delivery claim: what went wrong?")).ToHaveValueAsync("Short");
        await Expect(buyer.GetByLabel("Quantity affected on line 2")).ToHaveValueAsync("1");
        await Expect(buyer.GetByLabel("Message (required)")).ToContainTextAsync("4 sent, 3 delivered on");
        // the toolbar works from the keyboard-reachable buttons
        await buyer.GetByLabel("Message (required)").PressAsync("End");
        await buyer.GetByLabel("Message (required)").PressSequentiallyAsync("one box missing");
        await buyer.GetByRole(AriaRole.Button, new() { Name = "Bold (Ctrl+B)" }).ClickAsync();
        await buyer.GetByLabel("Files (optional: up to 5 photos, PDFs, CSV or text files, 10 MB each)").SetInputFilesAsync(new FilePayload { Name = "box.png", MimeType = "image/png", Buffer = Png });
        await buyer.GetByRole(AriaRole.Button, new() { Name = "Send request" }).ClickAsync();
        await Expect(buyer.GetByTestId("request-status")).ToHaveTextAsync("New");
        await Expect(buyer.Locator(".ticket-thumb")).ToHaveCountAsync(1);
        await Expect(buyer.GetByTestId("first-response")).ToContainTextAsync("promised by");
        await BrowserFixture.AssertAccessibleAsync(buyer);
        var number = buyer.Url.Split('/')[^1];

        // the desk: the request in the queue; a canned reply with its placeholders filled; resolved with the reply
        var desk = await browser.NewPageAsync(width, height);
        await BrowserFixture.SignInAsync(desk, "desk@supplier.test");
        await desk.GotoAsync("/desk/requests?view=unassigned");
        await BrowserFixture.AssertAccessibleAsync(desk);
        await desk.GetByRole(AriaRole.Link, new() { Name = number, Exact = true }).ClickAsync();
        await Expect(desk.GetByRole(AriaRole.Heading, new() { Name = number + ":" })).ToBeVisibleAsync();
        await BrowserFixture.AssertAccessibleAsync(desk);
        await desk.GetByRole(AriaRole.Button, new() { Name = "Take it" }).ClickAsync();
        await Expect(desk.GetByTestId("assignee")).ToHaveTextAsync("Dana Desk");
        await BrowserFixture.AssertAccessibleAsync(desk);
        await desk.GetByLabel("Canned reply").SelectOptionAsync(new SelectOptionValue { Label = "Short delivery: replacement on its way" });
        await desk.GetByRole(AriaRole.Button, new() { Name = "Insert into the reply" }).ClickAsync();
        await Expect(desk.GetByLabel("Reply or note (required)")).ToContainTextAsync($"Dear Nadia Buyer");
        await Expect(desk.GetByLabel("Reply or note (required)")).ToContainTextAsync(order);
        await Expect(desk.GetByLabel("Reply or note (required)")).ToContainTextAsync("Dana Desk");
        await BrowserFixture.AssertAccessibleAsync(desk);
        await desk.GetByLabel("Set status with the reply").SelectOptionAsync(new SelectOptionValue { Value = "Resolved" });
        await desk.GetByRole(AriaRole.Button, new() { Name = "Send", Exact = true }).ClickAsync();
        await Expect(desk.GetByTestId("request-status")).ToHaveTextAsync("Resolved");
        await BrowserFixture.AssertAccessibleAsync(desk);

        // the buyer reads the answer and sees it resolved
        await buyer.ReloadAsync();
        await Expect(buyer.GetByTestId("request-status")).ToHaveTextAsync("Resolved");
        await Expect(buyer.GetByTestId("thread")).ToContainTextAsync("We are sending the missing quantity");
        await Expect(buyer.GetByTestId("reopen-note")).ToBeVisibleAsync();
        await BrowserFixture.AssertAccessibleAsync(buyer);
    }
}
