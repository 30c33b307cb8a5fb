using Bunit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Portal.Data.Fulfilment;
using Portal.Data.Ordering;
using Portal.Web.Components;
using Portal.Web.Infrastructure;

namespace Portal.Tests.Components;

/// <summary>The promise table of the customer's (and the desk's) order page: product names, quantities never promised and short deliveries in words, tracking links.</summary>
public sealed class FulfilmentViewTests : BunitContext
{
    private static readonly TimeZoneInfo Helsinki = TimeZoneInfo.FindSystemTimeZoneById("Europe/Helsinki");

    public FulfilmentViewTests() => Services.AddSingleton(new Show(new ConfigurationBuilder().Build()));

    private static OrderLine Line(int number, string sku, string name, int quantity) =>
        new() { LineNumber = number, Sku = sku, Name = name, Quantity = quantity, Unit = "each" };

    private static PromiseEntry Promise(int line, int quantity, DateOnly date) =>
        new() { LineNumber = line, Quantity = quantity, PromisedDate = date, Kind = "Confirmed" };

    private static ShipmentView Shipment(string carrier, string? tracking, DateOnly? delivered, Dictionary<int, int> sent, Dictionary<int, int>? arrived = null) => new()
    {
        Id = Guid.NewGuid(), Carrier = carrier, TrackingRef = tracking, ShippedUtc = new DateTimeOffset(2026, 11, 24, 22, 30, 0, TimeSpan.Zero),
        DeliveredDate = delivered, Lines = sent, Delivered = arrived ?? new Dictionary<int, int>(),
    };

    private IRenderedComponent<FulfilmentView> RenderView(OrderProgress progress, string? status = null) =>
        Render<FulfilmentView>(p => p.Add(x => x.Progress, progress).Add(x => x.TimeZone, Helsinki).Add(x => x.OrderStatus, status));

    [Fact]
    public void The_promise_table_names_the_products_and_says_what_is_not_promised_yet()
    {
        var date = new DateOnly(2026, 12, 3);
        var promised = Line(1, "85123A", "White Hanging Heart T-Light Holder", 8);
        var unconfirmed = Line(2, "22423", "Regency Cakestand 3 Tier", 3);
        var progress = new OrderProgress(
            [new LineProgress(promised, Promise(1, 6, date), [Promise(1, 6, date)], 0, 0), new LineProgress(unconfirmed, null, [], 0, 0)], []);

        var view = RenderView(progress, OrderStatus.Confirmed);

        Assert.Contains("White Hanging Heart T-Light Holder", view.Find("[data-testid=progress-1]").TextContent);
        Assert.Contains("Regency Cakestand 3 Tier", view.Find("[data-testid=progress-2]").TextContent);
        Assert.Equal("6 by Thu 3 Dec 2026", view.Find("[data-testid=promise-1]").TextContent);
        Assert.Equal("2 not promised yet: the supplier has not confirmed them", view.Find("[data-testid=unpromised-1]").TextContent);
        Assert.Equal("3 not promised yet: the supplier has not confirmed them", view.Find("[data-testid=unpromised-2]").TextContent);
    }

    [Fact]
    public void Once_the_order_is_finished_what_was_never_promised_will_not_be_supplied()
    {
        var date = new DateOnly(2026, 12, 3);
        var line = Line(1, "85123A", "White Hanging Heart T-Light Holder", 8);
        var shipment = Shipment("DPD", null, date, new() { [1] = 6 }, new() { [1] = 6 });
        var view = RenderView(new OrderProgress([new LineProgress(line, Promise(1, 6, date), [Promise(1, 6, date)], 6, 6)], [shipment]), OrderStatus.Delivered);

        Assert.Equal("2 will not be supplied", view.Find("[data-testid=unpromised-1]").TextContent);
        Assert.Empty(view.FindAll("[data-testid=short-1]"));
    }

    [Fact]
    public void A_fully_promised_line_says_nothing_about_unpromised_quantities()
    {
        var date = new DateOnly(2026, 12, 3);
        var view = RenderView(new OrderProgress([new LineProgress(Line(1, "85123A", "Heart", 8), Promise(1, 8, date), [Promise(1, 8, date)], 0, 0)], []), OrderStatus.Confirmed);
        Assert.Empty(view.FindAll("[data-testid=unpromised-1]"));
        Assert.DoesNotContain("not promised", view.Markup);
    }

    [Fact]
    public void A_short_delivery_reads_as_how_many_of_how_many_arrived_and_how_many_are_short()
    {
        var date = new DateOnly(2026, 12, 3);
        var line = Line(1, "85123A", "White Hanging Heart T-Light Holder", 8);
        var shipment = Shipment("DPD", "DPD-778", date, new() { [1] = 8 }, new() { [1] = 7 });
        var view = RenderView(new OrderProgress([new LineProgress(line, Promise(1, 8, date), [Promise(1, 8, date)], 8, 7)], [shipment]), OrderStatus.Delivered);

        Assert.Equal("7 of 8 delivered, 1 short", view.Find("[data-testid=short-1]").TextContent);
        Assert.Contains("line 1 (White Hanging Heart T-Light Holder): 7 of 8 delivered, 1 short", view.Find("[data-testid=shipments]").TextContent);
        // shipped late in the evening UTC: the next day in Helsinki
        Assert.Contains("Shipped Wed 25 Nov 2026 00:30 with DPD", view.Find("[data-testid=shipments]").TextContent);
    }

    [Theory]
    [InlineData("DPD", "DPD-778", "https://track.dpd.co.uk/parcels/DPD-778")]
    [InlineData("royal mail", "AB 123/4", "https://www.royalmail.com/track-your-item#/tracking-results/AB%20123%2F4")]
    [InlineData("Hermes", "H1", "https://www.evri.com/track/parcel/H1")]
    public void A_tracking_reference_of_a_known_carrier_links_to_its_tracking_page(string carrier, string tracking, string url)
    {
        var view = RenderView(new OrderProgress([new LineProgress(Line(1, "85123A", "Heart", 2), null, [], 2, 0)], [Shipment(carrier, tracking, null, new() { [1] = 2 })]));
        var link = view.Find("a[data-testid=tracking]");
        Assert.Equal(url, link.GetAttribute("href"));
        Assert.Equal("noopener noreferrer", link.GetAttribute("rel"));
        Assert.StartsWith(tracking, link.TextContent);
        Assert.Contains("on its way", view.Find("[data-testid=shipments]").TextContent);
    }

    [Fact]
    public void A_tracking_reference_of_an_unknown_carrier_is_plain_text()
    {
        var view = RenderView(new OrderProgress([new LineProgress(Line(1, "85123A", "Heart", 2), null, [], 2, 0)], [Shipment("Bob's Vans", "BV-1", null, new() { [1] = 2 })]));
        Assert.Empty(view.FindAll("a"));
        Assert.Equal("BV-1", view.Find("[data-testid=tracking]").TextContent);
        Assert.Contains("with Bob's Vans, tracking BV-1:", view.Find("[data-testid=shipments]").TextContent);
    }
}
