using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.RegularExpressions;

namespace Portal.Tests.Web.Ordering;

public sealed class OrderingSettingsTests(PortalApp app) : IClassFixture<PortalApp>
{
    [Fact]
    public async Task A_csv_upload_adds_its_good_lines_and_reports_the_bad_ones()
    {
        var client = await app.SignedInAsync("buyer@contoso.test");
        await client.PostFormAsync("/cart", [], "/cart?handler=Clear");
        var page = await client.GetPageAsync("/cart");
        var token = WebUtility.HtmlDecode(Regex.Match(page, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value);
        var form = new MultipartFormDataContent
        {
            { new StringContent(token), "__RequestVerificationToken" },
        };
        var file = new ByteArrayContent(Encoding.UTF8.GetBytes("SKU,Quantity\n\"85123A\",6\n22423,1\nGHOST,2\n"));
        file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        form.Add(file, "file", "order.csv");
        var response = await client.PostAsync("/cart?handler=Upload", form);
        var text = (await response.Content.ReadAsStringAsync()).Text();
        Assert.Contains("Line 4 (GHOST 2): No product has the SKU GHOST", text);
        var cart = (await client.GetPageAsync("/cart")).Text();
        Assert.Contains("85123A", cart);
        Assert.Contains("22423", cart);
    }

    [Fact]
    public async Task Submitting_the_same_checkout_twice_at_once_creates_one_order()
    {
        var client = await app.SignedInAsync("buyer@contoso.test");
        await client.PostFormAsync("/cart", [], "/cart?handler=Clear");
        await client.PostFormAsync("/cart", [new("quick", "85123A 2")], "/cart?handler=QuickOrder");
        var date = await client.EarliestAsync();
        var key = Guid.NewGuid().ToString("N");
        var before = Regex.Matches((await client.GetPageAsync("/orders?p=1")), "href=\"/orders/SO-").Count;
        var both = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => client.PostFormAsync("/cart",
            [new("Input.RequestedDeliveryDate", date), new("Input.IdempotencyKey", key), new("Input.PoNumber", "PAR-1")], "/checkout")));
        Assert.All(both, r => Assert.Equal(HttpStatusCode.Redirect, r.StatusCode));
        Assert.Equal(both[0].Headers.Location, both[1].Headers.Location);
        Assert.Equal(before + 1, Regex.Matches(await client.GetPageAsync("/orders?p=1"), "href=\"/orders/SO-").Count);
    }

    [Fact]
    public async Task A_customer_admin_sets_an_approval_limit_and_the_supplier_sets_a_credit_limit_that_orders_then_follow()
    {
        // the Contoso admin gives their own buyer sign-in a limit of 10
        var admin = await app.SignedInAsync("buyer@contoso.test");
        var users = await admin.GetPageAsync("/account/users");
        var edit = Regex.Match(users, "href=\"(/account/users/[0-9a-f-]{36})\">Edit<span class=\"visually-hidden\"> Conor Buyer").Groups[1].Value;
        var stamp = Regex.Match(await admin.GetPageAsync(edit), "name=\"Input.ConcurrencyStamp\" value=\"([^\"]+)\"").Groups[1].Value;
        KeyValuePair<string, string>[] Form(string limit) =>
            [new("Input.Roles", "Buyer"), new("Input.Roles", "CustomerAdmin"), new("Input.ApprovalLimit", limit), new("Input.ConcurrencyStamp", stamp)];
        var bad = await admin.PostFormAsync(edit, Form("ten"));
        Assert.Contains("Enter the approval limit as an amount such as 500", (await bad.Content.ReadAsStringAsync()).Text());
        Assert.Equal(HttpStatusCode.Redirect, (await admin.PostFormAsync(edit, Form("10"))).StatusCode);
        Assert.Matches("Conor Buyer buyer@contoso.test Buyer Customer admin [^£]+ £10.00 Active", (await admin.GetPageAsync("/account/users")).Text());

        // the supplier admin requires PO numbers from Contoso
        var supplier = await app.SignedInAsync("admin@supplier.test");
        var accounts = await supplier.GetPageAsync("/desk/accounts?q=Contoso");
        var details = Regex.Match(accounts, "href=\"(/desk/accounts/[0-9a-f-]{36})\">Contoso Ltd<").Groups[1].Value;
        var saved = await supplier.PostFormAsync(details, [new("creditLimit", "1500"), new("requirePoNumber", "true")], details + "?handler=Terms");
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        // (other tests of the class may have left Contoso orders open: the figure is whatever they add up to)
        Assert.Matches(@"Credit limit: £1,500\.00 · used by open orders £[0-9,]+\.[0-9]{2} · PO number required", (await supplier.GetPageAsync(details)).Text());
        var desk = await app.SignedInAsync("desk@supplier.test");
        Assert.DoesNotContain("Save terms", await desk.GetPageAsync(details));

        await admin.PostFormAsync("/cart", [], "/cart?handler=Clear");
        await admin.PostFormAsync("/cart", [new("quick", "22423 1")], "/cart?handler=QuickOrder");
        var date = await admin.EarliestAsync();
        var noPo = await admin.PostFormAsync("/cart", [new("Input.RequestedDeliveryDate", date), new("Input.IdempotencyKey", Guid.NewGuid().ToString("N"))], "/checkout");
        Assert.Contains("Contoso Ltd requires a PO number", (await noPo.Content.ReadAsStringAsync()).Text());
        var placed = await admin.PostFormAsync("/cart", [new("Input.RequestedDeliveryDate", date), new("Input.PoNumber", "C-1"), new("Input.IdempotencyKey", Guid.NewGuid().ToString("N"))], "/checkout");
        Assert.Contains("Waiting for approval", (await admin.GetPageAsync(placed.Headers.Location!.ToString())).Text());
    }
}
