using System.Net;

namespace Portal.Tests.Web;

public sealed class InvitationTests(PortalApp app) : IClassFixture<PortalApp>
{
    private static KeyValuePair<string, string>[] Invite(string name, string email, params string[] roles) =>
        [new("Input.DisplayName", name), new("Input.Email", email), .. roles.Select(r => new KeyValuePair<string, string>("Input.Roles", r))];

    [Fact]
    public async Task A_customer_admin_invites_a_colleague_who_accepts_by_the_emailed_link_and_signs_in()
    {
        var admin = await app.SignedInAsync("admin@northwind.test");
        var sent = await admin.PostFormAsync("/account/users/invite", Invite("Paula Purchaser", "paula@northwind.test", "Buyer", "Approver"));
        Assert.Equal(HttpStatusCode.Redirect, sent.StatusCode);
        var users = (await admin.GetPageAsync("/account/users")).Text();
        Assert.Contains("Invitation sent to paula@northwind.test", users);
        Assert.Contains("paula@northwind.test", users);

        var link = await app.InvitationLinkAsync("paula@northwind.test");
        var invitee = app.NewClient();
        var page = (await invitee.GetPageAsync(link)).Text();
        Assert.Contains("Paula Purchaser", page);

        var accepted = await invitee.PostFormAsync(link, [new("Input.Password", "Paula-pass-2026!"), new("Input.ConfirmPassword", "Paula-pass-2026!")]);
        Assert.Equal(HttpStatusCode.Redirect, accepted.StatusCode);
        var home = (await invitee.GetPageAsync("/")).Text();
        Assert.Contains("Welcome, Paula Purchaser", home);
        Assert.Contains("Northwind Traders", home);

        // the new user signs in with the password they chose
        var again = await app.SignedInAsync("paula@northwind.test", "Paula-pass-2026!");
        Assert.Contains("Welcome, Paula Purchaser", (await again.GetPageAsync("/")).Text());

        // the link works once
        var replay = app.NewClient();
        Assert.Contains("already been used", (await replay.GetPageAsync(link)).Text());
        var second = await replay.PostFormAsync("/Identity/Account/Login", [new("Input.Password", "Other-pass-2026!"), new("Input.ConfirmPassword", "Other-pass-2026!")], link);
        Assert.Contains("already been used", (await second.Content.ReadAsStringAsync()).Text());
    }

