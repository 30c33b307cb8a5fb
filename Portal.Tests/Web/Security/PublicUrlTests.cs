using Microsoft.Extensions.Configuration;
using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Hosting;

namespace Portal.Tests.Web.Security;

public sealed class PublicUrlTests(PortalApp app) : IClassFixture<PortalApp>
{
    private async Task<string> LinkInMailToAsync(string to, string pattern)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (DateTime.UtcNow < deadline)
        {
            var mail = (await app.MailsAsync(0)).Select(Mails.Decode).LastOrDefault(m => m.Contains(to, StringComparison.OrdinalIgnoreCase));
            if (mail is not null && Regex.Match(mail, pattern) is { Success: true } match) return WebUtility.HtmlDecode(match.Value);
            await Task.Delay(100);
        }
        throw new Xunit.Sdk.XunitException($"no mail to {to} with a link arrived");
    }

    private static async Task<HttpResponseMessage> PostWithHostAsync(HttpClient client, string page, string host, params (string Key, string Value)[] fields)
    {
        var html = await client.GetPageAsync(page);
        var token = WebUtility.HtmlDecode(Regex.Match(html, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value);
        var request = new HttpRequestMessage(HttpMethod.Post, page) { Content = new FormUrlEncodedContent([.. fields.Select(f => new KeyValuePair<string, string>(f.Key, f.Value)), new("__RequestVerificationToken", token)]) };
        request.Headers.Host = host;
        return await client.SendAsync(request);
    }

    [Fact]
    public async Task Links_in_invitation_and_password_reset_mails_use_the_public_address_whatever_Host_the_request_named()
    {
        var admin = await app.SignedInAsync("admin@northwind.test");
        var invited = await PostWithHostAsync(admin, "/account/users/invite", "attacker.example",
            ("Input.DisplayName", "Hana Host"), ("Input.Email", "hana.host@northwind.test"), ("Input.Roles", "Buyer"));
        Assert.Equal(HttpStatusCode.Redirect, invited.StatusCode);
        var invitation = await LinkInMailToAsync("hana.host@northwind.test", @"https?://[^\s""<>]+/invitation\?token=[^\s""<>]+");
        Assert.StartsWith(PortalApp.PublicUrl + "/invitation?token=", invitation);

        var reset = await PostWithHostAsync(app.NewClient(), "/Identity/Account/ForgotPassword", "attacker.example", ("Input.Email", "buyer@contoso.test"));
        Assert.Equal(HttpStatusCode.Redirect, reset.StatusCode);
        var link = await LinkInMailToAsync("buyer@contoso.test", @"https?://[^\s""<>]+/Identity/Account/ResetPassword\?code=[^\s""<>]+");
        Assert.StartsWith(PortalApp.PublicUrl + "/Identity/Account/ResetPassword?code=", link);
        Assert.DoesNotContain("attacker", string.Join("\n", await app.MailsAsync(0)));
    }

    [Fact]
    public async Task The_reset_link_sets_a_new_password_and_ends_the_persons_other_sessions_at_once()
    {
        var elsewhere = await app.SignedInAsync("approver@northwind.test");
        var asked = await app.NewClient().PostFormAsync("/Identity/Account/ForgotPassword", [new("Input.Email", "approver@northwind.test")]);
        Assert.Equal(HttpStatusCode.Redirect, asked.StatusCode);
        var link = new Uri(await LinkInMailToAsync("approver@northwind.test", @"https?://[^\s""<>]+/Identity/Account/ResetPassword\?code=[^\s""<>]+")).PathAndQuery;

        var code = System.Text.Encoding.UTF8.GetString(Microsoft.AspNetCore.WebUtilities.WebEncoders.Base64UrlDecode(Uri.UnescapeDataString(link[(link.IndexOf("code=") + 5)..])));
        var client = app.NewClient();
        var reset = await client.PostFormAsync(link, [new("Input.Code", code), new("Input.Email", "approver@northwind.test"), new("Input.Password", "Oscar-new-2026!"), new("Input.ConfirmPassword", "Oscar-new-2026!")], "/Identity/Account/ResetPassword");
        Assert.Equal(HttpStatusCode.Redirect, reset.StatusCode);
        Assert.Contains("ResetPasswordConfirmation", reset.Headers.Location!.ToString());

        Assert.Equal(HttpStatusCode.Redirect, (await elsewhere.GetAsync("/")).StatusCode);
        await app.SignedInAsync("approver@northwind.test", "Oscar-new-2026!");

        // the link works once; a damaged one gets a message, not an error
        var again = await client.PostFormAsync(link, [new("Input.Code", code), new("Input.Email", "approver@northwind.test"), new("Input.Password", "Oscar-other-2026!"), new("Input.ConfirmPassword", "Oscar-other-2026!")], "/Identity/Account/ResetPassword");
        Assert.Contains("expired or was already used", (await again.Content.ReadAsStringAsync()).Text());
        Assert.Contains("not valid", (await client.GetPageAsync("/Identity/Account/ResetPassword?code=x")).Text());
    }

    [Fact]
    public async Task Changing_ones_e_mail_address_mails_a_confirmation_link_on_the_public_address()
    {
        var client = await app.SignedInAsync("desk@supplier.test");
        var sent = await PostWithHostAsync(client, "/Identity/Account/Manage/Email", "attacker.example", ("Input.NewEmail", "dana.desk@supplier.test"));
        Assert.Equal(HttpStatusCode.Redirect, sent.StatusCode);
        var link = await LinkInMailToAsync("dana.desk@supplier.test", @"https?://[^\s""<>]+/Identity/Account/ConfirmEmailChange\?[^\s""<>]+");
        Assert.StartsWith(PortalApp.PublicUrl + "/Identity/Account/ConfirmEmailChange?", link);

        // following the link changes the address one signs in with; a damaged link gets a message, not an error
        var path = new Uri(link).PathAndQuery;
        Assert.Contains("Your e-mail address is now dana.desk@supplier.test", (await app.NewClient().GetPageAsync(path)).Text());
        await app.SignedInAsync("dana.desk@supplier.test");
        Assert.Contains("not valid", (await app.NewClient().GetPageAsync(path)).Text());
        Assert.Contains("not valid", (await app.NewClient().GetPageAsync("/Identity/Account/ConfirmEmailChange?userId=x&email=y&code=not-base64!")).Text());
    }
}

