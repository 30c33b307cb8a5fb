using Bunit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Portal.Data.Ordering;
using Portal.Web.Components;
using Portal.Web.Infrastructure;

namespace Portal.Tests.Components;

public sealed class OrderStatusBadgeTests : BunitContext
{
    [Theory]
    [InlineData("PendingApproval", "Waiting for approval", "status-waiting")]
    [InlineData("CreditHold", "On credit hold", "status-waiting")]
    [InlineData("Submitted", "Submitted", "status-moving")]
    [InlineData("Rejected", "Rejected", "status-refused")]
    [InlineData("Cancelled", "Cancelled", "status-stopped")]
    [InlineData("Confirmed", "Confirmed", "status-moving")]
    [InlineData("PartiallyShipped", "Partially shipped", "status-moving")]
    [InlineData("Delivered", "Delivered", "status-done")]
    [InlineData("Closed", "Closed", "status-done")]
    public void Each_status_reads_as_words_with_its_colour(string status, string text, string css) =>
        Render<OrderStatusBadge>(p => p.Add(x => x.Status, status))
            .MarkupMatches($"""<span class="badge {css}" data-status="{status}">{text}</span>""");
}

public sealed class StatusTimelineTests : BunitContext
{
    public StatusTimelineTests() => Services.AddSingleton(new Show(new ConfigurationBuilder().Build()));

    [Fact]
    public void Events_show_in_order_with_who_when_in_the_accounts_zone_and_why()
    {
        var events = new[]
        {
            new OrderEvent { AtUtc = new DateTimeOffset(2026, 11, 24, 9, 0, 0, TimeSpan.Zero), Status = "PendingApproval", UserName = "Nadia Buyer", Note = "Over your approval limit of 500.00: waits for an approver." },
            new OrderEvent { AtUtc = new DateTimeOffset(2026, 11, 24, 10, 30, 0, TimeSpan.Zero), Status = "Submitted", UserName = "Oscar Approver", Note = "Approved." },
        };
        var timeline = Render<StatusTimeline>(p => p.Add(x => x.Events, events).Add(x => x.TimeZone, TimeZoneInfo.FindSystemTimeZoneById("Europe/Helsinki")));
        var items = timeline.FindAll("li");
        Assert.Equal(2, items.Count);
        Assert.Contains("Waiting for approval", items[0].TextContent);
        Assert.Contains("Tue 24 Nov 2026 11:00 · Nadia Buyer", items[0].TextContent);
        Assert.Contains("Over your approval limit", items[0].TextContent);
        Assert.Contains("12:30 · Oscar Approver", items[1].TextContent);
        Assert.Equal("2026-11-24T10:30:00Z", timeline.FindAll("time")[1].GetAttribute("datetime"));
    }
}
