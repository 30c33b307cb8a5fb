using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;
using static Portal.Tests.Browser.BrowserFixture;

namespace Portal.Tests.Browser;

/// <summary>axe-core on the pages the ordering core and the sign-in work changed, as the roles that see them, at the terminal's 1280x800 and on a phone.</summary>
public sealed class AccessibilityTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    public static TheoryData<int, int> Screens => new() { { 1280, 800 }, { 390, 844 } };

    [Theory]
    [MemberData(nameof(Screens))]
    public async Task Checkout_order_and_approval_pages_pass_axe(int width, int height)
    {
        var buyer = await browser.NewPageAsync(width, height);
        await SignInAsync(buyer, "buyer@northwind.test");
        await buyer.GotoAsync("/cart");
        // over Nadia's approval limit of 500, so the approver has it in the queue
        await buyer.GetByLabel("Type or paste lines").FillAsync("22423\t40\n85123A\t12");
        await buyer.GetByRole(AriaRole.Button, new() { Name = "Add lines to cart" }).ClickAsync();
        await buyer.GotoAsync("/checkout");
        await AssertAccessibleAsync(buyer);

        // a form rejected for one bad value (no PO number) keeps what else was typed, and still passes
        await buyer.GetByLabel("Notes for the supplier").FillAsync("Loading bay");
        await buyer.GetByRole(AriaRole.Button, new() { Name = "Place order" }).ClickAsync();
        await Expect(buyer.GetByText("requires a PO number").First).ToBeVisibleAsync();
        await Expect(buyer.GetByLabel("Notes for the supplier")).ToHaveValueAsync("Loading bay");
        await AssertAccessibleAsync(buyer);

        await buyer.GetByLabel("PO number").FillAsync($"PO-AXE-{width}");
        await buyer.GetByRole(AriaRole.Button, new() { Name = "Place order" }).ClickAsync();
        await Expect(buyer.GetByRole(AriaRole.Status)).ToContainTextAsync("is waiting for approval");
        await AssertAccessibleAsync(buyer);
        await buyer.GotoAsync("/orders");
        await AssertAccessibleAsync(buyer);

        var approver = await browser.NewPageAsync(width, height);
        await SignInAsync(approver, "approver@northwind.test");
        await approver.GotoAsync("/approvals");
        await AssertAccessibleAsync(approver);
    }

    [Theory]
    [MemberData(nameof(Screens))]
    public async Task The_password_reset_pages_pass_axe(int width, int height)
    {
        var page = await browser.NewPageAsync(width, height);
        await page.GotoAsync("/Identity/Account/ForgotPassword");
        await AssertAccessibleAsync(page);
        await page.GotoAsync("/Identity/Account/ResetPassword?code=damaged");
        await AssertAccessibleAsync(page);
    }
}
