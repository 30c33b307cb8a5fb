using System.Net;
using System.Text.RegularExpressions;

namespace Portal.Tests.Web.Ordering;

/// <summary>The supplier's order desk through the web host: confirm with promises, re-promise, ship in parts, a short delivery.</summary>
public sealed class OrderDeskFlowTests(PortalApp app) : IClassFixture<PortalApp>
{
    private async Task<string> PlaceAsync(string lines, string buyerEmail = "buyer@contoso.test")
    {
        var buyer = await app.SignedInAsync(buyerEmail);
        await buyer.QuickOrderAsync(lines);
        var placed = await buyer.CheckoutAsync(await buyer.EarliestAsync(), Guid.NewGuid().ToString("N"), "DESK-1");
        Assert.Equal(HttpStatusCode.Redirect, placed.StatusCode);
        return placed.Number();
    }

    [Fact]
    public async Task A_desk_agent_confirms_repromises_ships_in_parts_and_records_a_short_delivery_and_the_buyer_sees_it_all()
    {
        // Northwind: well within its credit limit whatever else this class ordered (Contoso's small limit fills up)
        var number = await PlaceAsync("85123A 6\n22423 2", "buyer@northwind.test");
        var desk = await app.SignedInAsync("desk@supplier.test");
        Assert.Contains(number, (await desk.GetPageAsync("/desk/orders?status=Submitted")).Text());

        var page = await desk.GetPageAsync($"/desk/orders/{number}");
        var proposed = Regex.Match(page, "id=\"promise-date-1\" name=\"promises\\[0\\].PromisedDate\" value=\"([0-9-]+)\"").Groups[1].Value;
        Assert.NotEmpty(proposed);
        var promised = DateOnly.Parse(proposed).AddDays(7).ToString("yyyy-MM-dd");
        var confirmed = await desk.PostFormAsync($"/desk/orders/{number}",
        [
            new("promises[0].LineNumber", "1"), new("promises[0].PromisedDate", promised), new("promises[0].Quantity", "6"),
            new("promises[1].LineNumber", "2"), new("promises[1].PromisedDate", promised), new("promises[1].Quantity", "2"),
        ], $"/desk/orders/{number}?handler=Confirm");
        Assert.True(confirmed.StatusCode == HttpStatusCode.Redirect, (await confirmed.Content.ReadAsStringAsync()).Text());

        var later = DateOnly.Parse(promised).AddDays(5).ToString("yyyy-MM-dd");
        var noReason = await desk.PostFormAsync($"/desk/orders/{number}", [new("lineNumber", "2"), new("promisedDate", later), new("quantity", "2")], $"/desk/orders/{number}?handler=Repromise");
        Assert.Contains("Choose the reason for the change", (await noReason.Content.ReadAsStringAsync()).Text());
        var repromised = await desk.PostFormAsync($"/desk/orders/{number}",
            [new("lineNumber", "2"), new("promisedDate", later), new("quantity", "2"), new("reasonCode", "SupplierStockOut"), new("note", "Kiln repair")], $"/desk/orders/{number}?handler=Repromise");
        Assert.Equal(HttpStatusCode.Redirect, repromised.StatusCode);

        var tooMany = await desk.PostFormAsync($"/desk/orders/{number}", [new("carrier", "DPD"), new("lines[0].LineNumber", "1"), new("lines[0].Quantity", "7")], $"/desk/orders/{number}?handler=Ship");
        Assert.Contains("ship between 0 and the 6 promised and not yet shipped", (await tooMany.Content.ReadAsStringAsync()).Text());
        var partial = await desk.PostFormAsync($"/desk/orders/{number}",
            [new("carrier", "DPD"), new("trackingRef", "DPD123"), new("lines[0].LineNumber", "1"), new("lines[0].Quantity", "6"), new("lines[1].LineNumber", "2"), new("lines[1].Quantity", "0")], $"/desk/orders/{number}?handler=Ship");
        Assert.Equal(HttpStatusCode.Redirect, partial.StatusCode);
        Assert.Contains("Partially shipped", (await desk.GetPageAsync($"/desk/orders/{number}")).Text());
        await desk.PostFormAsync($"/desk/orders/{number}",
            [new("carrier", "Royal Mail"), new("lines[0].LineNumber", "2"), new("lines[0].Quantity", "2")], $"/desk/orders/{number}?handler=Ship");

        var deskPage = await desk.GetPageAsync($"/desk/orders/{number}");
        var shipments = Regex.Matches(deskPage, "shipmentId=([0-9a-f-]{36})").Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(2, shipments.Count);
        var today = app.Clock.GetUtcNow().ToString("yyyy-MM-dd");
        foreach (var (shipment, received) in shipments.Zip(new[] { "4", "2" }))
        {
            var line = shipment == shipments[0] ? "1" : "2";
            var delivered = await desk.PostFormAsync($"/desk/orders/{number}", [new("deliveredDate", today), new("lines[0].LineNumber", line), new("lines[0].Quantity", received)],
                $"/desk/orders/{number}?handler=Deliver&shipmentId={shipment}");
            Assert.Equal(HttpStatusCode.Redirect, delivered.StatusCode);
        }

        var buyer = await app.SignedInAsync("buyer@northwind.test");
        var order = (await buyer.GetPageAsync($"/orders/{number}")).Text();
        Assert.Contains("Delivered", order);
        Assert.Contains($"6 by {DateOnly.Parse(promised):ddd d MMM yyyy}", order);
        Assert.Contains($"2 by {DateOnly.Parse(later):ddd d MMM yyyy}", order);
        Assert.Contains("Re-promised: Supplier stock-out, Kiln repair", order);
        Assert.Contains("with DPD, tracking DPD123", order);
        Assert.Contains("4 of 6 delivered, 2 short", order);
        Assert.Contains("short: line 1 4 of 6", order);
        var mails = await app.MailsContainingAsync($"Order {number} was confirmed", $"Order {number} has a new promised date", $"Order {number} was partly dispatched");
        Assert.Contains(mails, m => m.Contains($"Order {number} was confirmed"));
        Assert.Contains(mails, m => m.Contains($"Order {number} has a new promised date"));
        Assert.Contains(mails, m => m.Contains($"Order {number} was partly dispatched"));
    }

