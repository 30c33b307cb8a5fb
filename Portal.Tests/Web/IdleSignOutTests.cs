using System.Net;

namespace Portal.Tests.Web;

public sealed class IdleSignOutTests(PortalApp app) : IClassFixture<PortalApp>
{
    [Fact]
    public async Task A_terminal_left_idle_longer_than_the_accounts_setting_is_signed_out()
    {
        // Northwind's idle sign-out is 15 minutes
        var client = await app.SignedInAsync("buyer@northwind.test");
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/")).StatusCode);

        app.Clock.Advance(TimeSpan.FromMinutes(10));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/")).StatusCode);

        app.Clock.Advance(TimeSpan.FromMinutes(16));
        var response = await client.GetAsync("/");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("/Identity/Account/Login", response.Headers.Location!.ToString());
        // and the old cookie stays dead
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync("/account/sites")).StatusCode);
    }

    [Fact]
    public async Task Each_account_has_its_own_idle_time()
    {
        // Contoso's idle sign-out is 30 minutes: 20 idle minutes are fine there
        var contoso = await app.SignedInAsync("buyer@contoso.test");
        app.Clock.Advance(TimeSpan.FromMinutes(20));
        Assert.Equal(HttpStatusCode.OK, (await contoso.GetAsync("/")).StatusCode);
    }

    [Fact]
    public async Task The_page_reloads_itself_after_the_idle_time_so_a_terminal_does_not_keep_showing_data()
    {
        var client = await app.SignedInAsync("admin@northwind.test");
        var html = await client.GetPageAsync("/");
        Assert.Contains("<body data-idle-reload=\"905\">", html);
    }

    [Fact]
    public async Task A_customer_admin_changes_the_idle_time_and_a_stale_form_is_refused()
    {
        var client = await app.SignedInAsync("buyer@contoso.test");
        var form = await client.GetPageAsync("/account/settings");
        var version = System.Text.RegularExpressions.Regex.Match(form, "name=\"Input.Version\" value=\"(\\d+)\"").Groups[1].Value;

        var saved = await client.PostFormAsync("/account/settings", [new("Input.IdleTimeoutMinutes", "45"), new("Input.Version", version)]);
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Contains("Idle sign-out is now 45 minutes", (await client.GetPageAsync("/account/settings")).Text());

        var stale = await client.PostFormAsync("/account/settings", [new("Input.IdleTimeoutMinutes", "20"), new("Input.Version", version)]);
        Assert.Equal(HttpStatusCode.OK, stale.StatusCode);
        Assert.Contains("Someone else changed", (await stale.Content.ReadAsStringAsync()).Text());

        var bad = await client.PostFormAsync("/account/settings", [new("Input.IdleTimeoutMinutes", "1000"), new("Input.Version", version)]);
        Assert.Contains("between 2 and 480 minutes", (await bad.Content.ReadAsStringAsync()).Text());
        Assert.Contains("value=\"45\"", await client.GetPageAsync("/account/settings"));
    }
}
