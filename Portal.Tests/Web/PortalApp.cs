using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Portal.Tests.Web;

/// <summary>
/// The real portal on Kestrel (a real port, so the browser can reach it too) over a fresh SQLite database file with the
/// demo data, mail written to its own pickup folder, an in-process Hangfire server, and a clock the test moves by hand.
/// </summary>
public class PortalApp : WebApplicationFactory<Program>, IAsyncLifetime
{
    public string Folder { get; } = Path.Combine(Path.GetTempPath(), "portal-tests", "web-" + Guid.NewGuid().ToString("N")[..12]);
    public string DatabaseFile => Path.Combine(Folder, "portal.db");
    public string MailFolder => Path.Combine(Folder, "mail");
    public FakeTimeProvider Clock { get; } = new(DateTimeOffset.UtcNow);
    public const string PublicUrl = "http://portal.example.test";

    /// <summary>Extra settings or service replacements for one test class.</summary>
    protected virtual void Configure(IWebHostBuilder builder) { }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        Directory.CreateDirectory(Folder);
        builder.UseEnvironment("Production");
        builder.UseSetting("Database:Provider", "Sqlite");
        builder.UseSetting("ConnectionStrings:Portal", $"Data Source={DatabaseFile}");
        builder.UseSetting("Mail:PickupDirectory", MailFolder);
        builder.UseSetting("Portal:DemoData", "true");
        // links in mails are made on the public address, never the request's host; tests follow them by path
        builder.UseSetting("Portal:PublicUrl", PublicUrl);
        // every test signs in from 127.0.0.1; the throttle per client address is tested with its own low limit
        builder.UseSetting("Portal:SignInAttemptsPerMinute", "100000");
        builder.UseSetting("Jobs:Workers", "2");
        builder.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(Clock));
        Configure(builder);
    }

    public Uri BaseAddress => ClientOptions.BaseAddress;

    public ValueTask InitializeAsync()
    {
        UseKestrel(0);
        StartServer();
        var address = Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>()
            .Features.Get<Microsoft.AspNetCore.Hosting.Server.Features.IServerAddressesFeature>()!.Addresses.First();
        ClientOptions.BaseAddress = new Uri(address.Replace("[::]", "127.0.0.1").Replace("0.0.0.0", "127.0.0.1"));
        return ValueTask.CompletedTask;
    }

    async ValueTask IAsyncDisposable.DisposeAsync()
    {
        await base.DisposeAsync();
        try { Directory.Delete(Folder, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        GC.SuppressFinalize(this);
    }

    /// <summary>A browser-like client: keeps cookies, does not follow redirects (tests look at where they go).</summary>
    public HttpClient NewClient() => new(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = true, CookieContainer = new CookieContainer() })
    {
        BaseAddress = BaseAddress,
    };

    /// <summary>Signs in through the real sign-in page and returns the client holding the cookie.</summary>
    public async Task<HttpClient> SignedInAsync(string email, string password = Portal.Data.Demo.DemoData.Password)
    {
        var client = NewClient();
        var response = await client.SignInAsync(email, password);
        Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"sign-in of {email} should redirect, was {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return client;
    }

    /// <summary>The .eml files written so far, newest last; waits up to <paramref name="timeout"/> for at least <paramref name="count"/>.</summary>
    public async Task<IReadOnlyList<string>> MailsAsync(int count = 1, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(20));
        while (true)
        {
            var files = Directory.Exists(MailFolder)
                ? Directory.GetFiles(MailFolder, "*.eml").OrderBy(File.GetLastWriteTimeUtc).ToList()
                : [];
            if (files.Count >= count || DateTime.UtcNow > deadline)
                return files.Select(f => File.ReadAllText(f)).ToList();
            await Task.Delay(100);
        }
    }

    /// <summary>Waits (mail is sent by drain jobs, a moment after the change) until a decoded mail contains every text given.</summary>
    public async Task<IReadOnlyList<string>> MailsContainingAsync(params string[] texts)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (true)
        {
            var mails = (await MailsAsync(0)).Select(Mails.Decode).ToList();
            if (texts.All(t => mails.Any(m => m.Contains(t))) || DateTime.UtcNow > deadline) return mails;
            await Task.Delay(100);
        }
    }

    /// <summary>The invitation link in the newest mail to <paramref name="to"/>, made relative to this host.</summary>
    public async Task<string> InvitationLinkAsync(string to)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (DateTime.UtcNow < deadline)
        {
            var mail = (await MailsAsync(0)).LastOrDefault(m => m.Contains($"To: {to}", StringComparison.OrdinalIgnoreCase));
            if (mail is not null)
            {
                var decoded = Mails.Decode(mail);
                var match = Regex.Match(decoded, @"https?://[^\s""<>]+/invitation\?token=[A-Za-z0-9_\-%]+");
                Assert.True(match.Success, "the invitation mail holds the link:\n" + decoded);
                return new Uri(WebUtility.HtmlDecode(match.Value)).PathAndQuery;
            }
            await Task.Delay(100);
        }
        throw new Xunit.Sdk.XunitException($"no invitation mail to {to} arrived within 20 seconds");
    }
}

public static class Mails
{
    /// <summary>The readable text of an .eml file (MimeKit parses it, so quoted-printable and base64 bodies are decoded).</summary>
    public static string Decode(string eml)
    {
        using var stream = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(eml));
        var message = MimeKit.MimeMessage.Load(stream);
        return $"To: {message.To}\nSubject: {message.Subject}\n\n{message.HtmlBody}\n\n{message.TextBody}";
    }
}

public static class HttpClientExtensions
{
    private static readonly Regex Token = new("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"");

    public static async Task<string> GetPageAsync(this HttpClient client, string url)
    {
        var response = await client.GetAsync(url);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {url} should be 200, was {(int)response.StatusCode} {response.Headers.Location}");
        return await response.Content.ReadAsStringAsync();
    }

    /// <summary>Posts a form the way the browser does: with the antiforgery token of the page it came from.</summary>
    public static async Task<HttpResponseMessage> PostFormAsync(this HttpClient client, string pageUrl, IEnumerable<KeyValuePair<string, string>> fields, string? postUrl = null)
    {
        var page = await client.GetAsync(pageUrl);
        var html = await page.Content.ReadAsStringAsync();
        var token = Token.Match(html);
        Assert.True(token.Success, $"{pageUrl} ({(int)page.StatusCode} {page.Headers.Location}) has a form with an antiforgery token:\n{html}");
        var form = fields.Append(new("__RequestVerificationToken", WebUtility.HtmlDecode(token.Groups[1].Value))).ToList();
        return await client.PostAsync(postUrl ?? pageUrl, new FormUrlEncodedContent(form));
    }

    public static Task<HttpResponseMessage> SignInAsync(this HttpClient client, string email, string password) =>
        client.PostFormAsync("/Identity/Account/Login", [new("Input.Email", email), new("Input.Password", password)], "/Identity/Account/Login?returnUrl=%2F");

    public static string Text(this string html) => WebUtility.HtmlDecode(Regex.Replace(Regex.Replace(html, "<[^>]+>", " "), @"\s+", " "));
}
