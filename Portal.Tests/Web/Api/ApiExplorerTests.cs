using Microsoft.Playwright;
using Portal.Tests.Browser;
using static Microsoft.Playwright.Assertions;

namespace Portal.Tests.Web.Api;

/// <summary>The API explorer at /api/docs, in the real browser, under its own Content-Security-Policy (no inline script).</summary>
public sealed class ApiExplorerTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task The_explorer_shows_every_operation_of_the_document_without_signing_in_and_without_csp_violations()
    {
        var page = await browser.NewPageAsync();
        var errors = new List<string>();
        page.Console += (_, message) => { if (message.Type == "error") errors.Add(message.Text); };
        page.PageError += (_, error) => errors.Add(error);

        var response = await page.GotoAsync("/api/docs", new() { WaitUntil = WaitUntilState.DOMContentLoaded, Timeout = 60_000 });
        Assert.NotNull(response);
        Assert.Equal(200, response.Status);
        Assert.Contains("script-src 'self'", (await response.AllHeadersAsync())["content-security-policy"]);
        Assert.DoesNotContain("'unsafe-inline'", (await response.AllHeadersAsync())["content-security-policy"].Split(';').Single(d => d.Trim().StartsWith("script-src")));

        // Scalar's script is large (about 5 MB, served from the package); give it time on a busy machine
        await Expect(page.GetByText("Customer portal API").First).ToBeVisibleAsync(new() { Timeout = 60_000 });
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Place an order" }).First).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Open Group - Supplier" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Record the delivery of one shipment" }).First).ToBeVisibleAsync();
        await Expect(page.GetByText("X-Api-Key").First).ToBeAttachedAsync();
        Assert.DoesNotContain(page.Url, "Login");
        Portal.Tests.Browser.BrowserFixture.NotOurPage(page, "Scalar's API explorer, not the portal's markup");
        Assert.True(errors.Count == 0, "the browser reported:\n" + string.Join("\n", errors));
    }
}
