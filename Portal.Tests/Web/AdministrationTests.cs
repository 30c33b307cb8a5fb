using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.RegularExpressions;

namespace Portal.Tests.Web;

public sealed class AdministrationTests(PortalApp app) : IClassFixture<PortalApp>
{
    private static async Task<HttpResponseMessage> PreviewAsync(HttpClient admin, string kind, string csv)
    {
        var page = await admin.GetPageAsync("/desk/catalog/import");
        var token = WebUtility.HtmlDecode(Regex.Match(page, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value);
        var file = new ByteArrayContent(Encoding.UTF8.GetBytes(csv));
        file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        return await admin.PostAsync("/desk/catalog/import?handler=Preview", new MultipartFormDataContent
        {
            { new StringContent(token), "__RequestVerificationToken" }, { new StringContent(kind), "kind" }, { file, "file", "import.csv" },
        });
    }

    private static string TokenOf(string previewHtml) => Regex.Match(previewHtml, "data-token=\"([^\"]+)\"").Groups[1].Value;

    private static async Task<HttpResponseMessage> ApplyAsync(HttpClient admin, string token) =>
        await admin.PostFormAsync("/desk/catalog/import", [new("token", token)], "/desk/catalog/import?handler=Apply");

    private static async Task<HttpResponseMessage> PreviewAndApplyAsync(HttpClient admin, string kind, string csv) =>
        await ApplyAsync(admin, TokenOf(await (await PreviewAsync(admin, kind, csv)).Content.ReadAsStringAsync()));

    [Fact]
    public async Task A_product_import_with_any_bad_line_shows_every_bad_line_and_changes_nothing()
    {
        var admin = await app.SignedInAsync("admin@supplier.test");
        var csv = "Sku,Name,Description,Category,Unit,PackSize,MinQuantity,LeadTimeDays,ListPrice,Active\n" +
                  "IMP-1,Imported One,,Imports,each,1,1,2,3.50,true\n" +
                  "IMP-2,,,Imports,each,0,1,2,abc,true\n" +
                  "IMP-1,Imported Twice,,Imports,each,1,1,2,3.50,true\n";
        var preview = (await (await PreviewAsync(admin, "products", csv)).Content.ReadAsStringAsync());
        var text = preview.Text();
        Assert.Contains("Name is required", text);
        Assert.Contains("Pack size must be a whole number of at least 1", text);
        Assert.Contains("List price must be an amount such as 4.95 (was \"abc\")", text);
        Assert.Contains("SKU IMP-1 is in the file more than once", text);
        Assert.DoesNotContain("handler=Apply", preview);

        // applying the same file anyway (a crafted post) changes nothing
        var forced = await ApplyAsync(admin, TokenOf(preview));
        Assert.Contains("nothing was changed", (await forced.Content.ReadAsStringAsync()).Text());
        Assert.Contains("0 products", (await admin.GetPageAsync("/desk/catalog?q=IMP-")).Text());
    }

    [Fact]
    public async Task A_good_import_applies_and_a_reimport_updates_by_sku_and_both_export()
    {
        var admin = await app.SignedInAsync("admin@supplier.test");
        const string header = "Sku,Name,Description,Category,Unit,PackSize,MinQuantity,LeadTimeDays,ListPrice,Active\n";
        var first = await PreviewAsync(admin, "products", header + "GOOD-1,Good Widget,Shiny,Imports,each,6,12,3,2.40,true\n");
        var token = Regex.Match(await first.Content.ReadAsStringAsync(), "name=\"token\" value=\"([^\"]*)\"").Groups[1].Value;
        Assert.Equal(HttpStatusCode.Redirect, (await ApplyAsync(admin, token)).StatusCode);
        Assert.Contains("Good Widget", (await admin.GetPageAsync("/desk/catalog?q=GOOD-1")).Text());

        await PreviewAndApplyAsync(admin, "products", header + "GOOD-1,Better Widget,Shinier,Imports,each,6,12,3,2.60,true\n");
        var list = (await admin.GetPageAsync("/desk/catalog?q=GOOD-1")).Text();
        Assert.Contains("Better Widget", list);
        Assert.Contains("1 product", list);

        var prices = "Account,Sku,MinQuantity,UnitPrice,ValidFrom,ValidTo\nContoso Ltd,GOOD-1,12,2.10,2026-01-01,\nNobody,GOOD-1,1,1,2026-01-01,\n";
        var bad = (await (await PreviewAsync(admin, "prices", prices)).Content.ReadAsStringAsync()).Text();
        Assert.Contains("No customer account is called \"Nobody\"", bad);
        await PreviewAndApplyAsync(admin, "prices", prices.Replace("Nobody,GOOD-1,1,1,2026-01-01,\n", ""));

        var productsCsv = await (await admin.GetAsync("/desk/catalog?handler=ExportProducts")).Content.ReadAsStringAsync();
        Assert.Contains("GOOD-1,Better Widget,Shinier,Imports,each,6,12,3,2.60,true", productsCsv);
        var pricesCsv = await (await admin.GetAsync("/desk/catalog?handler=ExportPrices")).Content.ReadAsStringAsync();
        Assert.Contains("Contoso Ltd,GOOD-1,12,2.10,2026-01-01,", pricesCsv);

        var buyer = await app.SignedInAsync("buyer@contoso.test");
        var catalog = (await buyer.GetPageAsync("/catalog?q=GOOD-1")).Text();
        Assert.Contains("from 12: £2.10", catalog); // prices carry the currency (Show.Money)
    }

    [Fact]
    public async Task Products_are_created_edited_and_deactivated_and_buyers_stop_finding_them()
    {
        var admin = await app.SignedInAsync("admin@supplier.test");
        var bad = await admin.PostFormAsync("/desk/catalog/product", [new("Input.Sku", "NEW-9"), new("Input.Name", ""), new("Input.Category", "Bags"), new("Input.PackSize", "1"), new("Input.MinQuantity", "1"), new("Input.LeadTimeDays", "1"), new("Input.ListPrice", "x")]);
        Assert.Contains("Name is required", (await bad.Content.ReadAsStringAsync()).Text());
        var made = await admin.PostFormAsync("/desk/catalog/product", [new("Input.Sku", "new-9"), new("Input.Name", "Canvas Tote"), new("Input.Category", "Bags"), new("Input.Unit", "each"), new("Input.PackSize", "1"), new("Input.MinQuantity", "1"), new("Input.LeadTimeDays", "1"), new("Input.ListPrice", "6.00"), new("Input.Active", "true")]);
        Assert.Equal(HttpStatusCode.Redirect, made.StatusCode);
        var buyer = await app.SignedInAsync("buyer@contoso.test");
        Assert.Contains("Canvas Tote", (await buyer.GetPageAsync("/catalog?q=canvas+tote")).Text());

        await admin.PostFormAsync("/desk/catalog/product?sku=NEW-9", [new("Input.Name", "Canvas Tote"), new("Input.Category", "Bags"), new("Input.Unit", "each"), new("Input.PackSize", "1"), new("Input.MinQuantity", "1"), new("Input.LeadTimeDays", "1"), new("Input.ListPrice", "6.00"), new("Input.Active", "false")], "/desk/catalog/product?sku=NEW-9");
        Assert.Contains("Deactivated", (await admin.GetPageAsync("/desk/catalog?q=NEW-9")).Text());
        Assert.DoesNotContain("Canvas Tote", (await buyer.GetPageAsync("/catalog?q=canvas+tote")).Text());
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync("/desk/catalog/product?sku=NOPE-NOPE")).StatusCode);
    }

    [Fact]
    public async Task A_deactivated_account_cannot_sign_in_and_keeps_its_data()
    {
        var admin = await app.SignedInAsync("admin@supplier.test");
        var created = await admin.PostFormAsync("/desk/accounts/new",
            [new("Input.Name", "Closing Down Ltd"), new("Input.TimeZone", "Europe/London"), new("Input.IdleTimeoutMinutes", "15"), new("Input.AdminName", "Cleo"), new("Input.AdminEmail", "cleo@closing.test")]);
        var details = created.Headers.Location!.ToString();
        var link = await app.InvitationLinkAsync("cleo@closing.test");
        var cleo = app.NewClient();
        await cleo.PostFormAsync(link, [new("Input.Password", "Cleo-pass-2026!"), new("Input.ConfirmPassword", "Cleo-pass-2026!")]);
        Assert.Equal(HttpStatusCode.OK, (await cleo.GetAsync("/")).StatusCode);

        var edit = await admin.GetPageAsync(details + "/edit");
        var version = Regex.Match(edit, "name=\"Input.Version\" value=\"(\\d+)\"").Groups[1].Value;
        var manager = Regex.Match(edit, "<option value=\"([0-9a-f-]{36})\">Max Manager</option>").Groups[1].Value;
        var saved = await admin.PostFormAsync(details + "/edit", [new("Input.TimeZone", "Europe/Paris"), new("Input.IdleTimeoutMinutes", "20"), new("Input.AccountManagerUserId", manager), new("Input.Version", version)]);
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var page = (await admin.GetPageAsync(details)).Text();
        Assert.Contains("Deactivated", page);
        Assert.Contains("account manager Max Manager", page);
        Assert.Contains("Europe/Paris", page);
        Assert.Contains("cleo@closing.test", page);

        var again = await app.NewClient().SignInAsync("cleo@closing.test", "Cleo-pass-2026!");
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Contains("Invalid login attempt", (await again.Content.ReadAsStringAsync()).Text());
        // the session Cleo already had ends at its next security check
        app.Clock.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal(HttpStatusCode.Redirect, (await cleo.GetAsync("/")).StatusCode);
    }

    [Fact]
    public async Task A_price_list_gets_a_break_and_loses_it_and_only_supplier_admins_may_change_catalog_and_prices()
    {
        var admin = await app.SignedInAsync("admin@supplier.test");
        var accounts = await admin.GetPageAsync("/desk/accounts?q=Contoso");
        var details = Regex.Match(accounts, "href=\"(/desk/accounts/[0-9a-f-]{36})\">Contoso Ltd<").Groups[1].Value;
        var bad = await admin.PostFormAsync(details + "/prices", [new("Input.Sku", "22423"), new("Input.MinQuantity", "0"), new("Input.UnitPrice", "1"), new("Input.ValidFrom", "")], details + "/prices?handler=Add");
        var text = (await bad.Content.ReadAsStringAsync()).Text();
        Assert.Contains("Minimum quantity must be a whole number of at least 1", text);
        Assert.Contains("Valid from is required", text);
        Assert.Equal(HttpStatusCode.Redirect, (await admin.PostFormAsync(details + "/prices", [new("Input.Sku", "22423"), new("Input.MinQuantity", "50"), new("Input.UnitPrice", "7.77"), new("Input.ValidFrom", "2026-01-01")], details + "/prices?handler=Add")).StatusCode);
        var list = await admin.GetPageAsync(details + "/prices?q=22423");
        Assert.Contains("£7.77", list.Text());
        var priceId = Regex.Match(list, "priceId=([0-9a-f-]{36})[^>]*>\\s*<button[^>]*>Remove<span class=\"visually-hidden\"> 22423 from 50").Groups[1].Value;
        Assert.True(priceId.Length > 0, list[list.IndexOf("data-testid=\"price-list\"", StringComparison.Ordinal)..]);
        var removed = await admin.PostFormAsync(details + "/prices", [], details + $"/prices?handler=Remove&priceId={priceId}&q=22423");
        Assert.Equal(HttpStatusCode.Redirect, removed.StatusCode);
        Assert.DoesNotContain("7.77", await admin.GetPageAsync(removed.Headers.Location!.ToString()));

        var desk = await app.SignedInAsync("desk@supplier.test");
        foreach (var url in new[] { "/desk/catalog", "/desk/catalog/import", details + "/prices", details + "/edit" })
            Assert.NotEqual(HttpStatusCode.OK, (await desk.GetAsync(url)).StatusCode);
    }

    private static List<string> Column(string html, string testId, int column) =>
        Regex.Matches(html[html.IndexOf($"data-testid=\"{testId}\"", StringComparison.Ordinal)..], "<tr>(.*?)</tr>", RegexOptions.Singleline)
            .Select(m => Regex.Matches(m.Groups[1].Value, "<td[^>]*>(.*?)</td>", RegexOptions.Singleline))
            .Where(cells => cells.Count > column)
            .Select(cells => cells[column].Groups[1].Value.Text().Trim())
            .ToList();

    [Fact]
    public async Task The_product_list_is_paged_searched_by_sku_or_name_and_sorted_by_a_header_and_a_crafted_sort_is_ignored()
    {
        var admin = await app.SignedInAsync("admin@supplier.test");
        var first = await admin.GetPageAsync("/desk/catalog");
        Assert.Contains("<th scope=\"col\" aria-sort=\"ascending\"><a href=\"?sort=name&amp;dir=desc\"", first);
        var names = Column(first, "admin-products", 1);
        Assert.Equal(25, names.Count);
        Assert.Equal(names.Order(StringComparer.Ordinal), names);
        var pages = int.Parse(Regex.Match(first.Text(), @"Page 1 of (\d+)").Groups[1].Value);
        Assert.True(pages > 1, "the demo catalog fills more than one page");
        Assert.Contains("href=\"?sort=name&amp;p=2\"", first);
        var second = Column(await admin.GetPageAsync("/desk/catalog?sort=name&p=2"), "admin-products", 0);
        Assert.Equal(25, second.Count);
        Assert.Empty(second.Intersect(Column(first, "admin-products", 0)));

        // SKU, descending: the header says so and the rows follow, across the whole catalog
        var bySku = await admin.GetPageAsync("/desk/catalog?sort=sku&dir=desc");
        Assert.Contains("aria-sort=\"descending\"><a href=\"?sort=sku\"", bySku);
        var skus = Column(bySku, "admin-products", 0);
        Assert.Equal(skus.OrderDescending(StringComparer.Ordinal), skus);

        // by list price, as amounts (not as text: 10.00 after 9.50)
        var prices = Column(await admin.GetPageAsync("/desk/catalog?sort=price"), "admin-products", 3)
            .Select(p => decimal.Parse(p.TrimStart('£'), System.Globalization.NumberStyles.Number, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(prices.Order(), prices);

        // a search by part of a SKU or of a name, kept in the sort links
        var search = await admin.GetPageAsync("/desk/catalog?q=22423&sort=sku");
        Assert.Contains("1 product", search.Text());
        Assert.Contains("href=\"?q=22423&amp;sort=name\"", search);
        var byName = await admin.GetPageAsync("/desk/catalog?q=" + Uri.EscapeDataString(names[0][..5].ToLowerInvariant()));
        Assert.Contains(names[0], byName.Text());

        // a crafted sort value is not SQL: it is the default order, and the catalog is still there
        var crafted = await admin.GetAsync("/desk/catalog?sort=" + Uri.EscapeDataString("name; DROP TABLE Products; --") + "&dir=" + Uri.EscapeDataString("desc, (SELECT 1)"));
        Assert.Equal(HttpStatusCode.OK, crafted.StatusCode);
        var craftedHtml = await crafted.Content.ReadAsStringAsync();
        Assert.Contains("aria-sort=\"ascending\"><a href=\"?sort=name&amp;dir=desc\"", craftedHtml);
        Assert.Equal(names, Column(craftedHtml, "admin-products", 1));
        foreach (var odd in new[] { "1", "Name,Sku", "ListPrice", "p.Name" })
            Assert.Equal(names, Column(await admin.GetPageAsync("/desk/catalog?sort=" + Uri.EscapeDataString(odd)), "admin-products", 1));
    }

    [Fact]
    public async Task A_price_list_is_searched_sorted_and_paged_and_a_rejected_price_keeps_every_typed_value_at_its_field()
    {
        var admin = await app.SignedInAsync("admin@supplier.test");
        var accounts = await admin.GetPageAsync("/desk/accounts?q=Northwind");
        var prices = Regex.Match(accounts, "href=\"(/desk/accounts/[0-9a-f-]{36})\">Northwind Traders<").Groups[1].Value + "/prices";

        var list = await admin.GetPageAsync(prices);
        Assert.Contains("aria-sort=\"ascending\"><a href=\"?sort=sku&amp;dir=desc\"", list);
        var skus = Column(list, "price-list", 0);
        Assert.Equal(skus.Order(StringComparer.Ordinal), skus);
        Assert.InRange(skus.Count, 1, 25);

        var byPrice = await admin.GetPageAsync(prices + "?sort=price&dir=desc");
        Assert.Contains("aria-sort=\"descending\"", byPrice);
        var amounts = Column(byPrice, "price-list", 3).Select(p => decimal.Parse(p.TrimStart('£'), System.Globalization.NumberStyles.Number, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(amounts.OrderDescending(), amounts);

        var one = await admin.GetPageAsync(prices + "?q=" + skus[0]);
        Assert.All(Column(one, "price-list", 0), sku => Assert.Equal(skus[0], sku));
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync(prices + "?sort=" + Uri.EscapeDataString("sku desc; DELETE FROM ContractPrices") + "&p=2147483647")).StatusCode);
        Assert.Equal(skus, Column(await admin.GetPageAsync(prices + "?sort=" + Uri.EscapeDataString("sku desc; DELETE FROM ContractPrices")), "price-list", 0));

        // one bad value: the page comes back with every value as typed and the message at the bad field
        var refused = await admin.PostFormAsync(prices, [new("Input.Sku", "22423"), new("Input.MinQuantity", "24"), new("Input.UnitPrice", "4,50 each"), new("Input.ValidFrom", "2026-03-01"), new("Input.ValidTo", "2026-12-31")], prices + "?handler=Add");
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        var html = await refused.Content.ReadAsStringAsync();
        Assert.Contains("Unit price must be an amount such as 4.95 (was \"4,50 each\")", html.Text());
        Assert.DoesNotContain("UnitPrice must", html.Text());
        Assert.Matches("<input[^>]*id=\"Input_UnitPrice\"[^>]*aria-invalid=\"true\"[^>]*aria-describedby=\"Input_UnitPrice-error\"", html);
        Assert.Contains("id=\"Input_UnitPrice-error\"", html);
        foreach (var (field, value) in new[] { ("Sku", "22423"), ("MinQuantity", "24"), ("UnitPrice", "4,50 each"), ("ValidFrom", "2026-03-01"), ("ValidTo", "2026-12-31") })
            Assert.Matches($"<input[^>]*id=\"Input_{field}\"[^>]*value=\"{Regex.Escape(System.Net.WebUtility.HtmlEncode(value))}\"", html);

        // removing a price asks first
        Assert.Equal(skus.Count, Regex.Matches(list, "data-confirm=\"Remove the price of ").Count);
    }
}
