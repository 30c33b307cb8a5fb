using Bunit;
using Portal.Web.Components.Charts;

namespace Portal.Tests.Components;

public sealed class ChartTests : BunitContext
{
    private static readonly IReadOnlyList<ChartPoint> Points = [new("Deliveries", 6), new("Quality", 3), new("Finance", 0)];

    [Fact]
    public void A_bar_chart_is_an_image_named_by_its_title_and_described_with_its_figures()
    {
        var chart = Render<BarChart>(p => p.Add(x => x.Id, "open").Add(x => x.Title, "Open requests by queue")
            .Add(x => x.Description, "Per queue.").Add(x => x.Points, Points));

        var svg = chart.Find("svg");
        Assert.Equal("img", svg.GetAttribute("role"));
        Assert.Equal("open-title open-desc", svg.GetAttribute("aria-labelledby"));
        Assert.Equal("Open requests by queue", chart.Find("title#open-title").TextContent);
        Assert.Equal("Per queue. Deliveries: 6; Quality: 3; Finance: 0.", chart.Find("desc#open-desc").TextContent);
        // the tallest bar fills the plot; the others in proportion; a zero has no height
        var heights = chart.FindAll("rect").Select(r => double.Parse(r.GetAttribute("height")!, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(188, heights[0]);
        Assert.Equal(94, heights[1]);
        Assert.Equal(0, heights[2]);
    }

    [Fact]
    public void The_figures_are_also_a_table_for_screen_readers()
    {
        var chart = Render<BarChart>(p => p.Add(x => x.Id, "c").Add(x => x.Title, "Ratings").Add(x => x.Points, Points)
            .Add(x => x.LabelHeading, "Queue").Add(x => x.ValueHeading, "Open"));

        Assert.Contains("visually-hidden", chart.Find("figcaption").ClassName);
        Assert.Equal(["Queue", "Open"], chart.FindAll("thead th").Select(t => t.TextContent));
        Assert.Equal(["Deliveries6", "Quality3", "Finance0"], chart.FindAll("tbody tr").Select(t => t.TextContent.Trim()));
    }
}
