using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Portal.Data.Db;

namespace Portal.Tests.Web;

public sealed class CatalogImportTests(PortalApp app) : IClassFixture<PortalApp>
{
    private const string Header = "Sku,Name,Description,Category,Unit,PackSize,MinQuantity,LeadTimeDays,ListPrice,Active\n";

    private static async Task<string> PreviewAsync(HttpClient admin, string csv)
    {
        var page = await admin.GetPageAsync("/desk/catalog/import");
        var token = WebUtility.HtmlDecode(Regex.Match(page, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value);
        var file = new ByteArrayContent(Encoding.UTF8.GetBytes(csv));
        file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        var response = await admin.PostAsync("/desk/catalog/import?handler=Preview", new MultipartFormDataContent
        {
            { new StringContent(token), "__RequestVerificationToken" }, { new StringContent("products"), "kind" }, { file, "file", "import.csv" },
        });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    [Fact]
    public async Task A_previewed_file_is_applied_by_its_token_without_sending_the_file_again()
    {
        var admin = await app.SignedInAsync("admin@supplier.test");
        var preview = await PreviewAsync(admin, Header + "TOKEN-1,Token Widget,,Imports,each,1,1,2,3.50,true\n");
        Assert.DoesNotContain("name=\"content\"", preview);
        var token = Regex.Match(preview, "name=\"token\" value=\"([^\"]+)\"").Groups[1].Value;
        Assert.True(Guid.TryParse(token, out _));

        var applied = await admin.PostFormAsync("/desk/catalog/import", [new("token", token)], "/desk/catalog/import?handler=Apply");
        Assert.Equal(HttpStatusCode.Redirect, applied.StatusCode);
        Assert.Contains("Token Widget", (await admin.GetPageAsync("/desk/catalog?q=TOKEN-1")).Text());

        // the same token again (a double click, the back button): told plainly, nothing happens twice
        var again = await admin.PostFormAsync("/desk/catalog/import", [new("token", token)], "/desk/catalog/import?handler=Apply");
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Contains("no longer kept", (await again.Content.ReadAsStringAsync()).Text());
    }

    [Fact]
    public async Task The_preview_of_a_huge_bad_file_lists_the_first_hundred_bad_rows_and_says_how_many_more()
    {
        var admin = await app.SignedInAsync("admin@supplier.test");
        var csv = new StringBuilder(Header);
        for (var i = 1; i <= 5_000; i++) csv.Append($"HUGE-{i},,,Imports,each,1,1,2,abc,true\n");

        var preview = await PreviewAsync(admin, csv.ToString());

        Assert.Equal(100, Regex.Matches(preview, "class=\"table-danger\"").Count);
        var text = preview.Text();
        Assert.Contains("Preview: 0 good row(s), 5000 bad row(s)", text);
        Assert.Contains("and 4,900 more bad row(s) not listed here", text);
        Assert.DoesNotContain("name=\"token\"", preview);
    }

    private static async Task<HttpResponseMessage> ApplyAsync(HttpClient admin, string preview) =>
        await admin.PostFormAsync("/desk/catalog/import", [new("token", Regex.Match(preview, "name=\"token\" value=\"([^\"]+)\"").Groups[1].Value)], "/desk/catalog/import?handler=Apply");

    private async Task<long> CatalogVersionAsync()
    {
        await using var c = await app.Services.GetRequiredService<ConnectionFactory>().OpenAsync();
        await using var command = c.CreateCommand();
        command.CommandText = "SELECT Value FROM Counters WHERE Name = 'catalog-version'";
        return Convert.ToInt64(await command.ExecuteScalarAsync());
    }

    [Fact]
    public async Task An_import_says_how_many_rows_it_adds_updates_and_leaves_unchanged_and_flags_categories_the_catalog_lacks()
    {
        var admin = await app.SignedInAsync("admin@supplier.test");
        var first = await PreviewAsync(admin, Header + "CNT-A,Count A,,Bags,each,1,1,2,3.50,true\nCNT-B,Count B,,Bags,each,1,1,2,4.00,true\n");
        Assert.Contains("would add 2, update 0 and leave 0 unchanged", first.Text());
        Assert.DoesNotContain("data-testid=\"new-categories\"", first);
        Assert.Equal(HttpStatusCode.Redirect, (await ApplyAsync(admin, first)).StatusCode);

        // A as it is, B with a new price, C new, D new in a category nobody made
        var second = await PreviewAsync(admin, Header +
            "CNT-A,Count A,,bags,each,1,1,2,3.5,true\n" +
            "CNT-B,Count B,,Bags,each,1,1,2,4.25,true\n" +
            "CNT-C,Count C,,Bags,each,1,1,2,1.00,true\n" +
            "CNT-D,Count D,,Garden Gnomes,each,1,1,2,9.99,true\n");
        var text = second.Text();
        Assert.Contains("Preview: 4 good row(s), 0 bad row(s)", text);
        Assert.Contains("would add 2, update 1 and leave 1 unchanged", text);
        Assert.Contains("not in the catalog yet: Garden Gnomes (1 row(s)). Applying the file creates it", text);
        Assert.Matches("<tr class=\"table-warning\" data-row=\"5\">\\s*<td>5</td><td>CNT-D</td>", second);
        Assert.Contains("Category \"Garden Gnomes\" is not in the catalog yet: applying the file creates it.", text);
        Assert.Contains("CNT-A Unchanged", text);
        Assert.Contains("CNT-B Will be updated", text);
        Assert.Contains("CNT-C Will be added", text);

        var applied = await ApplyAsync(admin, second);
        Assert.Equal(HttpStatusCode.Redirect, applied.StatusCode);
        Assert.Contains("The product file was applied: 2 added, 1 updated, 1 unchanged.", (await admin.GetPageAsync(applied.Headers.Location!.ToString())).Text());
        Assert.Contains("Garden Gnomes", (await admin.GetPageAsync("/desk/catalog?q=CNT-D")).Text());

        // a file that changes nothing writes nothing: the catalog's version (which every write moves) stays put
        var before = await CatalogVersionAsync();
        var same = await PreviewAsync(admin, Header + "CNT-A,Count A,,Bags,each,1,1,2,3.50,true\n");
        var again = await ApplyAsync(admin, same);
        Assert.Contains("0 added, 0 updated, 1 unchanged", (await admin.GetPageAsync(again.Headers.Location!.ToString())).Text());
        Assert.Equal(before, await CatalogVersionAsync());
    }

    [Fact]
    public async Task Import_errors_name_the_fields_as_people_know_them()
    {
        var admin = await app.SignedInAsync("admin@supplier.test");
        var preview = await PreviewAsync(admin, Header + "NAME-1,Named,,Bags,each,0,x,-1,1.234567,maybe\n");
        var text = preview[preview.IndexOf("data-testid=\"preview\"", StringComparison.Ordinal)..].Text();
        Assert.Contains("Pack size must be a whole number of at least 1 (was \"0\")", text);
        Assert.Contains("Minimum quantity must be a whole number of at least 1 (was \"x\")", text);
        Assert.Contains("Lead time must be a whole number of at least 0 (was \"-1\")", text);
        Assert.Contains("List price can have at most 4 decimal places", text);
        Assert.Contains("Active must be true or false", text);
        foreach (var column in new[] { "PackSize", "MinQuantity", "LeadTimeDays", "ListPrice" })
            Assert.DoesNotContain(column, text);
    }
}
