using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Portal.Data;
using Portal.Data.Accounts;
using Portal.Tests.Web.Ordering;

namespace Portal.Tests.Web;

/// <summary>
/// A value one character longer than its limit, a control character, or an absurd quantity, posted through the real
/// pages: the answer is the form again with a message next to the field and everything else as typed — never a 500.
/// </summary>
public sealed class InputLimitsTests(PortalApp app) : IClassFixture<PortalApp>
{
    private static string Over(int limit) => new('a', limit + 1);

    private async Task<Guid> AccountIdAsync(string name)
    {
        using var scope = app.Services.CreateScope();
        return (await scope.ServiceProvider.GetRequiredService<AccountStore>().ListAccountsAsync(name, 1, 10)).Items.Single(a => a.Name == name).Id;
    }

    private static async Task<string> FormAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    // ---- cart quantities -----------------------------------------------------------------------------------------

    private static async Task<(string ProductId, string Version)> CartWithOneLineAsync(HttpClient buyer)
    {
        await buyer.QuickOrderAsync("85123A 12");
        var cart = await buyer.GetPageAsync("/cart");
        var productId = Regex.Match(cart, "name=\"lines\\[0\\]\\.ProductId\" value=\"([^\"]+)\"").Groups[1].Value;
        var version = Regex.Match(cart, "name=\"version\" value=\"(\\d+)\"").Groups[1].Value;
        Assert.NotEmpty(productId);
        return (productId, version);
    }

    [Theory]
    [InlineData("abc", "is not a whole number")]
    [InlineData("99999999999", "At most 100,000 per line")]
    [InlineData("100001", "At most 100,000 per line")]
    [InlineData("-3", "cannot be negative")]
    [InlineData("", "Enter a quantity, or 0 to remove the line")]
    public async Task A_bad_cart_quantity_keeps_the_line_and_says_what_is_wrong(string typed, string message)
    {
        var buyer = await app.SignedInAsync("buyer@contoso.test");
        var (productId, version) = await CartWithOneLineAsync(buyer);
        var html = await FormAsync(await buyer.PostFormAsync("/cart",
            [new("version", version), new("lines[0].ProductId", productId), new("lines[0].Quantity", typed)], "/cart?handler=Update"));
        var problem = Regex.Match(html, "data-testid=\"quantity-problem\">([^<]+)<");
        Assert.True(problem.Success, "the message is next to the line:\n" + html.Text());
        Assert.Contains(message, WebUtility.HtmlDecode(problem.Groups[1].Value));
        Assert.Contains($"value=\"{WebUtility.HtmlEncode(typed)}\"", html); // what was typed is kept
        // and the line is still in the cart with its quantity
        var cart = await buyer.GetPageAsync("/cart");
        Assert.Contains("name=\"lines[0].Quantity\" value=\"12\"", cart);
    }

    [Fact]
    public async Task A_quick_order_line_over_100000_units_is_refused_with_the_bound()
    {
        var buyer = await app.SignedInAsync("buyer@contoso.test");
        var text = (await (await buyer.QuickOrderAsync("85123A 100002\n22423 99999999999")).Content.ReadAsStringAsync()).Text();
        Assert.Contains("at most 100,000", text);
        Assert.Contains("\"99999999999\" is more than the 100,000 units a line can hold", text);
        Assert.Contains("Your cart for this site is empty", (await buyer.GetPageAsync("/cart")).Text());
    }

    [Fact]
    public async Task A_list_name_over_the_limit_is_refused_next_to_the_field_and_kept()
    {
        var buyer = await app.SignedInAsync("buyer@contoso.test");
        await CartWithOneLineAsync(buyer);
        var name = Over(TextLimits.StandingLists.Name);
        var html = await FormAsync(await buyer.PostFormAsync("/cart", [new("listName", name)], "/cart?handler=SaveList"));
        Assert.Contains($"The list's name can be at most {TextLimits.StandingLists.Name} characters.", html.Text());
        Assert.Contains($"value=\"{name}\"", html);
    }

    // ---- accounts, sites, invitations, API keys ------------------------------------------------------------------

