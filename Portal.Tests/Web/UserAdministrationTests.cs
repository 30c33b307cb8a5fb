using System.Net;
using System.Text.RegularExpressions;

namespace Portal.Tests.Web;

public sealed class UserAdministrationTests(PortalApp app) : IClassFixture<PortalApp>
{
    private static string EditLink(string usersPage, string name) =>
        Regex.Match(usersPage, $"href=\"(/account/users/[0-9a-f-]{{36}})\">Edit<span class=\"visually-hidden\"> {name}</span>").Groups[1].Value;

    [Fact]
    public async Task A_disabled_user_can_no_longer_sign_in_is_signed_out_at_once_and_is_shown_as_disabled()
    {
        var admin = await app.SignedInAsync("admin@northwind.test");
        var oscar = await app.SignedInAsync("approver@northwind.test");
        Assert.Equal(HttpStatusCode.OK, (await oscar.GetAsync("/approvals")).StatusCode);
        var edit = EditLink(await admin.GetPageAsync("/account/users"), "Oscar Approver");
        Assert.NotEmpty(edit);
        var form = await admin.GetPageAsync(edit);
        var stamp = Regex.Match(form, "name=\"Input.ConcurrencyStamp\" value=\"([^\"]+)\"").Groups[1].Value;

        var saved = await admin.PostFormAsync(edit, [new("Input.Roles", "Approver"), new("Input.IsDisabled", "true"), new("Input.ConcurrencyStamp", stamp)]);
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var list = (await admin.GetPageAsync("/account/users")).Text();
        Assert.Contains("Oscar Approver approver@northwind.test Approver All sites Disabled", list);
        var signedOut = await oscar.GetAsync("/approvals");
        Assert.Equal(HttpStatusCode.Redirect, signedOut.StatusCode);
        Assert.Contains("/Identity/Account/Login", signedOut.Headers.Location!.ToString());

        var refused = await app.NewClient().SignInAsync("approver@northwind.test", Portal.Data.Demo.DemoData.Password);
        Assert.True(refused.StatusCode == HttpStatusCode.OK, $"a disabled user is not let in, but was sent to {refused.Headers.Location}");
        Assert.Contains("Invalid login attempt", (await refused.Content.ReadAsStringAsync()).Text());

        // a stale form (the stamp changed with the save) is refused with a message, and changes nothing
        var stale = await admin.PostFormAsync(edit, [new("Input.Roles", "Buyer"), new("Input.ConcurrencyStamp", stamp)]);
        Assert.Equal(HttpStatusCode.OK, stale.StatusCode);
        Assert.Contains("Someone else changed this user", (await stale.Content.ReadAsStringAsync()).Text());
        Assert.Contains("Oscar Approver approver@northwind.test Approver All sites Disabled", (await admin.GetPageAsync("/account/users")).Text());
    }

    [Fact]
    public async Task A_customer_admin_sets_roles_and_site_and_cannot_lock_themselves_out()
    {
        var admin = await app.SignedInAsync("admin@northwind.test");
        var users = await admin.GetPageAsync("/account/users");
        var self = EditLink(users, "Alice Admin");
        var selfForm = await admin.GetPageAsync(self);
        var stamp = Regex.Match(selfForm, "name=\"Input.ConcurrencyStamp\" value=\"([^\"]+)\"").Groups[1].Value;
        var refused = await admin.PostFormAsync(self, [new("Input.Roles", "Buyer"), new("Input.IsDisabled", "true"), new("Input.ConcurrencyStamp", stamp)]);
        var text = (await refused.Content.ReadAsStringAsync()).Text();
        Assert.Contains("You cannot disable your own sign-in", text);
        Assert.Contains("You cannot remove your own CustomerAdmin role", text);

        var buyer = EditLink(users, "Nadia Buyer");
        var buyerForm = await admin.GetPageAsync(buyer);
        var buyerStamp = Regex.Match(buyerForm, "name=\"Input.ConcurrencyStamp\" value=\"([^\"]+)\"").Groups[1].Value;
        var manchester = Regex.Match(buyerForm, "<option value=\"([0-9a-f-]{36})\">NW-MAN").Groups[1].Value;
        var saved = await admin.PostFormAsync(buyer, [new("Input.Roles", "Buyer"), new("Input.Roles", "Approver"), new("Input.SiteId", manchester), new("Input.ConcurrencyStamp", buyerStamp)]);
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Contains("Nadia Buyer buyer@northwind.test Buyer Approver Manchester depot Active", (await admin.GetPageAsync("/account/users")).Text());

        var nadia = await app.SignedInAsync("buyer@northwind.test");
        Assert.Contains("NW-MAN Manchester depot", (await nadia.GetPageAsync("/")).Text());
    }
}
