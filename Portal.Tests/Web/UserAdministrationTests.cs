using System.Net;
using System.Text.RegularExpressions;
using Portal.Tests.Web.Ordering;

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
        Assert.Contains("Oscar Approver approver@northwind.test Approver All sites No limit Disabled", list);
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
        Assert.Contains("Oscar Approver approver@northwind.test Approver All sites No limit Disabled", (await admin.GetPageAsync("/account/users")).Text());
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
        var saved = await admin.PostFormAsync(buyer, [new("Input.Roles", "Buyer"), new("Input.Roles", "Approver"), new("Input.SiteId", manchester), new("Input.ApprovalLimit", "500.00"), new("Input.ConcurrencyStamp", buyerStamp)]);
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Contains("Nadia Buyer buyer@northwind.test Buyer Approver Manchester depot £500.00 Active", (await admin.GetPageAsync("/account/users")).Text());

        var nadia = await app.SignedInAsync("buyer@northwind.test");
        Assert.Contains("NW-MAN Manchester depot", (await nadia.GetPageAsync("/")).Text());
    }

    [Fact]
    public async Task A_customer_admin_sees_the_accounts_terms_and_how_much_credit_open_orders_use()
    {
        // Contoso: no PO rule, a credit limit of 1,500.00 (demo data)
        var conor = await app.SignedInAsync("buyer@contoso.test");
        var before = await conor.GetPageAsync("/account/settings");
        Assert.Contains("PO number Optional Credit limit £1,500.00 Used by open orders £0.00 Left £1,500.00", before.Text());

        await conor.QuickOrderAsync("22423 2");
        var placed = await conor.CheckoutAsync(await conor.EarliestAsync(), Guid.NewGuid().ToString("N"));
        Assert.Equal(HttpStatusCode.Redirect, placed.StatusCode);

        // the figure shown is the credit check's own sum of the open orders
        var placement = Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<Portal.Data.Ordering.OrderPlacement>(app.Services);
        var accountId = (await Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<Portal.Data.Accounts.AccountStore>(app.Services).ListAccountsAsync("Contoso Ltd", 1, 5)).Items.Single().Id;
        var total = await placement.OpenOrdersTotalAsync(accountId);
        Assert.True(total > 0, "the order counts against the credit limit");
        var used = total.ToString("#,##0.00", System.Globalization.CultureInfo.InvariantCulture);
        var left = (1_500m - total).ToString("#,##0.00", System.Globalization.CultureInfo.InvariantCulture);
        foreach (var page in new[] { "/account/settings", "/account/users" })
            Assert.Contains($"Credit limit £1,500.00 Used by open orders £{used} Left £{left}", (await conor.GetPageAsync(page)).Text());

        // Northwind requires a PO number
        var alice = await app.SignedInAsync("admin@northwind.test");
        Assert.Contains("PO number Required on every order Credit limit £25,000.00", (await alice.GetPageAsync("/account/settings")).Text());
    }

    [Fact]
    public async Task The_users_table_shows_approval_limits_and_the_user_page_saves_everything_at_once_keeping_what_was_typed_when_refused()
    {
        var admin = await app.SignedInAsync("admin@northwind.test");
        var users = await admin.GetPageAsync("/account/users");
        Assert.Contains("Approval limit", users.Text());
        var before = users.Text();
        Assert.Matches("Nadia Buyer buyer@northwind.test [^£]+ £500.00 Active", before);
        var nadia = EditLink(users, "Nadia Buyer");
        var form = await admin.GetPageAsync(nadia);
        Assert.Single(Regex.Matches(form[form.IndexOf("<main", StringComparison.Ordinal)..form.IndexOf("</main>", StringComparison.Ordinal)], "<button[^>]*type=\"submit\""));
        Assert.Contains("name=\"Input.ApprovalLimit\" inputmode=\"decimal\" value=\"500.00\"", form);
        var stamp = Regex.Match(form, "name=\"Input.ConcurrencyStamp\" value=\"([^\"]+)\"").Groups[1].Value;
        var edinburgh = Regex.Match(form, "<option value=\"([0-9a-f-]{36})\">NW-EDI").Groups[1].Value;

        // a bad limit: nothing is saved, and the page shows the roles, site and limit as typed with the message at the limit
        var refused = await admin.PostFormAsync(nadia, [new("Input.Roles", "Buyer"), new("Input.Roles", "Approver"), new("Input.SiteId", edinburgh), new("Input.ApprovalLimit", "lots"), new("Input.ConcurrencyStamp", stamp)]);
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        var html = await refused.Content.ReadAsStringAsync();
        Assert.Contains("Enter the approval limit as an amount such as 500", html.Text());
        Assert.Matches("id=\"Input_ApprovalLimit\"[^>]*value=\"lots\"[^>]*aria-invalid=\"true\" aria-describedby=\"Input_ApprovalLimit-error", html);
        Assert.Contains($"<option value=\"{edinburgh}\" selected=\"selected\">NW-EDI", html);
        Assert.Matches("value=\"Approver\" id=\"role-Approver\" checked=\"checked\"", html);
        Assert.Equal(before, (await admin.GetPageAsync("/account/users")).Text());

        // one save takes roles, site and limit together
        var saved = await admin.PostFormAsync(nadia, [new("Input.Roles", "Buyer"), new("Input.Roles", "Approver"), new("Input.SiteId", edinburgh), new("Input.ApprovalLimit", "£1,250.50"), new("Input.ConcurrencyStamp", stamp)]);
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Contains("Nadia Buyer buyer@northwind.test Buyer Approver Edinburgh store £1,250.50 Active", (await admin.GetPageAsync("/account/users")).Text());

        // a refused role keeps the typed limit too
        var stamp2 = Regex.Match(await admin.GetPageAsync(nadia), "name=\"Input.ConcurrencyStamp\" value=\"([^\"]+)\"").Groups[1].Value;
        var noRole = await admin.PostFormAsync(nadia, [new("Input.ApprovalLimit", "75"), new("Input.ConcurrencyStamp", stamp2)]);
        var noRoleHtml = await noRole.Content.ReadAsStringAsync();
        Assert.Contains("Choose at least one role", noRoleHtml.Text());
        Assert.Contains("value=\"75\"", noRoleHtml);
        Assert.Contains("£1,250.50", (await admin.GetPageAsync("/account/users")).Text());
    }

    [Fact]
    public async Task A_new_api_key_is_shown_once_with_a_copy_button_and_not_again_on_refresh()
    {
        var admin = await app.SignedInAsync("admin@northwind.test");
        var made = await admin.PostFormAsync("/account/api-keys", [new("name", "Stock system")], "/account/api-keys?handler=Create");
        Assert.Equal(HttpStatusCode.Redirect, made.StatusCode);
        var location = made.Headers.Location!.ToString();
        Assert.DoesNotContain("pk_", location);

        var shown = await admin.GetAsync(location);
        Assert.Contains("no-store", shown.Headers.CacheControl!.ToString());
        var html = await shown.Content.ReadAsStringAsync();
        var secret = Regex.Match(html, "id=\"new-key-secret\" data-testid=\"new-key-secret\">(pk_[A-Za-z0-9_-]+)<").Groups[1].Value;
        Assert.NotEmpty(secret);
        Assert.Contains("data-copy=\"#new-key-secret\"", html);
        Assert.Matches("<script src=\"/js/copy[.a-z0-9]*js(\\?v=[^\"]+)?\"></script>", html);
        Assert.Contains("shown only this once", html.Text());

        // a refresh (the same GET again) no longer has it, nor does the list
        var refreshed = await admin.GetPageAsync(location);
        Assert.DoesNotContain(secret, refreshed);
        Assert.DoesNotContain("data-testid=\"new-key\"", refreshed);
        Assert.Contains("Stock system", refreshed.Text());
        Assert.Matches("data-confirm=\"Revoke the key Stock system[?]", refreshed);

        // the key works
        var api = app.NewClient();
        api.DefaultRequestHeaders.Add("X-Api-Key", secret);
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("/api/v1/sites")).StatusCode);
    }
}
