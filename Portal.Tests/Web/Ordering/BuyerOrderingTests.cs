using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Portal.Data.Catalog;
using Portal.Data.Ordering;

namespace Portal.Tests.Web.Ordering;

/// <summary>What a buyer ordering twenty times a day relies on: pack sizes, staying on the row, lists, history, checkout warnings.</summary>
public sealed class BuyerOrderingTests(PortalApp app) : IClassFixture<PortalApp>
{
    private static string Key() => Guid.NewGuid().ToString("N");

    /// <summary>The attributes of the input with the given id.</summary>
    private static string Input(string html, string id) => Regex.Match(html, $"<input[^>]*id=\"{id}\"[^>]*>", RegexOptions.Singleline).Value;

    private static string Attr(string tag, string name) => Regex.Match(tag, $"\\s{name}=\"([^\"]*)\"").Groups[1].Value;

    private async Task<Product> ProductAsync(string sku) => (await app.Services.GetRequiredService<CatalogStore>().BySkuAsync(sku))!;

    [Fact]
    public async Task A_product_sold_in_packs_is_offered_in_whole_packs_and_an_add_comes_back_to_its_row_saying_what_was_added()
    {
        var client = await app.SignedInAsync("buyer@contoso.test");
        await client.QuickOrderAsync("22423 1"); // a cart that is not empty, so the count below moves
        var candles = await ProductAsync("22969"); // packs of 12, minimum 12
        var field = $"qty-{candles.Id:N}";
        var html = await client.GetPageAsync("/catalog?q=22969");
        var input = Input(html, field);
        Assert.Equal("12", Attr(input, "min"));
        Assert.Equal("12", Attr(input, "step"));
        Assert.Equal("12", Attr(input, "value"));
        Assert.Contains($"id=\"p-{candles.Id:N}\"", html);

        // without script: the add redirects back to the same search, at the row, and the page says what was added
        var added = await client.PostFormAsync("/catalog?q=22969", [new("productId", candles.Id.ToString()), new("quantity", "24")], "/catalog?q=22969&categoryId=&sort=Name&p=1&handler=Add");
        Assert.Equal(HttpStatusCode.Redirect, added.StatusCode);
        var back = added.Headers.Location!.ToString();
        Assert.StartsWith("/catalog?q=22969&", back);
        Assert.EndsWith($"#p-{candles.Id:N}", back);
        var after = await client.GetPageAsync(back.Split('#')[0]);
        Assert.Contains("Added 24 × 22969", Regex.Match(after, "<div id=\"catalog-news\"[^>]*>(.*?)</div>", RegexOptions.Singleline).Groups[1].Value.Text());
        Assert.Contains("Cart: 2 lines", after.Text());

        // a quantity that is not whole packs is refused next to that row's field, with what was typed kept
        var refused = await client.PostFormAsync("/catalog?q=22969", [new("productId", candles.Id.ToString()), new("quantity", "13")], "/catalog?q=22969&p=1&handler=Add");
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        var page = await refused.Content.ReadAsStringAsync();
        var bad = Input(page, field);
        Assert.Equal("13", Attr(bad, "value"));
        Assert.Equal("true", Attr(bad, "aria-invalid"));
        Assert.Equal($"{field}-error", Attr(bad, "aria-describedby"));
        Assert.Contains("22969 comes in packs of 12: order 12 or 24.", Regex.Match(page, $"id=\"{field}-error\"[^>]*>([^<]*)<").Groups[1].Value);

        // with script the same add is answered in JSON: the message, the cart's count and total
        var token = Regex.Match(html, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value;
        var request = new HttpRequestMessage(HttpMethod.Post, "/catalog?q=22969&p=1&handler=Add")
        {
            Content = new FormUrlEncodedContent([new("productId", candles.Id.ToString()), new("quantity", "12"), new("__RequestVerificationToken", WebUtility.HtmlDecode(token))]),
        };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        var json = JsonDocument.Parse(await (await client.SendAsync(request)).Content.ReadAsStringAsync()).RootElement;
        Assert.True(json.GetProperty("ok").GetBoolean());
        Assert.StartsWith("Added 12 × 22969", json.GetProperty("message").GetString());
        Assert.Equal(2, json.GetProperty("cartCount").GetInt32());
        Assert.Contains("36 × 22969", (await client.GetPageAsync("/checkout")).Text());
    }

    private async Task<(HttpClient Client, string ListUrl)> ListAsync(string lines)
    {
        var client = await app.SignedInAsync("buyer@contoso.test");
        await client.QuickOrderAsync(lines);
        var name = "List " + Guid.NewGuid().ToString("N")[..6];
        Assert.Equal(HttpStatusCode.Redirect, (await client.PostFormAsync("/cart", [new("listName", name)], "/cart?handler=SaveList")).StatusCode);
        var url = Regex.Match(await client.GetPageAsync("/lists"), $"href=\"(/lists/[0-9a-f-]{{36}})\">{name}<").Groups[1].Value;
        Assert.NotEmpty(url);
        return (client, url);
    }

    [Fact]
    public async Task Adding_a_list_to_a_cart_that_holds_lines_asks_first_then_adds_or_replaces_and_says_what_happened()
    {
        var (client, list) = await ListAsync("21212 24\n84879 8\n22423 2");
        // the cart now holds 21212 and 85123A; the list has three lines, one of them (21212) also in the cart
        await client.QuickOrderAsync("21212 2\n85123A 4");

        var asked = await client.PostFormAsync(list, [], list + "?handler=AddToCart");
        Assert.Equal(HttpStatusCode.OK, asked.StatusCode);
        var question = (await asked.Content.ReadAsStringAsync()).Text();
        Assert.Contains("Your cart already holds 2 lines", question);
        Assert.Contains("Replace the cart", question);
        var cart = (await client.GetPageAsync("/cart")).Text();
        Assert.DoesNotContain("84879", cart); // nothing was added while asking

        var add = await client.PostFormAsync(list, [new("mode", "add")], list + "?handler=AddToCart");
        Assert.Equal("/cart", add.Headers.Location!.ToString());
        var added = await client.GetPageAsync("/cart");
        Assert.Contains("2 lines added, 1 quantity increased.", added.Text());
        Assert.Contains("value=\"26\"", added); // 21212: 2 + 24

        var replace = await client.PostFormAsync(list, [new("mode", "replace")], list + "?handler=AddToCart");
        Assert.Equal("/cart", replace.Headers.Location!.ToString());
        var replaced = await client.GetPageAsync("/cart");
        Assert.Contains("Cart replaced with 3 lines.", replaced.Text());
        Assert.DoesNotContain("85123A", replaced.Text());
        Assert.Contains("value=\"24\"", replaced);

        // into an empty cart it goes at once
        await client.PostFormAsync("/cart", [], "/cart?handler=Clear");
        var empty = await client.PostFormAsync(list, [], list + "?handler=AddToCart");
        Assert.Equal(HttpStatusCode.Redirect, empty.StatusCode);
        Assert.Contains("3 lines added, 0 quantities increased.", (await client.GetPageAsync("/cart")).Text());
    }

    [Fact]
    public async Task A_list_is_renamed_its_quantities_follow_the_pack_rules_lines_are_removed_and_added_by_sku()
    {
        var (client, list) = await ListAsync("21212 24\n84879 8");
        var ornaments = await ProductAsync("84879"); // packs of 4
        var cases = await ProductAsync("21212");
        var html = await client.GetPageAsync(list);
        var rows = Regex.Matches(html, "name=\"lines\\[(\\d)\\]\\.ProductId\" value=\"([0-9a-f-]+)\"").ToDictionary(m => Guid.Parse(m.Groups[2].Value), m => m.Groups[1].Value);
        Assert.Equal("4", Attr(Input(html, $"line-{rows[ornaments.Id]}"), "step"));

        // one bad quantity: nothing is saved, every typed value comes back, the bad one is marked
        var newName = "Renamed " + Guid.NewGuid().ToString("N")[..6];
        var fields = new List<KeyValuePair<string, string>>
        {
            new("name", newName),
            new($"lines[{rows[cases.Id]}].ProductId", cases.Id.ToString()), new($"lines[{rows[cases.Id]}].Quantity", "48"),
            new($"lines[{rows[ornaments.Id]}].ProductId", ornaments.Id.ToString()), new($"lines[{rows[ornaments.Id]}].Quantity", "10"),
        };
        var refused = await client.PostFormAsync(list, fields, list + "?handler=Save");
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        var page = await refused.Content.ReadAsStringAsync();
        Assert.Contains("84879 comes in packs of 4: order 8 or 12.", page.Text());
        Assert.Equal("true", Attr(Input(page, $"line-{rows[ornaments.Id]}"), "aria-invalid"));
        Assert.Equal("10", Attr(Input(page, $"line-{rows[ornaments.Id]}"), "value"));
        Assert.Equal("48", Attr(Input(page, $"line-{rows[cases.Id]}"), "value"));
        Assert.Equal(newName, Attr(Input(page, "name"), "value"));
        Assert.DoesNotContain(newName, (await client.GetPageAsync("/lists")).Text());

        fields[^1] = new($"lines[{rows[ornaments.Id]}].Quantity", "12");
        Assert.Equal(HttpStatusCode.Redirect, (await client.PostFormAsync(list, fields, list + "?handler=Save")).StatusCode);
        var saved = await client.GetPageAsync(list);
        Assert.Contains(newName, saved.Text());
        Assert.Equal("48", Attr(Input(saved, $"line-{rows[cases.Id]}"), "value"));
        Assert.Equal("12", Attr(Input(saved, $"line-{rows[ornaments.Id]}"), "value"));

        // a line comes off; one is added by SKU, in whole packs only
        Assert.Equal(HttpStatusCode.Redirect, (await client.PostFormAsync(list, [], $"{list}?handler=RemoveLine&productId={cases.Id}")).StatusCode);
        var badAdd = await client.PostFormAsync(list, [new("sku", "22969"), new("quantity", "5")], list + "?handler=AddLine");
        var badPage = await badAdd.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, badAdd.StatusCode);
        Assert.Contains("the minimum order is 12", badPage.Text());
        Assert.Equal("22969", Attr(Input(badPage, "sku"), "value"));
        Assert.Equal("true", Attr(Input(badPage, "quantity"), "aria-invalid"));
        Assert.Contains("No product has the SKU NOPE-9", (await (await client.PostFormAsync(list, [new("sku", "NOPE-9"), new("quantity", "1")], list + "?handler=AddLine")).Content.ReadAsStringAsync()).Text());
        Assert.Equal(HttpStatusCode.Redirect, (await client.PostFormAsync(list, [new("sku", "22969"), new("quantity", "24")], list + "?handler=AddLine")).StatusCode);
        var final = (await client.GetPageAsync(list)).Text();
        Assert.DoesNotContain("21212", final);
        Assert.Contains("22969", final);
        Assert.Contains("84879", final);

        // deleting asks first (site.js reads data-confirm)
        var delete = Regex.Match(await client.GetPageAsync(list), "<form[^>]*handler=Delete[^>]*>").Value;
        Assert.StartsWith("Delete the standing list", System.Net.WebUtility.HtmlDecode(Attr(delete, "data-confirm")));
    }

