using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;
using static Portal.Tests.Browser.BrowserFixture;

namespace Portal.Tests.Browser;

/// <summary>
/// The administration journeys: the supplier admin imports products at the office terminal (1280x800) and finds them in
/// the product list; a customer admin looks after users, terms and an API key on a phone (390x844). axe-core on every page.
/// </summary>
public sealed class AdministrationJourneyTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private static ILocator Nav(IPage page, string name) =>
        page.GetByRole(AriaRole.Navigation, new() { Name = "Main" }).GetByRole(AriaRole.Link, new() { Name = name, Exact = true });

    /// <summary>The page itself never scrolls sideways (a wide table scrolls inside its own .table-responsive); names what sticks out.</summary>
    private static async Task AssertNoSidewaysScrollAsync(IPage page)
    {
        var wide = await page.EvaluateAsync<string[]>("""
            () => document.documentElement.scrollWidth <= window.innerWidth ? [] :
                [...document.querySelectorAll('body *')]
                    .filter(e => !e.closest('.table-responsive') && e.getBoundingClientRect().right > window.innerWidth + 1)
                    .slice(0, 8).map(e => e.outerHTML.slice(0, 160))
            """);
        Assert.True(wide.Length == 0, $"{page.Url} scrolls sideways; sticking out:\n{string.Join("\n", wide)}");
    }

    [Fact]
    public async Task A_supplier_admin_previews_an_import_with_counts_and_a_new_category_applies_it_and_finds_the_products_by_search_and_sort()
    {
        var admin = await browser.NewPageAsync(1280, 800);
        await SignInAsync(admin, "admin@supplier.test");
        await AssertAccessibleAsync(admin);

        await admin.GotoAsync("/desk/catalog");
        await Expect(admin.GetByRole(AriaRole.Heading, new() { Name = "Products" })).ToBeVisibleAsync();
        await AssertAccessibleAsync(admin);

        await admin.GetByRole(AriaRole.Link, new() { Name = "Import CSV" }).ClickAsync();
        await AssertAccessibleAsync(admin);
        var csv = "Sku,Name,Description,Category,Unit,PackSize,MinQuantity,LeadTimeDays,ListPrice,Active\n" +
                  "JRNY-1,Journey Tote,,Bags,each,1,1,2,3.50,true\n" +
                  "JRNY-2,Journey Gnome,,Garden Gnomes,each,1,1,2,12.00,true\n";
        await admin.GetByLabel("What the file holds").SelectOptionAsync("products");
        await admin.GetByLabel("CSV file").SetInputFilesAsync(new FilePayload { Name = "journey.csv", MimeType = "text/csv", Buffer = Encoding.UTF8.GetBytes(csv) });
        await admin.GetByRole(AriaRole.Button, new() { Name = "Preview" }).ClickAsync();
        await Expect(admin.GetByTestId("preview-counts")).ToContainTextAsync("would add 2, update 0 and leave 0 unchanged");
        await Expect(admin.GetByTestId("new-categories")).ToContainTextAsync("Garden Gnomes");
        await Expect(admin.GetByTestId("row-note")).ToContainTextAsync("Category \"Garden Gnomes\" is not in the catalog yet");
        await AssertAccessibleAsync(admin);

        await admin.GetByRole(AriaRole.Button, new() { Name = "Apply all 2 rows" }).ClickAsync();
        await Expect(admin.GetByRole(AriaRole.Status)).ToContainTextAsync("The product file was applied: 2 added, 0 updated, 0 unchanged.");
        await AssertAccessibleAsync(admin);

        await admin.GetByLabel("Search products by SKU or name").FillAsync("journey");
        await admin.GetByRole(AriaRole.Button, new() { Name = "Search" }).ClickAsync();
        var rows = admin.GetByTestId("admin-products").Locator("tbody tr");
        await Expect(rows).ToHaveCountAsync(2);
        await Expect(rows.First).ToContainTextAsync("Journey Gnome");
        await AssertAccessibleAsync(admin);

        // sort by list price, then the other way: the header says which
        var price = admin.GetByRole(AriaRole.Columnheader, new() { Name = "List price" });
        await price.GetByRole(AriaRole.Link).ClickAsync();
        await Expect(price).ToHaveAttributeAsync("aria-sort", "ascending");
        await Expect(rows.First).ToContainTextAsync("JRNY-1");
        await AssertAccessibleAsync(admin);
        await price.GetByRole(AriaRole.Link).ClickAsync();
        await Expect(price).ToHaveAttributeAsync("aria-sort", "descending");
        await Expect(rows.First).ToContainTextAsync("JRNY-2");
        await Expect(admin.GetByLabel("Search products by SKU or name")).ToHaveValueAsync("journey");
        await AssertAccessibleAsync(admin);
    }

    [Fact]
    public async Task A_customer_admin_on_a_phone_sees_limits_and_terms_saves_a_user_once_and_gets_a_key_shown_once()
    {
        var admin = await browser.NewPageAsync(390, 844);
        await SignInAsync(admin, "admin@northwind.test");
        await AssertAccessibleAsync(admin);

        await admin.GotoAsync("/account/users");
        await Expect(admin.GetByTestId("users")).ToContainTextAsync("£500.00");
        await Expect(admin.GetByTestId("account-terms")).ToContainTextAsync("Required on every order");
        await Expect(admin.GetByTestId("credit-limit")).ToHaveTextAsync("£25,000.00");
        await AssertNoSidewaysScrollAsync(admin);
        await AssertAccessibleAsync(admin);

        // one save: a bad limit comes back as typed, marked, with the other changes kept
        await admin.GetByRole(AriaRole.Link, new() { Name = "Edit Nadia Buyer" }).ClickAsync();
        await AssertAccessibleAsync(admin);
        await admin.GetByLabel("Approver").CheckAsync();
        await admin.GetByLabel(new Regex("^Approval limit")).FillAsync("six hundred");
        await admin.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        var limit = admin.GetByLabel(new Regex("^Approval limit"));
        await Expect(limit).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(limit).ToHaveValueAsync("six hundred");
        await Expect(limit).ToBeFocusedAsync();
        await Expect(admin.GetByLabel("Approver")).ToBeCheckedAsync();
        await AssertNoSidewaysScrollAsync(admin);
        await AssertAccessibleAsync(admin);
        await limit.FillAsync("600");
        await admin.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Expect(admin.GetByRole(AriaRole.Status)).ToContainTextAsync("Nadia Buyer was saved.");
        await Expect(admin.GetByTestId("users")).ToContainTextAsync("£600.00");
        await AssertAccessibleAsync(admin);

        await admin.GotoAsync("/account/settings");
        await Expect(admin.GetByTestId("credit-used")).ToBeVisibleAsync();
        await AssertNoSidewaysScrollAsync(admin);
        await AssertAccessibleAsync(admin);

        // a new key: shown once, with a copy button; a reload no longer shows it
        await admin.GotoAsync("/account/api-keys");
        await AssertAccessibleAsync(admin);
        await admin.GetByLabel("Name of the system that will use the key").FillAsync("Phone test");
        await admin.GetByRole(AriaRole.Button, new() { Name = "Create key" }).ClickAsync();
        var secret = await admin.GetByTestId("new-key-secret").InnerTextAsync();
        Assert.StartsWith("pk_", secret);
        await admin.GetByRole(AriaRole.Button, new() { Name = "Copy key" }).ClickAsync();
        await Expect(admin.Locator("#new-key-copied")).ToHaveTextAsync(new Regex("Copied|Selected"));
        await AssertNoSidewaysScrollAsync(admin);
        await AssertAccessibleAsync(admin);
        await admin.ReloadAsync();
        await Expect(admin.GetByTestId("api-keys")).ToContainTextAsync("Phone test");
        await Expect(admin.GetByTestId("new-key")).ToHaveCountAsync(0);
        Assert.DoesNotContain(secret, await admin.ContentAsync());
        await AssertAccessibleAsync(admin);

        // revoking asks first
        string? asked = null;
        admin.Dialog += async (_, dialog) => { asked = dialog.Message; await dialog.AcceptAsync(); };
        await admin.GetByRole(AriaRole.Button, new() { Name = "Revoke Phone test" }).ClickAsync();
        await Expect(admin.GetByRole(AriaRole.Status)).ToContainTextAsync("The key was revoked");
        Assert.StartsWith("Revoke the key Phone test?", asked);
        await AssertAccessibleAsync(admin);
    }
}
