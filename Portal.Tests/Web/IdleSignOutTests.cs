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
    public async Task The_page_never_reloads_itself_and_carries_what_is_left_of_the_idle_time_for_the_warning()
    {
        // Northwind: 15 minutes; the warning (site.js) counts down from what the server says is left
        var client = await app.SignedInAsync("admin@northwind.test");
        var html = await client.GetPageAsync("/");
        Assert.Contains("<body data-idle-seconds=\"900\">", html);
        Assert.DoesNotContain("data-idle-reload", html);
        Assert.DoesNotContain("http-equiv=\"refresh\"", html);
        Assert.Contains("role=\"alertdialog\"", html);

        // 20 seconds later (the clock is renewed only every 30 seconds) the next page has 880 seconds left
        app.Clock.Advance(TimeSpan.FromSeconds(20));
        Assert.Contains("<body data-idle-seconds=\"880\">", await client.GetPageAsync("/account/sites"));
    }

    private static readonly System.Text.RegularExpressions.Regex KeepAliveForm =
        new("action=\"/session/keep-alive[^\"]*\"[\\s\\S]*?<input name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"");

    private static async Task<HttpResponseMessage> StayAsync(HttpClient client, string token) =>
        await client.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/session/keep-alive?returnUrl=%2F")
        {
            Content = new FormUrlEncodedContent([new("__RequestVerificationToken", token)]),
            Headers = { { "Accept", "application/json" } },
        });

    [Fact]
    public async Task Stay_signed_in_from_the_warning_starts_the_idle_time_again()
    {
        var client = await app.SignedInAsync("buyer@northwind.test");
        var form = KeepAliveForm.Match(await client.GetPageAsync("/"));
        Assert.True(form.Success, "the page has the warning's Stay signed in form with an antiforgery token");
        var token = System.Net.WebUtility.HtmlDecode(form.Groups[1].Value);

        // the warning shows at 14 minutes; "Stay signed in" then gives 15 minutes again
        app.Clock.Advance(TimeSpan.FromMinutes(14));
        var stay = await StayAsync(client, token);
        Assert.Equal(HttpStatusCode.OK, stay.StatusCode);
        Assert.Contains("\"secondsLeft\":900", await stay.Content.ReadAsStringAsync());

        // 28 minutes after the page was shown, still signed in
        app.Clock.Advance(TimeSpan.FromMinutes(14));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/")).StatusCode);
    }

    [Fact]
    public async Task Stay_signed_in_cannot_bring_back_a_session_the_server_ended_nor_be_sent_from_elsewhere()
    {
        var client = await app.SignedInAsync("approver@northwind.test");
        var token = System.Net.WebUtility.HtmlDecode(KeepAliveForm.Match(await client.GetPageAsync("/")).Groups[1].Value);

        // without the page's antiforgery token: refused
        var forged = await client.PostAsync("/session/keep-alive", new FormUrlEncodedContent([new("x", "1")]));
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);

        // too late: the server ended the idle session, so the answer is the sign-in page, not more time
        app.Clock.Advance(TimeSpan.FromMinutes(16));
        var late = await StayAsync(client, token);
        Assert.NotEqual(HttpStatusCode.OK, late.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync("/")).StatusCode);
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