    [Fact]
    public async Task The_history_filter_open_shows_orders_not_yet_delivered_or_ended_says_what_is_selected_and_each_row_orders_again()
    {
        var client = await app.SignedInAsync("buyer@contoso.test");
        var po = "OPEN-" + Guid.NewGuid().ToString("N")[..6];
        await client.QuickOrderAsync("85123A 4");
        var open = (await client.CheckoutAsync(await client.EarliestAsync(), Key(), po)).Number();
        await client.QuickOrderAsync("85123A 4");
        var cancelled = (await client.CheckoutAsync(await client.EarliestAsync(), Key(), po)).Number();
        await client.PostFormAsync($"/orders/{cancelled}", [], $"/orders/{cancelled}?handler=Cancel");

        var html = await client.GetPageAsync($"/orders?status=Open&po={po}");
        var rows = Regex.Match(html, "data-testid=\"orders\">(.*?)</table>", RegexOptions.Singleline).Groups[1].Value;
        Assert.Contains(open, rows);
        Assert.DoesNotContain(cancelled, rows);
        Assert.Matches("<option value=\"Open\" selected=\"selected\">", html);
        Assert.Contains("Showing: open orders", html.Text());
        Assert.Contains(cancelled, await client.GetPageAsync($"/orders?po={po}"));

        // "Order again" on the row: the lines go into the cart and the cart is shown
        await client.PostFormAsync("/cart", [], "/cart?handler=Clear");
        var again = await client.PostFormAsync("/orders", [new("number", open)], "/orders?handler=OrderAgain");
        Assert.Equal("/cart", again.Headers.Location!.ToString());
        var cart = await client.GetPageAsync("/cart");
        Assert.Contains($"The lines of {open} are in your cart", cart.Text());
        Assert.Contains("85123A", cart.Text());
        Assert.Equal(HttpStatusCode.NotFound, (await client.PostFormAsync("/orders", [new("number", "SO-NOPE")], "/orders?handler=OrderAgain")).StatusCode);
    }