    [Fact]
    public async Task A_site_field_over_its_limit_or_with_a_control_character_is_refused_and_the_rest_kept()
    {
        var admin = await app.SignedInAsync("admin@supplier.test");
        var url = $"/desk/accounts/{await AccountIdAsync("Contoso Ltd")}/sites/new";
        KeyValuePair<string, string>[] Site(string city, string country = "Ireland", string name = "Limits depot") =>
            [new("Input.Code", "LIM-1"), new("Input.Name", name), new("Input.AddressLine1", "1 Long Road"), new("Input.City", city), new("Input.PostalCode", "D01"), new("Input.Country", country)];

        var html = await FormAsync(await admin.PostFormAsync(url, Site(Over(TextLimits.Sites.City))));
        Assert.Contains($"The city can be at most {TextLimits.Sites.City} characters.", html.Text());
        Assert.Contains("value=\"1 Long Road\"", html);
        Assert.Contains("value=\"LIM-1\"", html);

        html = await FormAsync(await admin.PostFormAsync(url, Site("Dublin", Over(TextLimits.Sites.Country))));
        Assert.Contains($"The country can be at most {TextLimits.Sites.Country} characters.", html.Text());

        html = await FormAsync(await admin.PostFormAsync(url, Site("Dublin", name: "Depot\u0007 bell")));
        Assert.Contains("The site's name contains control characters", html.Text());

        // exactly at the limit is fine
        Assert.Equal(HttpStatusCode.Redirect, (await admin.PostFormAsync(url, Site(new string('c', TextLimits.Sites.City)))).StatusCode);
    }

    [Fact]
    public async Task An_account_name_over_its_limit_is_refused_and_the_admin_fields_kept()
    {
        var admin = await app.SignedInAsync("admin@supplier.test");
        var html = await FormAsync(await admin.PostFormAsync("/desk/accounts/new",
        [
            new("Input.Name", Over(TextLimits.CustomerAccounts.Name)), new("Input.TimeZone", "Europe/London"), new("Input.IdleTimeoutMinutes", "15"),
            new("Input.AdminName", "Lim Admin"), new("Input.AdminEmail", "lim.admin@limits.test"),
        ]));
        Assert.Contains($"The name can be at most {TextLimits.CustomerAccounts.Name} characters.", html.Text());
        Assert.Contains("value=\"lim.admin@limits.test\"", html);
    }

    [Fact]
    public async Task An_invitation_with_a_name_over_its_limit_or_a_control_character_is_refused()
    {
        var admin = await app.SignedInAsync("admin@northwind.test");
        var html = await FormAsync(await admin.PostFormAsync("/account/users/invite",
            [new("Input.Email", "long.name@northwind.test"), new("Input.DisplayName", Over(TextLimits.Invitations.DisplayName)), new("Input.Roles", "Buyer")]));
        Assert.Contains($"The name can be at most {TextLimits.Invitations.DisplayName} characters.", html.Text());
        Assert.Contains("value=\"long.name@northwind.test\"", html);

        html = await FormAsync(await admin.PostFormAsync("/account/users/invite",
            [new("Input.Email", "tab.name@northwind.test"), new("Input.DisplayName", "Tab\tName"), new("Input.Roles", "Buyer")]));
        Assert.Contains("The name contains control characters", html.Text());
    }

    [Fact]
    public async Task A_product_unit_or_description_over_its_limit_is_refused_next_to_the_field_and_the_rest_kept()
    {
        var admin = await app.SignedInAsync("admin@supplier.test");
        KeyValuePair<string, string>[] Product(string unit, string description) =>
        [
            new("Input.Sku", "LIM-UNIT"), new("Input.Name", "Limit Widget"), new("Input.Description", description), new("Input.Category", "Bags"),
            new("Input.Unit", unit), new("Input.PackSize", "1"), new("Input.MinQuantity", "1"), new("Input.LeadTimeDays", "1"), new("Input.ListPrice", "2.00"), new("Input.Active", "true"),
        ];
        var html = await FormAsync(await admin.PostFormAsync("/desk/catalog/product", Product(Over(TextLimits.Products.Unit), "Fine")));
        Assert.Contains($"Unit can be at most {TextLimits.Products.Unit} characters.", html.Text());
        Assert.Contains("value=\"Limit Widget\"", html);

        html = await FormAsync(await admin.PostFormAsync("/desk/catalog/product", Product("each", Over(TextLimits.Products.Description))));
        Assert.Contains("Description can be at most 2,000 characters.", html.Text());

        // a description is multi-line: line breaks are fine, a bell is not
        html = await FormAsync(await admin.PostFormAsync("/desk/catalog/product", Product("each", "Two\nlines\u0007")));
        Assert.Contains("Description contains control characters", html.Text());
        Assert.Equal(HttpStatusCode.Redirect, (await admin.PostFormAsync("/desk/catalog/product", Product("each", "Two\r\nlines\twith a tab"))).StatusCode);
    }

    [Fact]
    public async Task An_api_key_name_over_its_limit_is_refused()
    {
        var admin = await app.SignedInAsync("admin@northwind.test");
        var html = await FormAsync(await admin.PostFormAsync("/account/api-keys", [new("name", Over(TextLimits.ApiKeys.Name))], "/account/api-keys?handler=Create"));
        Assert.Contains($"at most {TextLimits.ApiKeys.Name} characters", html.Text());
        Assert.DoesNotContain("pk_", Regex.Replace(html, "placeholder=\"[^\"]*\"", ""));
    }
}