    [Fact]
    public async Task A_credit_hold_is_released_or_rejected_by_the_desk_and_the_buyer_is_told()
    {
        var held = await PlaceAsync("22423 150");
        var rejected = await PlaceAsync("22423 150");
        var desk = await app.SignedInAsync("desk@supplier.test");
        Assert.Contains(held, (await desk.GetPageAsync("/desk/orders?status=CreditHold")).Text());

        Assert.Equal(HttpStatusCode.Redirect, (await desk.PostFormAsync($"/desk/orders/{held}", [], $"/desk/orders/{held}?handler=Release")).StatusCode);
        var noReason = await desk.PostFormAsync($"/desk/orders/{rejected}", [new("reason", "")], $"/desk/orders/{rejected}?handler=Reject");
        Assert.Contains("Say why the order is rejected", (await noReason.Content.ReadAsStringAsync()).Text());
        await desk.PostFormAsync($"/desk/orders/{rejected}", [new("reason", "Overdue invoices")], $"/desk/orders/{rejected}?handler=Reject");

        var buyer = await app.SignedInAsync("buyer@contoso.test");
        Assert.Contains("Released from credit hold", (await buyer.GetPageAsync($"/orders/{held}")).Text());
        Assert.Contains("Overdue invoices", (await buyer.GetPageAsync($"/orders/{rejected}")).Text());
    }

    [Fact]
    public async Task Customers_and_account_managers_cannot_use_the_desk_and_unknown_orders_are_not_found()
    {
        var number = await PlaceAsync("22423 1");
        foreach (var email in new[] { "buyer@contoso.test", "admin@northwind.test", "manager@supplier.test" })
        {
            var client = await app.SignedInAsync(email);
            var response = await client.GetAsync($"/desk/orders/{number}");
            Assert.True(response.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.Forbidden, email);
        }
        var desk = await app.SignedInAsync("desk@supplier.test");
        Assert.Equal(HttpStatusCode.NotFound, (await desk.GetAsync("/desk/orders/SO-1")).StatusCode);
        var northwindBuyer = await app.SignedInAsync("buyer@northwind.test");
        Assert.Equal(HttpStatusCode.NotFound, (await northwindBuyer.GetAsync($"/orders/{number}")).StatusCode);
    }
}