    [Fact]
    public async Task Checkout_marks_required_fields_before_any_error_and_warns_when_the_order_will_go_on_credit_hold()
    {
        // Northwind requires a PO number; a small order is within its credit limit of 25,000
        var nadia = await app.SignedInAsync("buyer@northwind.test");
        await nadia.QuickOrderAsync("22423 1");
        var form = await nadia.GetPageAsync("/checkout");
        Assert.Contains("PO number (required)", form.Text());
        Assert.Contains("Requested delivery date (required)", form.Text());
        Assert.Equal("true", Attr(Input(form, "Input_PoNumber"), "aria-required"));
        Assert.Matches("\\srequired(=\"[^\"]*\")?[\\s/>]", Input(form, "Input_PoNumber"));
        Assert.Equal("true", Attr(Input(form, "Input_RequestedDeliveryDate"), "aria-required"));
        Assert.DoesNotContain("data-testid=\"credit-warning\"", form);

        // Contoso's credit limit is 1,500: a cart over it is warned about before it is placed, and then goes on hold
        var conor = await app.SignedInAsync("buyer@contoso.test");
        await conor.QuickOrderAsync("22423 150");
        var warned = await conor.GetPageAsync("/checkout");
        Assert.Contains("PO number (optional)", warned.Text());
        Assert.DoesNotContain("aria-required", Input(warned, "Input_PoNumber"));
        Assert.DoesNotMatch("\\srequired(=\"[^\"]*\")?[\\s/>]", Input(warned, "Input_PoNumber"));
        var warning = Regex.Match(warned, "data-testid=\"credit-warning\">(.*?)</div>", RegexOptions.Singleline).Groups[1].Value.Text();
        Assert.Contains("This order will go on credit hold", warning);
        Assert.Contains("over the credit limit of £1,500.00", warning);
        var placed = await conor.CheckoutAsync(await conor.EarliestAsync(), Key());
        Assert.Contains("On credit hold", (await conor.GetPageAsync(placed.Headers.Location!.ToString())).Text());
        await conor.PostFormAsync(placed.Headers.Location.ToString(), [], placed.Headers.Location + "?handler=Cancel");
    }