    [Fact]
    public async Task Bad_invitations_get_a_clear_message_next_to_the_field_and_nothing_is_sent()
    {
        var admin = await app.SignedInAsync("admin@northwind.test");
        var before = (await app.MailsAsync(0)).Count;

        var response = await admin.PostFormAsync("/account/users/invite", Invite("", "not-an-address"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var text = (await response.Content.ReadAsStringAsync()).Text();
        Assert.Contains("Enter a valid e-mail address", text);
        Assert.Contains("Enter the person's name", text);
        Assert.Contains("Choose at least one role", text);

        var supplierRole = await admin.PostFormAsync("/account/users/invite", Invite("Eve", "eve@northwind.test", "SupplierAdmin"));
        Assert.Contains("Choose roles from: Buyer, Approver, CustomerAdmin", (await supplierRole.Content.ReadAsStringAsync()).Text());

        var existing = await admin.PostFormAsync("/account/users/invite", Invite("Nadia", "buyer@northwind.test", "Buyer"));
        Assert.Contains("already has a sign-in", (await existing.Content.ReadAsStringAsync()).Text());

        await Task.Delay(500);
        Assert.Equal(before, (await app.MailsAsync(0)).Count);
    }

    [Fact]
    public async Task A_weak_password_is_refused_and_the_invitation_still_works()
    {
        var admin = await app.SignedInAsync("buyer@contoso.test");
        await admin.PostFormAsync("/account/users/invite", Invite("Wes Weak", "wes@contoso.test", "Buyer"));
        var link = await app.InvitationLinkAsync("wes@contoso.test");
        var invitee = app.NewClient();

        var weak = await invitee.PostFormAsync(link, [new("Input.Password", "short"), new("Input.ConfirmPassword", "short")]);
        Assert.Equal(HttpStatusCode.OK, weak.StatusCode);
        Assert.Contains("at least 10 characters", (await weak.Content.ReadAsStringAsync()).Text());

        var mismatch = await invitee.PostFormAsync(link, [new("Input.Password", "Good-pass-2026!"), new("Input.ConfirmPassword", "Other-pass-2026!")]);
        Assert.Contains("not the same", (await mismatch.Content.ReadAsStringAsync()).Text());

        var good = await invitee.PostFormAsync(link, [new("Input.Password", "Good-pass-2026!"), new("Input.ConfirmPassword", "Good-pass-2026!")]);
        Assert.Equal(HttpStatusCode.Redirect, good.StatusCode);
    }

    [Fact]
    public async Task An_invitation_expires_after_seven_days()
    {
        var admin = await app.SignedInAsync("buyer@contoso.test");
        await admin.PostFormAsync("/account/users/invite", Invite("Late Larry", "larry@contoso.test", "Buyer"));
        var link = await app.InvitationLinkAsync("larry@contoso.test");

        app.Clock.Advance(TimeSpan.FromDays(8));
        var invitee = app.NewClient();
        Assert.Contains("has expired", (await invitee.GetPageAsync(link)).Text());
        var post = await invitee.PostFormAsync("/Identity/Account/Login", [new("Input.Password", "Late-pass-2026!"), new("Input.ConfirmPassword", "Late-pass-2026!")], link);
        Assert.Contains("has expired", (await post.Content.ReadAsStringAsync()).Text());
    }

    [Fact]
    public async Task A_withdrawn_invitation_no_longer_works()
    {
        var admin = await app.SignedInAsync("admin@northwind.test");
        await admin.PostFormAsync("/account/users/invite", Invite("Wanda Withdrawn", "wanda@northwind.test", "Buyer"));
        var link = await app.InvitationLinkAsync("wanda@northwind.test");

        var list = await admin.GetPageAsync("/account/users");
        var id = System.Text.RegularExpressions.Regex.Match(list, "invitationId=([0-9a-f-]{36})[^>]*>\\s*<button[^>]*>Withdraw<span class=\"visually-hidden\"> invitation to wanda@northwind.test").Groups[1].Value;
        Assert.NotEmpty(id);
        var revoked = await admin.PostFormAsync("/account/users", [], $"/account/users?handler=Revoke&invitationId={id}");
        Assert.Equal(HttpStatusCode.Redirect, revoked.StatusCode);

        Assert.Contains("was withdrawn", (await app.NewClient().GetPageAsync(link)).Text());
    }

    [Fact]
    public async Task A_supplier_admin_creates_a_national_accounts_member_and_invites_its_first_admin()
    {
        var supplier = await app.SignedInAsync("admin@supplier.test");
        var parentId = System.Text.RegularExpressions.Regex.Match(await supplier.GetPageAsync("/desk/accounts/new"), "<option value=\"([0-9a-f-]{36})\">Northwind Traders</option>").Groups[1].Value;
        Assert.NotEmpty(parentId);

        var created = await supplier.PostFormAsync("/desk/accounts/new",
        [
            new("Input.Name", "Northwind Scotland"), new("Input.ParentAccountId", parentId), new("Input.TimeZone", "Europe/London"),
            new("Input.IdleTimeoutMinutes", "10"), new("Input.AdminName", "Fiona Admin"), new("Input.AdminEmail", "fiona@northwind-scotland.test"),
        ]);
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        var details = (await supplier.GetPageAsync(created.Headers.Location!.ToString())).Text();
        Assert.Contains("Northwind Scotland", details);
        Assert.Contains("Part of Northwind Traders", details);
        Assert.Contains("fiona@northwind-scotland.test", details);

        var link = await app.InvitationLinkAsync("fiona@northwind-scotland.test");
        var fiona = app.NewClient();
        var accepted = await fiona.PostFormAsync(link, [new("Input.Password", "Fiona-pass-2026!"), new("Input.ConfirmPassword", "Fiona-pass-2026!")]);
        Assert.Equal(HttpStatusCode.Redirect, accepted.StatusCode);
        var home = (await fiona.GetPageAsync("/")).Text();
        Assert.Contains("Northwind Scotland", home);
        Assert.Contains("Part of the national account Northwind Traders", home);
        Assert.Contains("Manage users", home);
    }

    [Fact]
    public async Task Creating_an_account_with_bad_input_keeps_what_was_typed_and_creates_nothing()
    {
        var supplier = await app.SignedInAsync("admin@supplier.test");
        var response = await supplier.PostFormAsync("/desk/accounts/new",
        [
            new("Input.Name", "Contoso Ltd"), new("Input.TimeZone", "Mars/Olympus"), new("Input.IdleTimeoutMinutes", "15"),
            new("Input.AdminName", "Someone"), new("Input.AdminEmail", "someone@new-customer.test"),
        ]);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("already exists", html.Text());
        Assert.Contains("Choose a time zone from the list", html.Text());
        Assert.Contains("value=\"someone@new-customer.test\"", html);

        var noAdmin = await supplier.PostFormAsync("/desk/accounts/new",
        [
            new("Input.Name", "Fabrikam"), new("Input.TimeZone", "Europe/Paris"), new("Input.IdleTimeoutMinutes", "15"),
            new("Input.AdminName", "Ann"), new("Input.AdminEmail", "buyer@contoso.test"),
        ]);
        Assert.Contains("already has a sign-in", (await noAdmin.Content.ReadAsStringAsync()).Text());
        Assert.Contains("No account matches", (await supplier.GetPageAsync("/desk/accounts?q=Fabrikam")).Text());
    }

    [Fact]
    public async Task A_supplier_admin_invites_staff_with_supplier_roles_only()
    {
        var supplier = await app.SignedInAsync("admin@supplier.test");
        var wrong = await supplier.PostFormAsync("/desk/staff/invite", Invite("Ben", "ben@supplier.test", "Buyer"));
        Assert.Contains("Choose roles from: DeskAgent, AccountManager, SupplierAdmin", (await wrong.Content.ReadAsStringAsync()).Text());

        var ok = await supplier.PostFormAsync("/desk/staff/invite", Invite("Ben Desk", "ben@supplier.test", "DeskAgent"));
        Assert.Equal(HttpStatusCode.Redirect, ok.StatusCode);
        var link = await app.InvitationLinkAsync("ben@supplier.test");
        var ben = app.NewClient();
        await ben.PostFormAsync(link, [new("Input.Password", "Ben-pass-2026!x"), new("Input.ConfirmPassword", "Ben-pass-2026!x")]);
        var home = (await ben.GetPageAsync("/")).Text();
        Assert.Contains("Welcome, Ben Desk", home);
        Assert.Contains("Customer accounts", home);
    }
}
