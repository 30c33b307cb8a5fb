using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Portal.Data.Db;

namespace Portal.Tests.Web.Security;

/// <summary>A second web node on the database of <paramref name="first"/>: its own process state, the same database.</summary>
public sealed class SecondNode(PortalApp first) : PortalApp
{
    protected override void Configure(IWebHostBuilder builder) =>
        builder.UseSetting("ConnectionStrings:Portal", $"Data Source={first.DatabaseFile}");
}

public sealed class FarmTests(PortalApp first) : IClassFixture<PortalApp>
{
    private static readonly Regex Token = new("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"");

    [Fact]
    public async Task A_sign_in_cookie_and_a_form_token_from_one_node_are_accepted_by_another_node_on_the_same_database()
    {
        var cookies = new CookieContainer();
        var one = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, CookieContainer = cookies }) { BaseAddress = first.BaseAddress };
        Assert.Equal(HttpStatusCode.Redirect, (await one.SignInAsync("admin@northwind.test", Portal.Data.Demo.DemoData.Password)).StatusCode);
        var form = await one.GetPageAsync("/account/users/invite");
        var token = WebUtility.HtmlDecode(Token.Match(form).Groups[1].Value);
        Assert.NotEmpty(token);

        await using var second = new SecondNode(first);
        await second.InitializeAsync();
        // the same cookies (sign-in and antiforgery), sent to the other node
        var moved = new CookieContainer();
        foreach (Cookie cookie in cookies.GetAllCookies()) moved.Add(new Uri(second.BaseAddress, "/"), new Cookie(cookie.Name, cookie.Value, "/"));
        var two = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, CookieContainer = moved }) { BaseAddress = second.BaseAddress };

        Assert.Contains("Welcome, Alice Admin", (await two.GetPageAsync("/")).Text());
        var posted = await two.PostAsync("/account/users/invite", new FormUrlEncodedContent(
        [
            new("Input.DisplayName", "Farm Person"), new("Input.Email", "farm.person@northwind.test"), new("Input.Roles", "Buyer"),
            new("__RequestVerificationToken", token),
        ]));
        Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);
        Assert.Contains("farm.person@northwind.test", (await one.GetPageAsync("/account/users")).Text());

        // the key ring the nodes share is in the database, not on either node's disk
        await using var c = await first.Services.GetRequiredService<ConnectionFactory>().OpenAsync();
        await using var command = c.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM DataProtectionKeys";
        Assert.True(Convert.ToInt32(await command.ExecuteScalarAsync()) >= 1);
    }
}

/// <summary>A portal whose key ring is encrypted at rest with a certificate (DataProtection:Certificate).</summary>
public sealed class PortalWithKeyCertificate : PortalApp
{
    protected override void Configure(IWebHostBuilder builder)
    {
        using var rsa = System.Security.Cryptography.RSA.Create(2048);
        var request = new System.Security.Cryptography.X509Certificates.CertificateRequest("CN=portal-keys", rsa,
            System.Security.Cryptography.HashAlgorithmName.SHA256, System.Security.Cryptography.RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
        var file = Path.Combine(Folder, "keys.pfx");
        File.WriteAllBytes(file, certificate.Export(System.Security.Cryptography.X509Certificates.X509ContentType.Pfx, "pfx-password"));
        builder.UseSetting("DataProtection:Certificate", file);
        builder.UseSetting("DataProtection:CertificatePassword", "pfx-password");
    }
}

public sealed class KeyRingEncryptionTests(PortalWithKeyCertificate app) : IClassFixture<PortalWithKeyCertificate>
{
    [Fact]
    public async Task With_a_certificate_configured_the_keys_in_the_database_are_encrypted_and_sign_in_still_works()
    {
        var client = await app.SignedInAsync("buyer@contoso.test");
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/")).StatusCode);
        await using var c = await app.Services.GetRequiredService<ConnectionFactory>().OpenAsync();
        await using var command = c.CreateCommand();
        command.CommandText = "SELECT Xml FROM DataProtectionKeys";
        var xml = (string)(await command.ExecuteScalarAsync())!;
        Assert.Contains("EncryptedData", xml);
        Assert.DoesNotContain("<value>", xml);
    }
}