    [Fact]
    public async Task The_home_page_lists_recent_orders_to_order_again_and_the_cart_empties_only_after_asking()
    {
        var client = await app.SignedInAsync("buyer@contoso.test");
        await client.QuickOrderAsync("84879 8");
        var number = (await client.CheckoutAsync(await client.EarliestAsync(), Key())).Number();
        var home = await client.GetPageAsync("/");
        var recent = Regex.Match(home, "data-testid=\"recent-orders\"(.*?)</section>", RegexOptions.Singleline).Groups[1].Value;
        Assert.Contains(number, recent);
        Assert.Contains("/orders?handler=OrderAgain", recent);
        Assert.Contains("Order again", recent.Text());

        var again = await client.PostFormAsync("/", [new("number", number)], "/orders?handler=OrderAgain");
        Assert.Equal("/cart", again.Headers.Location!.ToString());
        var cart = await client.GetPageAsync("/cart");
        Assert.Contains("84879", cart.Text());
        Assert.Matches("<form[^>]*id=\"clear-cart\"[^>]*data-confirm=\"Empty the cart\\?", cart);
        Assert.Matches("<button[^>]*form=\"clear-cart\"[^>]*>Empty the cart<", cart);
        Assert.StartsWith("£", Regex.Match(cart, "data-testid=\"cart-total\">([^<]+)<").Groups[1].Value.Text());
    }
}
