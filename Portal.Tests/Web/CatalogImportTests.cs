using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.RegularExpressions;

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
}
