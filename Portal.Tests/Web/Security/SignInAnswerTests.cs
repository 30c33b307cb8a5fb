using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Portal.Data.Accounts;
using Portal.Data.Demo;

namespace Portal.Tests.Web.Security;

/// <summary>Counts password-hash checks: the work that makes a sign-in attempt slow, and so tells by its time.</summary>
public sealed class CountingHasher : IPasswordHasher<PortalUser>
{
    private readonly PasswordHasher<PortalUser> inner = new();
    private int verified;
    public int Verified => Volatile.Read(ref verified);
    public string HashPassword(PortalUser user, string password) => inner.HashPassword(user, password);
    public PasswordVerificationResult VerifyHashedPassword(PortalUser user, string hashedPassword, string providedPassword)
    {
        Interlocked.Increment(ref verified);
        return inner.VerifyHashedPassword(user, hashedPassword, providedPassword);
    }
}

public sealed class PortalCountingHashes : PortalApp
{
    public CountingHasher Hasher { get; } = new();

    protected override void Configure(IWebHostBuilder builder) =>
        builder.ConfigureTestServices(s => s.AddSingleton<IPasswordHasher<PortalUser>>(Hasher));
}

public sealed class SignInAnswerTests(PortalCountingHashes app) : IClassFixture<PortalCountingHashes>
{
    private async Task<(HttpStatusCode Status, string? Location, string Text, int Hashes)> AttemptAsync(string email, string password)
    {
        var client = app.NewClient();
        await client.GetPageAsync("/Identity/Account/Login");
        var before = app.Hasher.Verified;
        var response = await client.SignInAsync(email, password);
        var hashes = app.Hasher.Verified - before;
        var text = (await response.Content.ReadAsStringAsync()).Text();
        return (response.StatusCode, response.Headers.Location?.ToString(), text, hashes);
    }

    [Fact]
    public async Task A_known_and_an_unknown_address_get_the_same_answer_for_the_same_work()
    {
        var known = await AttemptAsync("desk@supplier.test", "wrong-password-1");
        var unknown = await AttemptAsync("nobody-here@supplier.test", "wrong-password-1");

        Assert.Equal(HttpStatusCode.OK, known.Status);
        Assert.Equal((known.Status, known.Location), (unknown.Status, unknown.Location));
        Assert.Contains("Invalid login attempt", unknown.Text);
        Assert.Equal(known.Text.Replace("desk@supplier.test", "X"), unknown.Text.Replace("nobody-here@supplier.test", "X"));
        // one password hash each: the time of the answer does not tell either
        Assert.Equal(1, known.Hashes);
        Assert.Equal(1, unknown.Hashes);
    }

    [Fact]
    public async Task A_locked_sign_in_reads_like_a_wrong_password_to_whoever_does_not_know_the_password()
    {
        const string email = "approver@northwind.test";
        for (var i = 0; i < 5; i++)
        {
            var attempt = await AttemptAsync(email, "wrong-" + i);
            Assert.Equal(HttpStatusCode.OK, attempt.Status);
            Assert.Contains("Invalid login attempt", attempt.Text);
        }
        var locked = await AttemptAsync(email, "wrong-again");
        var unknown = await AttemptAsync("never-invited@northwind.test", "wrong-again");
        Assert.Equal((HttpStatusCode.OK, (string?)null), (locked.Status, locked.Location));
        Assert.Contains("Invalid login attempt", locked.Text);
        Assert.Equal(1, locked.Hashes);
        Assert.Equal(1, unknown.Hashes);

        // the owner, with the right password, is told why
        var owner = await AttemptAsync(email, DemoData.Password);
        Assert.Equal(HttpStatusCode.Redirect, owner.Status);
        Assert.Contains("Lockout", owner.Location);

        await using var scope = app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
        var user = (await users.FindByEmailAsync(email))!;
        await users.SetLockoutEndDateAsync(user, null);
        await users.ResetAccessFailedCountAsync(user);
    }

