using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Hosting;

namespace Portal.Tests.Web.Security;

public sealed class SecurityHeaderTests(PortalApp app) : IClassFixture<PortalApp>
{
    private static readonly Regex InlineScript = new("<script(?![^>]*\\bsrc=)[^>]*>", RegexOptions.IgnoreCase);
    private static readonly Regex InlineHandler = new("<[^>]+\\son[a-z]+\\s*=", RegexOptions.IgnoreCase);

    public static TheoryData<string> Users => new() { "buyer@northwind.test", "admin@northwind.test", "approver@northwind.test", "desk@supplier.test", "admin@supplier.test" };

    private static readonly string[] IdentityPages =
    [
        "/Identity/Account/Manage", "/Identity/Account/Manage/Email", "/Identity/Account/Manage/ChangePassword",
        "/Identity/Account/Manage/TwoFactorAuthentication", "/Identity/Account/Manage/EnableAuthenticator",
        "/Identity/Account/Manage/PersonalData", "/Identity/Account/AccessDenied",
    ];

    private static void AssertNoInlineScript(string url, HttpResponseMessage response, string html)
    {
        var policy = string.Join(" ", response.Headers.TryGetValues("Content-Security-Policy", out var values) ? values : []);
        Assert.True(policy.Contains("script-src 'self'"), $"{url} has a Content-Security-Policy limiting scripts to the portal's own: '{policy}'");
        var scripts = Regex.Match(policy, "script-src([^;]*)").Groups[1].Value;
        Assert.DoesNotContain("unsafe-inline", scripts);
        Assert.DoesNotContain("unsafe-eval", scripts);
        Assert.False(InlineScript.IsMatch(html), $"{url} has an inline <script>: {InlineScript.Match(html).Value}");
        Assert.False(InlineHandler.IsMatch(html), $"{url} has an inline event handler: {InlineHandler.Match(html).Value}");
        Assert.DoesNotContain("javascript:", html, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Pages_without_a_sign_in_carry_the_policy_and_no_inline_script()
    {
        var client = app.NewClient();
        foreach (var url in new[] { "/Identity/Account/Login", "/Identity/Account/ForgotPassword", "/Identity/Account/ForgotPasswordConfirmation", "/Identity/Account/Lockout", "/Identity/Account/ResetPassword?code=x", "/invitation?token=x", "/Error?code=404" })
        {
            var response = await client.GetAsync(url);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{url}: {(int)response.StatusCode}");
            AssertNoInlineScript(url, response, await response.Content.ReadAsStringAsync());
        }
    }

    [Theory]
    [MemberData(nameof(Users))]
    public async Task Every_page_linked_for_a_user_and_the_sign_in_pages_carry_the_policy_and_no_inline_script(string email)
    {
        var client = await app.SignedInAsync(email);
        var home = await client.GetPageAsync("/");
        var links = Regex.Matches(home, "href=\"(/[^\"#]*)\"").Select(m => WebUtility.HtmlDecode(m.Groups[1].Value))
            .Where(l => !l.StartsWith("/lib/") && !l.StartsWith("/css/") && !l.StartsWith("/desk/jobs"))
            .Concat(IdentityPages).Prepend("/").Distinct().ToList();
        Assert.True(links.Count > 5, string.Join(", ", links));
        foreach (var url in links)
        {
            var response = await client.GetAsync(url);
            if (response.StatusCode != HttpStatusCode.OK) continue;
            AssertNoInlineScript(url, response, await response.Content.ReadAsStringAsync());
        }
    }

    [Fact]
    public async Task Error_pages_carry_the_policy_too()
    {
        var client = await app.SignedInAsync("buyer@contoso.test");
        var missing = await client.GetAsync("/no-such-page");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        AssertNoInlineScript("/no-such-page", missing, await missing.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task The_policy_can_be_varied_for_one_path_prefix_in_one_place()
    {
        var options = new Portal.Web.Infrastructure.ContentSecurityPolicyOptions();
        options.ByPathPrefix["/explorer"] = "default-src 'self'; script-src 'self' 'unsafe-inline'";
        options.ByPathPrefix["/open"] = null;
        Assert.Equal(Portal.Web.Infrastructure.ContentSecurityPolicyOptions.Strict, options.For("/orders"));
        Assert.Equal(Portal.Web.Infrastructure.ContentSecurityPolicyOptions.Strict, options.For("/explorers"));
        Assert.Contains("unsafe-inline", options.For("/explorer/index.html"));
        Assert.Null(options.For("/open/x"));
        // and the running portal sends the default everywhere else
        var response = await app.NewClient().GetAsync("/Identity/Account/Login");
        Assert.Equal(Portal.Web.Infrastructure.ContentSecurityPolicyOptions.Strict, response.Headers.GetValues("Content-Security-Policy").Single());
    }

    [Fact]
    public async Task Behind_a_known_proxy_on_https_the_portal_sends_HSTS_and_marks_its_cookies_secure()
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/Identity/Account/Login");
        request.Headers.Host = "portal.example.test";
        request.Headers.Add("X-Forwarded-Proto", "https");
        request.Headers.Add("X-Forwarded-For", "203.0.113.7");
        var response = await app.NewClient().SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("max-age=31536000", response.Headers.GetValues("Strict-Transport-Security").Single());
        var cookies = response.Headers.GetValues("Set-Cookie").ToList();
        Assert.NotEmpty(cookies);
        Assert.All(cookies, c => Assert.Contains("secure", c, StringComparison.OrdinalIgnoreCase));

        // the sign-in cookie too
        var html = await response.Content.ReadAsStringAsync();
        var token = WebUtility.HtmlDecode(Regex.Match(html, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value);
        var post = new HttpRequestMessage(HttpMethod.Post, "/Identity/Account/Login")
        {
            Content = new FormUrlEncodedContent([new("Input.Email", "buyer@contoso.test"), new("Input.Password", Portal.Data.Demo.DemoData.Password), new("__RequestVerificationToken", token)]),
        };
        post.Headers.Host = "portal.example.test";
        post.Headers.Add("X-Forwarded-Proto", "https");
        post.Headers.Add("Cookie", string.Join("; ", cookies.Select(c => c.Split(';')[0])));
        var signedIn = await new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = app.BaseAddress }.SendAsync(post);
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        var auth = signedIn.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("portal.auth="));
        Assert.Contains("secure", auth, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("httponly", auth, StringComparison.OrdinalIgnoreCase);
    }
}

/// <summary>A portal whose only known proxy is elsewhere: forwarded headers from this test (on loopback) are not believed.</summary>
public sealed class PortalBehindAnotherProxy : PortalApp
{
    protected override void Configure(IWebHostBuilder builder)
    {
        builder.UseSetting("Proxies:KnownProxies:0", "10.20.30.40");
        builder.UseSetting("AllowedHosts", "portal.example.test;127.0.0.1");
    }
}

public sealed class ProxyAndHostTests(PortalBehindAnotherProxy app) : IClassFixture<PortalBehindAnotherProxy>
{
    [Fact]
    public async Task Forwarded_headers_from_an_address_that_is_not_a_configured_proxy_are_ignored()
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/Identity/Account/Login");
        request.Headers.Host = "portal.example.test";
        request.Headers.Add("X-Forwarded-Proto", "https");
        var response = await app.NewClient().SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(response.Headers.Contains("Strict-Transport-Security"));
        Assert.All(response.Headers.GetValues("Set-Cookie"), c => Assert.DoesNotContain("secure", c, StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task A_request_for_a_host_that_is_not_allowed_is_refused()
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/Identity/Account/Login");
        request.Headers.Host = "evil.example";
        Assert.Equal(HttpStatusCode.BadRequest, (await app.NewClient().SendAsync(request)).StatusCode);
        var allowed = new HttpRequestMessage(HttpMethod.Get, "/Identity/Account/Login");
        allowed.Headers.Host = "portal.example.test";
        Assert.Equal(HttpStatusCode.OK, (await app.NewClient().SendAsync(allowed)).StatusCode);
    }
}
