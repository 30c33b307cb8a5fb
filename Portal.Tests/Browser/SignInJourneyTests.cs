using Microsoft.Playwright;
using Portal.Data.Demo;
using static Microsoft.Playwright.Assertions;
using static Portal.Tests.Browser.BrowserFixture;

namespace Portal.Tests.Browser;

public sealed class SignInJourneyTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private static async Task SignInAsync(IPage page, string email, string password = DemoData.Password)
    {
        await page.GotoAsync("/");
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/Identity/Account/Login"));
        await AssertAccessibleAsync(page);
        await page.GetByLabel("Email").FillAsync(email);
        await page.GetByLabel("Password").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Log in" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Welcome," })).ToBeVisibleAsync();
        await AssertAccessibleAsync(page);
    }

    [Fact]
    public async Task A_buyer_signs_in_through_the_sign_in_page_and_sees_their_home_page()
    {
        var page = await browser.NewPageAsync();
        await SignInAsync(page, "buyer@northwind.test");

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Welcome, Nadia Buyer" })).ToBeVisibleAsync();
        await Expect(page.GetByTestId("account-name")).ToHaveTextAsync("Northwind Traders");
        await Expect(page.GetByTestId("site-name")).ToHaveTextAsync("NW-LON London head office");
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Users", Exact = true })).ToHaveCountAsync(0);

        await page.GetByRole(AriaRole.Link, new() { Name = "Our sites", Exact = true }).ClickAsync();
        await Expect(page.GetByTestId("sites")).ToContainTextAsync("NW-EDI");
        await Expect(page.GetByTestId("sites")).ToContainTextAsync("Your site");
        await AssertAccessibleAsync(page);

        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/Identity/Account/Login"));
        await AssertAccessibleAsync(page);
        await page.GotoAsync("/");
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/Identity/Account/Login"));
        await AssertAccessibleAsync(page);
    }

    [Fact]
    public async Task A_desk_agent_signs_in_and_sees_the_supplier_home_page()
    {
        var page = await browser.NewPageAsync();
        await SignInAsync(page, "desk@supplier.test");

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Welcome, Dana Desk" })).ToBeVisibleAsync();
        await Expect(page.GetByTestId("supplier-home")).ToContainTextAsync("Customer accounts");
        await Expect(page.GetByTestId("who")).ToContainTextAsync("Supplier staff");
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Jobs" })).ToHaveCountAsync(0);

        await page.GetByRole(AriaRole.Link, new() { Name = "Open the account list" }).ClickAsync();
        await Expect(page.GetByTestId("accounts")).ToContainTextAsync("Northwind Traders");
        await AssertAccessibleAsync(page);
        await page.GetByRole(AriaRole.Link, new() { Name = "Contoso Ltd" }).ClickAsync();
        await Expect(page.GetByTestId("sites")).ToContainTextAsync("CON-DUB");
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Add a site" })).ToHaveCountAsync(0);
        await AssertAccessibleAsync(page);
    }

    [Fact]
    public async Task On_a_phone_the_navigation_folds_into_a_menu_button()
    {
        var page = await browser.NewPageAsync(390, 844);
        var failed = new List<string>();
        page.Response += (_, r) => { if (r.Status >= 400) failed.Add($"{r.Status} {r.Url}"); };
        await SignInAsync(page, "admin@northwind.test");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Welcome, Alice Admin" })).ToBeVisibleAsync();

        var users = page.GetByRole(AriaRole.Navigation, new() { Name = "Main" }).GetByRole(AriaRole.Link, new() { Name = "Users", Exact = true });
        Assert.True(failed.Count == 0, "every request answers: " + string.Join("\n", failed));
        await Expect(users).ToBeHiddenAsync();
        await OpenMenuAsync(page);
        await Expect(users).ToBeVisibleAsync();
        await users.ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Users of Northwind Traders" })).ToBeVisibleAsync();
        await AssertAccessibleAsync(page);
    }

    [Fact]
    public async Task A_customer_admin_invites_a_buyer_who_accepts_in_the_browser()
    {
        var admin = await browser.NewPageAsync();
        await SignInAsync(admin, "buyer@contoso.test");
        await admin.GetByRole(AriaRole.Link, new() { Name = "Invite someone" }).ClickAsync();
        await AssertAccessibleAsync(admin);
        await admin.GetByLabel("Name").FillAsync("Bianca Browser");
        await admin.GetByLabel("E-mail address").FillAsync("bianca@contoso.test");
        await admin.GetByLabel("Site").SelectOptionAsync(new SelectOptionValue { Label = "CON-DUB Dublin office" });
        await admin.GetByRole(AriaRole.Button, new() { Name = "Send invitation" }).ClickAsync();
        await Expect(admin.GetByRole(AriaRole.Status)).ToContainTextAsync("Invitation sent to bianca@contoso.test");
        await AssertAccessibleAsync(admin);

        var link = await browser.App.InvitationLinkAsync("bianca@contoso.test");
        var invitee = await browser.NewPageAsync();
        await invitee.GotoAsync(link);
        await AssertAccessibleAsync(invitee);
        await invitee.GetByLabel("Password", new() { Exact = true }).FillAsync("Bianca-pass-2026!");
        await invitee.GetByLabel("Repeat the password").FillAsync("Bianca-pass-2026!");
        await invitee.GetByRole(AriaRole.Button, new() { Name = "Create my sign-in" }).ClickAsync();

        await Expect(invitee.GetByRole(AriaRole.Heading, new() { Name = "Welcome, Bianca Browser" })).ToBeVisibleAsync();
        await Expect(invitee.GetByTestId("site-name")).ToHaveTextAsync("CON-DUB Dublin office");
        await AssertAccessibleAsync(invitee);
    }
}