/// <summary>The portal in Production with no public address configured.</summary>
public sealed class PortalWithoutPublicUrl : PortalApp
{
    protected override void Configure(IWebHostBuilder builder) => builder.UseSetting("Portal:PublicUrl", "");
}

public sealed class StartupTests
{
    [Fact]
    public async Task In_production_the_portal_refuses_to_start_without_its_public_address()
    {
        await using var app = new PortalWithoutPublicUrl();
        var error = await Assert.ThrowsAnyAsync<Exception>(async () => await app.InitializeAsync());
        var all = error.ToString();
        Assert.Contains("Portal:PublicUrl", all);
    }

    [Fact]
    public void The_run_command_of_the_readme_starts_the_development_environment_whose_settings_switch_the_demo_data_on()
    {
        var web = Path.Combine(Root(), "Portal.Web");
        var launch = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(web, "Properties", "launchSettings.json")));
        var profile = launch.RootElement.GetProperty("profiles").EnumerateObject().First().Value;
        Assert.Equal("Development", profile.GetProperty("environmentVariables").GetProperty("ASPNETCORE_ENVIRONMENT").GetString());

        var production = new Microsoft.Extensions.Configuration.ConfigurationBuilder().AddJsonFile(Path.Combine(web, "appsettings.json")).Build();
        var development = new Microsoft.Extensions.Configuration.ConfigurationBuilder().AddJsonFile(Path.Combine(web, "appsettings.json")).AddJsonFile(Path.Combine(web, "appsettings.Development.json")).Build();
        Assert.NotEqual("true", production["Portal:DemoData"]?.ToLowerInvariant());
        Assert.Equal("true", development["Portal:DemoData"]?.ToLowerInvariant());
    }

    private static string Root()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Portal.sln"))) dir = dir.Parent;
        return dir!.FullName;
    }
}