    [Fact]
    public async Task Forgot_password_answers_a_known_and_an_unknown_address_alike_and_mails_only_the_known_one()
    {
        var client = app.NewClient();
        var known = await client.PostFormAsync("/Identity/Account/ForgotPassword", [new("Input.Email", "manager@supplier.test")]);
        var unknown = await client.PostFormAsync("/Identity/Account/ForgotPassword", [new("Input.Email", "no-such-person@supplier.test")]);
        Assert.Equal(HttpStatusCode.Redirect, known.StatusCode);
        Assert.Equal((known.StatusCode, known.Headers.Location), (unknown.StatusCode, unknown.Headers.Location));
        Assert.Equal(await known.Content.ReadAsStringAsync(), await unknown.Content.ReadAsStringAsync());

        var mails = await app.MailsAsync(1);
        Assert.Contains(mails, m => m.Contains("manager@supplier.test"));
        await Task.Delay(500);
        Assert.DoesNotContain(await app.MailsAsync(0), m => m.Contains("no-such-person@supplier.test"));
    }
}

/// <summary>A portal with a low sign-in limit per client address.</summary>
public sealed class PortalWithLowSignInLimit : PortalApp
{
    protected override void Configure(IWebHostBuilder builder) => builder.UseSetting("Portal:SignInAttemptsPerMinute", "3");
}

public sealed class SignInThrottleTests(PortalWithLowSignInLimit app) : IClassFixture<PortalWithLowSignInLimit>
{
    private static async Task<HttpResponseMessage> PostFromAsync(HttpClient client, string page, string clientAddress, params (string Key, string Value)[] fields)
    {
        var html = await client.GetPageAsync(page);
        var token = WebUtility.HtmlDecode(System.Text.RegularExpressions.Regex.Match(html, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value);
        var request = new HttpRequestMessage(HttpMethod.Post, page) { Content = new FormUrlEncodedContent([.. fields.Select(f => new KeyValuePair<string, string>(f.Key, f.Value)), new("__RequestVerificationToken", token)]) };
        // the test talks to the portal over loopback, the default known proxy: X-Forwarded-For names the client
        request.Headers.Add("X-Forwarded-For", clientAddress);
        return await client.SendAsync(request);
    }

    [Fact]
    public async Task Sign_in_and_forgot_password_posts_are_throttled_per_client_address()
    {
        var client = app.NewClient();
        for (var i = 0; i < 2; i++)
            Assert.Equal(HttpStatusCode.OK, (await PostFromAsync(client, "/Identity/Account/Login", "198.51.100.1", ("Input.Email", "desk@supplier.test"), ("Input.Password", "wrong-" + i))).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await PostFromAsync(client, "/Identity/Account/ForgotPassword", "198.51.100.1", ("Input.Email", "desk@supplier.test"))).StatusCode);

        var refused = await PostFromAsync(client, "/Identity/Account/Login", "198.51.100.1", ("Input.Email", "desk@supplier.test"), ("Input.Password", DemoData.Password));
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.True(refused.Headers.RetryAfter is not null, "a Retry-After header says when to try again");
        Assert.Contains("Wait a minute and try again", (await refused.Content.ReadAsStringAsync()).Text());
        var forgot = await PostFromAsync(client, "/Identity/Account/ForgotPassword", "198.51.100.1", ("Input.Email", "desk@supplier.test"));
        Assert.Equal(HttpStatusCode.TooManyRequests, forgot.StatusCode);

        // another office is not held up, and the person whose address was tried still signs in
        var other = await PostFromAsync(app.NewClient(), "/Identity/Account/Login", "198.51.100.2", ("Input.Email", "desk@supplier.test"), ("Input.Password", DemoData.Password));
        Assert.Equal(HttpStatusCode.Redirect, other.StatusCode);
        Assert.Equal("/", other.Headers.Location!.ToString());
    }
}
