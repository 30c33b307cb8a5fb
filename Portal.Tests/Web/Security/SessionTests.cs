using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Portal.Data.Db;

namespace Portal.Tests.Web.Security;

public sealed class SessionTests(PortalApp app) : IClassFixture<PortalApp>
{
    /// <summary>A second "browser" holding a copy of <paramref name="from"/>'s sign-in cookie.</summary>
    private HttpClient CopyOf(HttpClient from, CookieContainer cookies)
    {
        var copy = new CookieContainer();
        foreach (Cookie cookie in cookies.GetAllCookies()) copy.Add(cookie);
        return new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = true, CookieContainer = copy }) { BaseAddress = app.BaseAddress };
    }

    private (HttpClient Client, CookieContainer Cookies) NewBrowser()
    {
        var cookies = new CookieContainer();
        return (new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = true, CookieContainer = cookies }) { BaseAddress = app.BaseAddress }, cookies);
    }

    [Fact]
    public async Task A_copied_sign_in_cookie_is_refused_once_its_owner_has_signed_out()
    {
        var (client, cookies) = NewBrowser();
        Assert.Equal(HttpStatusCode.Redirect, (await client.SignInAsync("approver@northwind.test", Portal.Data.Demo.DemoData.Password)).StatusCode);
        var copy = CopyOf(client, cookies);
        Assert.Equal(HttpStatusCode.OK, (await copy.GetAsync("/")).StatusCode);

        var signedOut = await client.PostFormAsync("/", [], "/Identity/Account/Logout?returnUrl=%2F");
        Assert.Equal(HttpStatusCode.Redirect, signedOut.StatusCode);

        var replay = await copy.GetAsync("/");
        Assert.Equal(HttpStatusCode.Redirect, replay.StatusCode);
        Assert.Contains("/Identity/Account/Login", replay.Headers.Location!.ToString());
        Assert.Equal(HttpStatusCode.Redirect, (await copy.GetAsync("/orders")).StatusCode);
    }

    [Fact]
    public async Task Signing_out_on_one_terminal_leaves_the_same_persons_other_terminal_signed_in()
    {
        var first = await app.SignedInAsync("admin@northwind.test");
        var second = await app.SignedInAsync("admin@northwind.test");
        await first.PostFormAsync("/", [], "/Identity/Account/Logout?returnUrl=%2F");
        Assert.Equal(HttpStatusCode.Redirect, (await first.GetAsync("/")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await second.GetAsync("/")).StatusCode);
    }

    [Fact]
    public async Task Each_sign_in_is_a_session_row_on_the_server_and_signing_out_removes_it()
    {
        var before = await CountAsync();
        var client = await app.SignedInAsync("buyer@contoso.test");
        Assert.Equal(before + 1, await CountAsync());
        await client.PostFormAsync("/", [], "/Identity/Account/Logout?returnUrl=%2F");
        Assert.Equal(before, await CountAsync());
    }

    private async Task<int> CountAsync()
    {
        await using var c = await app.Services.GetRequiredService<ConnectionFactory>().OpenAsync();
        await using var command = c.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM UserSessions";
        return Convert.ToInt32(await command.ExecuteScalarAsync());
    }
}
