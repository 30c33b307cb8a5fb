using System.Net;
using System.Security.Cryptography;
using System.Text.RegularExpressions;

namespace Portal.Tests.Web;

/// <summary>Identity UI's own two-factor pages, working on the Dapper-backed store (authenticator key, recovery codes).</summary>
public sealed class TwoFactorTests(PortalApp app) : IClassFixture<PortalApp>
{
    [Fact]
    public async Task A_user_sets_up_an_authenticator_app_and_then_signs_in_with_a_code_or_a_recovery_code()
    {
        var client = await app.SignedInAsync("manager@supplier.test");
        var setup = await client.GetPageAsync("/Identity/Account/Manage/EnableAuthenticator");
        var key = Regex.Match(setup, "<kbd>([^<]+)</kbd>").Groups[1].Value.Replace(" ", "").ToUpperInvariant();
        Assert.NotEmpty(key);

        var enabled = await client.PostFormAsync("/Identity/Account/Manage/EnableAuthenticator", [new("Input.Code", Totp(key))]);
        Assert.Equal(HttpStatusCode.Redirect, enabled.StatusCode);
        var codesPage = await client.GetPageAsync(enabled.Headers.Location!.ToString());
        var recoveryCodes = Regex.Matches(codesPage, @"<code class=""recovery-code"">([^<]+)</code>").Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(10, recoveryCodes.Count);

        // signing in now asks for the second factor
        var fresh = app.NewClient();
        var first = await fresh.SignInAsync("manager@supplier.test", Portal.Data.Demo.DemoData.Password);
        Assert.Contains("LoginWith2fa", first.Headers.Location!.ToString());
        var withCode = await fresh.PostFormAsync(first.Headers.Location.ToString(), [new("Input.TwoFactorCode", Totp(key)), new("Input.RememberMachine", "false")]);
        Assert.Equal(HttpStatusCode.Redirect, withCode.StatusCode);
        Assert.Contains("Welcome, Max Manager", (await fresh.GetPageAsync("/")).Text());

        // a recovery code works once
        var lostPhone = app.NewClient();
        await lostPhone.SignInAsync("manager@supplier.test", Portal.Data.Demo.DemoData.Password);
        var recovered = await lostPhone.PostFormAsync("/Identity/Account/LoginWithRecoveryCode", [new("Input.RecoveryCode", recoveryCodes[0])]);
        Assert.Equal(HttpStatusCode.Redirect, recovered.StatusCode);
        Assert.Contains("Welcome, Max Manager", (await lostPhone.GetPageAsync("/")).Text());

        var reuse = app.NewClient();
        await reuse.SignInAsync("manager@supplier.test", Portal.Data.Demo.DemoData.Password);
        var refused = await reuse.PostFormAsync("/Identity/Account/LoginWithRecoveryCode", [new("Input.RecoveryCode", recoveryCodes[0])]);
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("Invalid recovery code", (await refused.Content.ReadAsStringAsync()).Text());
    }

    [Fact]
    public async Task A_user_changes_their_password()
    {
        var client = await app.SignedInAsync("approver@northwind.test");
        var changed = await client.PostFormAsync("/Identity/Account/Manage/ChangePassword",
            [new("Input.OldPassword", Portal.Data.Demo.DemoData.Password), new("Input.NewPassword", "Changed-pass-2026!"), new("Input.ConfirmPassword", "Changed-pass-2026!")]);
        Assert.Equal(HttpStatusCode.Redirect, changed.StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await app.NewClient().SignInAsync("approver@northwind.test", Portal.Data.Demo.DemoData.Password)).StatusCode);
        await app.SignedInAsync("approver@northwind.test", "Changed-pass-2026!");
    }

    /// <summary>RFC 6238 time-based one-time password, as an authenticator app computes it.</summary>
    private static string Totp(string base32Key)
    {
        var key = Base32(base32Key);
        var step = DateTimeOffset.UtcNow.ToUnixTimeSeconds() / 30;
        var counter = BitConverter.GetBytes(step);
        if (BitConverter.IsLittleEndian) Array.Reverse(counter);
        var hash = HMACSHA1.HashData(key, counter);
        var offset = hash[^1] & 0x0f;
        var binary = ((hash[offset] & 0x7f) << 24) | (hash[offset + 1] << 16) | (hash[offset + 2] << 8) | hash[offset + 3];
        return (binary % 1_000_000).ToString("D6");
    }

    private static byte[] Base32(string text)
    {
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        var bits = string.Concat(text.TrimEnd('=').Select(c => Convert.ToString(alphabet.IndexOf(c), 2).PadLeft(5, '0')));
        return Enumerable.Range(0, bits.Length / 8).Select(i => Convert.ToByte(bits.Substring(i * 8, 8), 2)).ToArray();
    }
}
