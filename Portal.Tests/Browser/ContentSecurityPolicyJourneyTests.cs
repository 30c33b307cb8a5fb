using Microsoft.Playwright;

namespace Portal.Tests.Browser;

public sealed class ContentSecurityPolicyJourneyTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private static List<string> WatchViolations(IPage page)
    {
        var violations = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase)) violations.Add($"{page.Url}: {message.Text}");
        };
        return violations;
    }

    [Theory]
    [InlineData("buyer@northwind.test", new[] { "/", "/catalog", "/cart", "/orders", "/lists", "/account/sites", "/Identity/Account/Manage", "/Identity/Account/Manage/TwoFactorAuthentication", "/Identity/Account/Manage/EnableAuthenticator" })]
    [InlineData("admin@supplier.test", new[] { "/", "/desk/orders", "/desk/accounts", "/desk/catalog", "/desk/staff", "/desk/jobs", "/desk/jobs/recurring" })]
    public async Task Pages_run_under_the_content_security_policy_without_a_single_violation(string email, string[] paths)
    {
        var page = await browser.NewPageAsync();
        var violations = WatchViolations(page);
        await BrowserFixture.SignInAsync(page, email);
        foreach (var path in paths)
        {
            var response = await page.GotoAsync(path);
            Assert.True(response is { Ok: true }, $"{path}: {response?.Status}");
            Assert.False(string.IsNullOrEmpty(response!.Headers.GetValueOrDefault("content-security-policy")), $"{path} has a Content-Security-Policy");
            await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
            if (path.StartsWith("/desk/jobs", StringComparison.Ordinal))
                BrowserFixture.NotOurPage(page, "the Hangfire dashboard's own markup (its contrast and lang=\"iv\" fail axe)");
            else
                await BrowserFixture.AssertAccessibleAsync(page);
        }
        Assert.True(violations.Count == 0, string.Join("\n", violations));
    }
}
