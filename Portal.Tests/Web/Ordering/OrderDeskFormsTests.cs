using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Portal.Data.Fulfilment;
using Portal.Data.Ordering;

namespace Portal.Tests.Web.Ordering;

/// <summary>
/// The desk's forms through the web host: a form refused for one bad value comes back with every value typed and the
/// refused field marked (aria-invalid, aria-describedby naming its message); re-promise follows the chosen line and
/// changes only what was changed; shipments start from and stop at what is promised; the queue's counts.
/// </summary>
public sealed class OrderDeskFormsTests(PortalApp app) : IClassFixture<PortalApp>
{
    private OrderDesk Desk => app.Services.GetRequiredService<OrderDesk>();

    private async Task<string> PlaceAsync(string lines)
    {
        var buyer = await app.SignedInAsync("buyer@northwind.test");
        await buyer.QuickOrderAsync(lines);
        var placed = await buyer.CheckoutAsync(await buyer.EarliestAsync(), Guid.NewGuid().ToString("N"), "DESK-FORMS");
        Assert.Equal(HttpStatusCode.Redirect, placed.StatusCode);
        return placed.Number();
    }

    /// <summary>An order of 85123A × 6 and 22423 × 2, confirmed in full; returns its number and the promised date.</summary>
    private async Task<(string Number, DateOnly Promised)> ConfirmedAsync(HttpClient desk)
    {
        var number = await PlaceAsync("85123A 6\n22423 2");
        var promised = DateOnly.Parse(Field(await desk.GetPageAsync($"/desk/orders/{number}"), "promise-date-1").Value);
        var confirmed = await desk.PostFormAsync($"/desk/orders/{number}",
        [
            new("promises[0].LineNumber", "1"), new("promises[0].PromisedDate", Iso(promised)), new("promises[0].Quantity", "6"),
            new("promises[1].LineNumber", "2"), new("promises[1].PromisedDate", Iso(promised)), new("promises[1].Quantity", "2"),
        ], $"/desk/orders/{number}?handler=Confirm");
        Assert.Equal(HttpStatusCode.Redirect, confirmed.StatusCode);
        return (number, promised);
    }

    private static string Iso(DateOnly d) => d.ToString("yyyy-MM-dd");

    private sealed record Input(string Tag)
    {
        public string Value => WebUtility.HtmlDecode(Regex.Match(Tag, "\\svalue=\"([^\"]*)\"").Groups[1].Value);
        public bool Refused => Tag.Contains("aria-invalid=\"true\"");
        public string? DescribedBy => Regex.Match(Tag, "aria-describedby=\"([^\"]*)\"") is { Success: true } m ? m.Groups[1].Value : null;
    }

    /// <summary>The input (or select) with that id.</summary>
    private static Input Field(string html, string id)
    {
        var tag = Regex.Match(html, $"<(input|select)\\b[^>]*\\sid=\"{Regex.Escape(id)}\"[^>]*>");
        Assert.True(tag.Success, $"no field {id}");
        return new Input(tag.Value);
    }

    /// <summary>The field was refused: marked, pointing at its message, and the message is on the page.</summary>
    private static void AssertRefused(string html, string id, string message)
    {
        var field = Field(html, id);
        Assert.True(field.Refused, $"{id} should be marked aria-invalid: {field.Tag}");
        Assert.Equal($"{id}-error", field.DescribedBy);
        Assert.Matches($"id=\"{Regex.Escape(id)}-error\"[^>]*>[^<]*{Regex.Escape(message)}", html);
    }

