using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;
using static Portal.Tests.Browser.BrowserFixture;

namespace Portal.Tests.Browser;

/// <summary>
/// The README's screenshots of the main pages, made with the tests' own browser set-up over the demo data.
/// scripts/screenshots.sh selects this class by its trait and sets PORTAL_SCREENSHOTS_DIR to docs/screenshots; in the
/// ordinary test run it writes to a temporary folder and checks that every picture is a real PNG of the screen's size.
/// </summary>
[Trait("Category", "Screenshots")]
public sealed class ScreenshotTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    public const string FolderVariable = "PORTAL_SCREENSHOTS_DIR";

    [Fact]
    public async Task The_main_pages_are_photographed_for_the_README_at_the_terminal_and_on_a_phone()
    {
        var configured = Environment.GetEnvironmentVariable(FolderVariable);
        var folder = string.IsNullOrWhiteSpace(configured) ? Path.Combine(Path.GetTempPath(), "portal-screenshots-" + Guid.NewGuid().ToString("N")[..8]) : Path.GetFullPath(configured);
        Directory.CreateDirectory(folder);
        var shots = new List<(string File, int Width, int Height)>();

        async Task ShootAsync(IPage page, string name)
        {
            await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
            await AssertAccessibleAsync(page);
            // the caret would blink into the picture; the page is otherwise as a person sees it
            await page.EvaluateAsync("() => document.activeElement && document.activeElement.blur()");
            var file = Path.Combine(folder, name + ".png");
            await page.ScreenshotAsync(new() { Path = file, Type = ScreenshotType.Png, Animations = ScreenshotAnimations.Disabled, Caret = ScreenshotCaret.Hide });
            shots.Add((file, page.ViewportSize!.Width, page.ViewportSize.Height));
        }

        // Nadia (buyer) orders a few holders (under her limit, so the desk gets it) and fills a cart over her limit
        var buyer = await browser.NewPageAsync();
        await SignInAsync(buyer, "buyer@northwind.test");
        await buyer.GotoAsync("/cart");
        await AssertAccessibleAsync(buyer);
        await buyer.GetByLabel("Type or paste lines").FillAsync("85123A\t12\n21212\t24");
        await buyer.GetByRole(AriaRole.Button, new() { Name = "Add lines to cart" }).ClickAsync();
        await Expect(buyer.GetByTestId("cart")).ToContainTextAsync("85123A");
        await AssertAccessibleAsync(buyer);
        await buyer.GotoAsync("/checkout");
        await AssertAccessibleAsync(buyer);
        await buyer.GetByLabel("PO number").FillAsync("PO-4471");
        await buyer.GetByRole(AriaRole.Button, new() { Name = "Place order" }).ClickAsync();
        await Expect(buyer.GetByRole(AriaRole.Status)).ToContainTextAsync("was submitted");
        var submitted = (await buyer.Locator("h1").InnerTextAsync()).Split(' ')[1];
        await AssertAccessibleAsync(buyer);

        await buyer.GotoAsync("/catalog");
        await ShootAsync(buyer, "catalog");
        await buyer.GotoAsync("/cart");
        await AssertAccessibleAsync(buyer);
        await buyer.GetByLabel("Type or paste lines").FillAsync("22423\t40\n85123A\t24\n21212\t48");
        await buyer.GetByRole(AriaRole.Button, new() { Name = "Add lines to cart" }).ClickAsync();
        await Expect(buyer.GetByTestId("cart")).ToContainTextAsync("22423");
        await ShootAsync(buyer, "cart");
        await buyer.GotoAsync("/checkout");
        await buyer.GetByLabel("PO number").FillAsync("PO-4472");
        await buyer.GetByLabel("Notes for the supplier").FillAsync("Deliver to the loading bay, please.");
        await ShootAsync(buyer, "checkout");
        await buyer.GetByRole(AriaRole.Button, new() { Name = "Place order" }).ClickAsync();
        await Expect(buyer.GetByRole(AriaRole.Status)).ToContainTextAsync("is waiting for approval");
        await ShootAsync(buyer, "order");
        await buyer.GotoAsync("/");
        await ShootAsync(buyer, "home");

        // Oscar (approver) sees it in the queue
        var approver = await browser.NewPageAsync();
        await SignInAsync(approver, "approver@northwind.test");
        await approver.GotoAsync("/approvals");
        await ShootAsync(approver, "approvals");

        // Dana (desk) sees the queue and the order she confirms
        var desk = await browser.NewPageAsync();
        await SignInAsync(desk, "desk@supplier.test");
        await desk.GotoAsync("/desk/orders");
        await ShootAsync(desk, "desk-queue");
        await desk.GotoAsync($"/desk/orders/{submitted}");
        await Expect(desk.Locator("h1")).ToContainTextAsync(submitted);
        await ShootAsync(desk, "desk-order");

        // Sam (supplier admin) keeps the products
        var admin = await browser.NewPageAsync();
        await SignInAsync(admin, "admin@supplier.test");
        await admin.GotoAsync("/desk/catalog");
        await ShootAsync(admin, "products");

        // and on a phone: the catalog and the order page
        var phone = await browser.NewPageAsync(390, 844);
        await SignInAsync(phone, "buyer@northwind.test");
        await phone.GotoAsync("/catalog");
        await ShootAsync(phone, "catalog-phone");
        await phone.GotoAsync($"/orders/{submitted}");
        await Expect(phone.Locator("h1")).ToContainTextAsync(submitted);
        await ShootAsync(phone, "order-phone");

        foreach (var (file, width, height) in shots)
        {
            var bytes = await File.ReadAllBytesAsync(file);
            Assert.True(bytes.Length > 5_000, $"{file} is {bytes.Length} bytes");
            Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A], bytes[..8]);
            // the IHDR chunk: width and height, big-endian
            Assert.Equal(width, System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(16, 4)));
            Assert.Equal(height, System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(20, 4)));
        }
        Assert.Equal(11, shots.Count);
        TestContext.Current.SendDiagnosticMessage($"{shots.Count} screenshots in {folder}");
        if (string.IsNullOrWhiteSpace(configured)) Directory.Delete(folder, recursive: true);
    }
}
