using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;
using static Portal.Tests.Browser.BrowserFixture;

namespace Portal.Tests.Browser;

/// <summary>The idle sign-out warning, with the page's clock (Playwright's Clock) and the server's clock moved together.</summary>
public sealed class IdleSignOutJourneyTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task A_minute_before_idle_sign_out_a_dialog_counts_down_offers_to_stay_and_then_goes_to_the_sign_in_page_without_a_reload()
    {
        var page = await browser.NewPageAsync();
        // the page's clock runs (axe-core needs its timers) and jumps when the test moves it with the server's clock;
        // the seconds the test itself takes are why the countdown is matched loosely
        await page.Clock.InstallAsync();
        var reloads = 0;
        page.Load += (_, _) => reloads++;
        await SignInAsync(page, "buyer@northwind.test"); // Northwind signs out after 15 idle minutes
        await page.GotoAsync("/orders");
        await AssertAccessibleAsync(page);
        var loads = reloads;
        var dialog = page.GetByRole(AriaRole.Alertdialog, new() { Name = "Are you still there?" });
        var stay = dialog.GetByRole(AriaRole.Button, new() { Name = "Stay signed in" });

        // 13 minutes: nothing yet
        await Move(TimeSpan.FromMinutes(13));
        await Expect(dialog).ToBeHiddenAsync();

        // 14 minutes: the warning takes the focus, says when, and the page behind it stays as it was
        await Move(TimeSpan.FromMinutes(1));
        await Expect(dialog).ToBeVisibleAsync();
        await Expect(stay).ToBeFocusedAsync();
        await Expect(dialog).ToHaveAccessibleDescriptionAsync(new Regex("signed out in (1 minute|[3-5][0-9] seconds)\\.$"));
        await AssertAccessibleAsync(page);

        // the countdown moves every second on screen; a screen reader hears a short line at 30 seconds, not every second
        await Expect(dialog.Locator("[data-idle-announce]")).ToBeEmptyAsync();
        await Move(TimeSpan.FromSeconds(32));
        await Expect(dialog.Locator("[data-idle-countdown]")).ToHaveTextAsync(new Regex("^[1-2][0-9] seconds$"));
        await Expect(dialog.Locator("[data-idle-announce]")).ToHaveTextAsync(new Regex("^[1-2][0-9] seconds left before you are signed out\\.$"));
        await Expect(dialog.Locator("[data-idle-announce]")).ToHaveAttributeAsync("aria-live", "assertive");

        // Stay signed in (Enter on the focused button): the server's idle time starts again, the page stays
        await page.Keyboard.PressAsync("Enter");
        await Expect(dialog).ToBeHiddenAsync();
        Assert.Equal(loads, reloads);
        await Expect(page).ToHaveURLAsync(new Regex("/orders$"));

        // 14 more minutes (29 since the page was shown): warned again; Escape also means "I am here"
        await Move(TimeSpan.FromMinutes(14));
        await Expect(dialog).ToBeVisibleAsync();
        await page.Keyboard.PressAsync("Escape");
        await Expect(dialog).ToBeHiddenAsync();

        // nobody answers the next warning: at the end of the minute the page goes to the sign-in page and says why
        await Move(TimeSpan.FromMinutes(14));
        await Expect(dialog).ToBeVisibleAsync();
        await Move(TimeSpan.FromSeconds(61));
        await Expect(page).ToHaveURLAsync(new Regex("/Identity/Account/Login\\?idle=1&returnUrl=%2Forders"));
        await Expect(page.GetByTestId("idle-signed-out")).ToContainTextAsync("signed out because the portal was not used for a while");
        await AssertAccessibleAsync(page);

        // and the server ended the session too: the orders page asks for a sign-in
        await page.GotoAsync("/orders");
        await Expect(page).ToHaveURLAsync(new Regex("/Identity/Account/Login"));
        await AssertAccessibleAsync(page);

        async Task Move(TimeSpan by)
        {
            browser.App.Clock.Advance(by);
            await page.Clock.FastForwardAsync((long)by.TotalMilliseconds);
        }
    }
}
