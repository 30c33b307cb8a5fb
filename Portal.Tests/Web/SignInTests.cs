using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Portal.Data.Accounts;
using Portal.Data.Demo;

namespace Portal.Tests.Web;

public sealed class SignInTests(PortalApp app) : IClassFixture<PortalApp>
{
    public static TheoryData<string, string, string> DemoUsers => new()
    {
        { "buyer@northwind.test", "Nadia Buyer", "Northwind Traders" },
        { "approver@northwind.test", "Oscar Approver", "Northwind Traders" },
        { "admin@northwind.test", "Alice Admin", "Northwind Traders" },
        { "buyer@contoso.test", "Conor Buyer", "Contoso Ltd" },
        { "desk@supplier.test", "Dana Desk", "Supplier staff" },
        { "manager@supplier.test", "Max Manager", "Supplier staff" },
        { "admin@supplier.test", "Sam Supplier-Admin", "Supplier staff" },
    };

    [Theory]
    [MemberData(nameof(DemoUsers))]
    public async Task Every_demo_user_signs_in_and_sees_their_home_page(string email, string name, string account)
    {
        var client = await app.SignedInAsync(email);
        var home = (await client.GetPageAsync("/")).Text();
        Assert.Contains($"Welcome, {name}", home);
        Assert.Contains(account, home);
    }

    [Fact]
    public async Task A_buyer_limited_to_one_site_sees_that_site_in_the_header_and_no_admin_links()
    {
        var client = await app.SignedInAsync("buyer@northwind.test");
        var html = await client.GetPageAsync("/");
        Assert.Contains("NW-LON London head office", html.Text());
        Assert.DoesNotContain("href=\"/account/users\"", html);
        Assert.DoesNotContain("href=\"/desk/", html);
    }

    [Fact]
    public async Task A_customer_admin_sees_links_only_to_pages_that_exist_for_them()
    {
        var client = await app.SignedInAsync("admin@northwind.test");
        var html = await client.GetPageAsync("/");
        var links = System.Text.RegularExpressions.Regex.Matches(html, "href=\"(/[^\"#?]*)").Select(m => m.Groups[1].Value).Distinct().ToList();
        Assert.Contains("/account/users", links);
        foreach (var link in links.Where(l => !l.StartsWith("/lib/") && !l.StartsWith("/css/")))
        {
            var response = await client.GetAsync(link);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{link} answers {(int)response.StatusCode}");
        }
    }

    [Fact]
    public async Task A_wrong_password_is_refused_with_a_message_and_no_cookie()
    {
        var client = app.NewClient();
        var response = await client.SignInAsync("buyer@contoso.test", "not-the-password");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Invalid login attempt", await response.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync("/")).StatusCode);
    }

    [Fact]
    public async Task Five_wrong_passwords_lock_the_sign_in_for_fifteen_minutes()
    {
        var client = app.NewClient();
        for (var i = 0; i < 5; i++) await client.SignInAsync("manager@supplier.test", "wrong-password-" + i);

        var withRightPassword = await client.SignInAsync("manager@supplier.test", DemoData.Password);
        Assert.Equal(HttpStatusCode.Redirect, withRightPassword.StatusCode);
        Assert.Contains("Lockout", withRightPassword.Headers.Location!.ToString());
        Assert.Contains("locked out", (await client.GetPageAsync(withRightPassword.Headers.Location.ToString())).Text());

        await using var scope = app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
        var user = await users.FindByEmailAsync("manager@supplier.test");
        Assert.NotNull(user!.LockoutEnd);
        var remaining = user.LockoutEnd!.Value - DateTimeOffset.UtcNow;
        Assert.InRange(remaining.TotalMinutes, 14, 15.1);
        // the lock lifts by itself; tidy up for the other tests of this class
        await users.SetLockoutEndDateAsync(user, null);
        await users.ResetAccessFailedCountAsync(user);
    }

    [Fact]
    public async Task Nobody_can_register_themselves()
    {
        var client = app.NewClient();
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/Identity/Account/Register")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/Identity/Account/ExternalLogin")).StatusCode);
        Assert.DoesNotContain("Register", (await client.GetPageAsync("/Identity/Account/Login")).Text());
    }

    [Fact]
    public async Task Pages_ask_for_a_sign_in_first()
    {
        var client = app.NewClient();
        foreach (var url in new[] { "/", "/account/users", "/desk/accounts", "/desk/jobs" })
        {
            var response = await client.GetAsync(url);
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.Contains("/Identity/Account/Login", response.Headers.Location!.ToString());
        }
    }

    [Fact]
    public async Task Signing_out_ends_the_session()
    {
        var client = await app.SignedInAsync("approver@northwind.test");
        var response = await client.PostFormAsync("/", [], "/Identity/Account/Logout?returnUrl=%2F");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync("/")).StatusCode);
    }

    [Fact]
    public async Task Password_reset_mail_is_sent_through_the_outbox()
    {
        var client = app.NewClient();
        var before = (await app.MailsAsync(0)).Count;
        var response = await client.PostFormAsync("/Identity/Account/ForgotPassword", [new("Input.Email", "approver@northwind.test")]);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var mails = await app.MailsAsync(before + 1);
        var mail = Mails.Decode(mails.Last(m => m.Contains("approver@northwind.test")));
        Assert.Contains("Reset", mail);
        Assert.Contains("/Identity/Account/ResetPassword", mail);
    }
}