    private static async Task<string> Html(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    [Fact]
    public async Task A_confirmation_refused_for_one_bad_value_keeps_every_value_typed_and_marks_that_field()
    {
        var number = await PlaceAsync("85123A 6\n22423 2");
        var desk = await app.SignedInAsync("desk@supplier.test");
        var proposed = DateOnly.Parse(Field(await desk.GetPageAsync($"/desk/orders/{number}"), "promise-date-1").Value);
        var (first, second) = (proposed.AddDays(3), proposed.AddDays(9));

        foreach (var (bad, message) in new[] { ("lots", "give the promised quantity as a whole number"), ("9", "promise between 1 and 2") })
        {
            var html = await Html(await desk.PostFormAsync($"/desk/orders/{number}",
            [
                new("promises[0].LineNumber", "1"), new("promises[0].PromisedDate", Iso(first)), new("promises[0].Quantity", "5"),
                new("promises[1].LineNumber", "2"), new("promises[1].PromisedDate", Iso(second)), new("promises[1].Quantity", bad),
            ], $"/desk/orders/{number}?handler=Confirm"));

            Assert.Equal([Iso(first), "5", Iso(second), bad], new[] { "promise-date-1", "promise-qty-1", "promise-date-2", "promise-qty-2" }.Select(id => Field(html, id).Value));
            AssertRefused(html, "promise-qty-2", message);
            Assert.False(Field(html, "promise-qty-1").Refused);
            Assert.False(Field(html, "promise-date-2").Refused);
        }
        Assert.Equal(OrderStatus.Submitted, (await Desk.GetAsync(number, TestContext.Current.CancellationToken))!.Status);
    }

    [Fact]
    public async Task Re_promise_follows_the_chosen_line_and_never_changes_a_quantity_the_agent_did_not_change()
    {
        var ct = TestContext.Current.CancellationToken;
        var desk = await app.SignedInAsync("desk@supplier.test");
        var (number, promised) = await ConfirmedAsync(desk);
        var url = $"/desk/orders/{number}";

        // choosing line 2 (without script: "Show its promise") fills in its promise
        var choose = await desk.PostFormAsync(url, [new("lineNumber", "2"), new("choose", "1")], $"{url}?handler=Repromise");
        Assert.Equal($"{url}?line=2#repromise", choose.Headers.Location!.OriginalString);
        var chosen = await desk.GetPageAsync($"{url}?line=2");
        Assert.Equal((Iso(promised), "2"), (Field(chosen, "rp-date").Value, Field(chosen, "rp-qty").Value));
        Assert.Matches("<option value=\"2\" selected=\"selected\"", chosen);

        // refused for the missing reason: everything typed comes back
        var later = promised.AddDays(5);
        var refused = await Html(await desk.PostFormAsync(url,
            [new("lineNumber", "2"), new("fromDate", Iso(promised)), new("fromQuantity", "2"), new("promisedDate", Iso(later)), new("quantity", "1"), new("reasonCode", ""), new("note", "Kiln repair")],
            $"{url}?handler=Repromise"));
        Assert.Equal((Iso(later), "1", "Kiln repair"), (Field(refused, "rp-date").Value, Field(refused, "rp-qty").Value, Field(refused, "rp-note").Value));
        AssertRefused(refused, "rp-reason", "Choose the reason for the change");
        Assert.Matches("<option value=\"2\" selected=\"selected\"", refused);

        // a form that still shows line 1's quantity (6) for line 2: the quantity was not changed, so line 2 keeps its 2
        var moved = await desk.PostFormAsync(url,
            [new("lineNumber", "2"), new("fromDate", Iso(promised)), new("fromQuantity", "6"), new("promisedDate", Iso(later)), new("quantity", "6"), new("reasonCode", "Transport")],
            $"{url}?handler=Repromise");
        Assert.Equal(HttpStatusCode.Redirect, moved.StatusCode);
        var lines = (await Desk.ProgressOfAnyAccountAsync((await Desk.GetAsync(number, ct))!.Id, ct)).Lines;
        Assert.Equal((2, later), (lines[1].Promise!.Quantity, lines[1].Promise!.PromisedDate));
        Assert.Equal((6, promised), (lines[0].Promise!.Quantity, lines[0].Promise!.PromisedDate));
    }

    [Fact]
    public async Task The_shipment_form_starts_from_what_is_promised_and_not_shipped_refuses_more_and_ships_all_promised()
    {
        var ct = TestContext.Current.CancellationToken;
        var desk = await app.SignedInAsync("desk@supplier.test");
        var (number, promised) = await ConfirmedAsync(desk);
        var url = $"/desk/orders/{number}";
        Assert.Equal(HttpStatusCode.Redirect, (await desk.PostFormAsync(url,
            [new("lineNumber", "1"), new("fromDate", Iso(promised)), new("fromQuantity", "6"), new("promisedDate", Iso(promised)), new("quantity", "4"), new("reasonCode", "SupplierStockOut")],
            $"{url}?handler=Repromise")).StatusCode);

        var page = await desk.GetPageAsync(url);
        Assert.Equal(("4", "2"), (Field(page, "ship-1").Value, Field(page, "ship-2").Value));
        Assert.Contains("max=\"4\"", Field(page, "ship-1").Tag);

        // no carrier: every typed value comes back
        var noCarrier = await Html(await desk.PostFormAsync(url,
            [new("carrier", ""), new("trackingRef", "TR-9"), new("lines[0].LineNumber", "1"), new("lines[0].Quantity", "3"), new("lines[1].LineNumber", "2"), new("lines[1].Quantity", "1")],
            $"{url}?handler=Ship"));
        AssertRefused(noCarrier, "carrier", "Name the carrier");
        Assert.Equal(("TR-9", "3", "1"), (Field(noCarrier, "tracking").Value, Field(noCarrier, "ship-1").Value, Field(noCarrier, "ship-2").Value));

        // more than promised: refused at the line, with what may go
        var over = await Html(await desk.PostFormAsync(url,
            [new("carrier", "DPD"), new("lines[0].LineNumber", "1"), new("lines[0].Quantity", "5"), new("lines[1].LineNumber", "2"), new("lines[1].Quantity", "0")],
            $"{url}?handler=Ship"));
        AssertRefused(over, "ship-1", "ship between 0 and the 4 promised and not yet shipped");
        Assert.Equal(("DPD", "5", "0"), (Field(over, "carrier").Value, Field(over, "ship-1").Value, Field(over, "ship-2").Value));

        Assert.Equal(HttpStatusCode.Redirect, (await desk.PostFormAsync(url,
            [new("carrier", "DPD"), new("lines[0].LineNumber", "1"), new("lines[0].Quantity", "3"), new("lines[1].LineNumber", "2"), new("lines[1].Quantity", "0")],
            $"{url}?handler=Ship")).StatusCode);
        page = await desk.GetPageAsync(url);
        Assert.Equal(("1", "2"), (Field(page, "ship-1").Value, Field(page, "ship-2").Value));

        // "Ship all promised" ships what is left of the promises, whatever the fields say
        Assert.Equal(HttpStatusCode.Redirect, (await desk.PostFormAsync(url,
            [new("carrier", "Royal Mail"), new("all", "promised"), new("lines[0].LineNumber", "1"), new("lines[0].Quantity", "0"), new("lines[1].LineNumber", "2"), new("lines[1].Quantity", "0")],
            $"{url}?handler=Ship")).StatusCode);
        var order = (await Desk.GetAsync(number, ct))!;
        Assert.Equal(OrderStatus.Shipped, order.Status);
        Assert.Equal([4, 2], (await Desk.ProgressOfAnyAccountAsync(order.Id, ct)).Lines.Select(l => l.Shipped));

        // a delivery refused for its date keeps the quantities typed
        var shipment = (await Desk.ProgressOfAnyAccountAsync(order.Id, ct)).Shipments[0].Id;
        var future = Iso(DateOnly.FromDateTime(app.Clock.GetUtcNow().UtcDateTime).AddDays(3));
        var refused = await Html(await desk.PostFormAsync(url, [new("deliveredDate", future), new("lines[0].LineNumber", "1"), new("lines[0].Quantity", "2")],
            $"{url}?handler=Deliver&shipmentId={shipment}"));
        AssertRefused(refused, $"delivered-{shipment}", "cannot be recorded in the future");
        Assert.Equal((future, "2"), (Field(refused, $"delivered-{shipment}").Value, Field(refused, $"recv-{shipment}-1").Value));
    }

    [Fact]
    public async Task The_queue_and_the_desk_home_show_each_work_queue_with_its_count_and_each_order_with_its_age_and_zone()
    {
        var ct = TestContext.Current.CancellationToken;
        var desk = await app.SignedInAsync("desk@supplier.test");
        var (partlyShipped, _) = await ConfirmedAsync(desk);
        Assert.Equal(HttpStatusCode.Redirect, (await desk.PostFormAsync($"/desk/orders/{partlyShipped}",
            [new("carrier", "DHL"), new("lines[0].LineNumber", "1"), new("lines[0].Quantity", "2"), new("lines[1].LineNumber", "2"), new("lines[1].Quantity", "0")],
            $"/desk/orders/{partlyShipped}?handler=Ship")).StatusCode);
        var waiting = await PlaceAsync("22423 1");
        app.Clock.Advance(TimeSpan.FromHours(3));
        desk = await app.SignedInAsync("desk@supplier.test"); // three idle hours end a session

        var counts = await Desk.CountsAsync(null, ct);
        Assert.True(counts.ToShip >= 1 && counts.AwaitingDelivery >= 1 && counts.ToConfirm >= 1);
        var queue = await desk.GetPageAsync("/desk/orders?status=ToShip");
        var home = await desk.GetPageAsync("/");
        foreach (var (shortcut, count) in new[] { ("Submitted", counts.ToConfirm), ("CreditHold", counts.CreditHold), ("ToShip", counts.ToShip), ("AwaitingDelivery", counts.AwaitingDelivery) })
        {
            Assert.Matches($"data-testid=\"shortcut-{shortcut}\">[^<]+<span[^>]*>{count}</span>", queue);
            Assert.Matches($"data-testid=\"desk-home-{shortcut}\">[^<]+<span[^>]*>{count}</span>", home);
        }
        // "to ship" lists the partially shipped order and says what is shown
        Assert.Contains($">{partlyShipped}</a>", queue);
        Assert.Contains("aria-current=\"page\" data-testid=\"shortcut-ToShip\"", queue);
        Assert.Contains("<option value=\"ToShip\" selected=\"selected\">", queue);
        Assert.Contains($">{partlyShipped}</a>", await desk.GetPageAsync("/desk/orders?status=AwaitingDelivery"));

        // every status the list can show is offered, and each row has its age and its time in the account's zone, named
        foreach (var status in OrderStatus.All.Concat(DeskQueues.Grouped)) Assert.Contains($"<option value=\"{status}\"", queue);
        var all = await desk.GetPageAsync("/desk/orders?status=Submitted");
        Assert.Matches($"data-testid=\"age-{waiting}\">3 h<", all);
        var order = (await Desk.GetAsync(waiting, ct))!;
        var zone = TimeZoneInfo.FindSystemTimeZoneById(order.AccountTimeZone);
        var placed = TimeZoneInfo.ConvertTimeFromUtc(order.CreatedUtc.UtcDateTime, zone).ToString("ddd d MMM yyyy HH:mm", System.Globalization.CultureInfo.GetCultureInfo("en-GB"));
        Assert.Contains($"{placed} {zone.Id}</time>", all);
    }
}
