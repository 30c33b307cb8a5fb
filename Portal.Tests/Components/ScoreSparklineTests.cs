using Bunit;
using Portal.Web.Components;

namespace Portal.Tests.Components;

public sealed class ScoreSparklineTests : BunitContext
{
    [Fact]
    public void The_trend_is_read_out_as_its_scores_oldest_first_and_drawn_high_for_high_scores()
    {
        var svg = Render<ScoreSparkline>(p => p.Add(x => x.Scores, [90, 40, 10]).Add(x => x.Width, 100).Add(x => x.Height, 50)).Find("svg");
        Assert.Equal("img", svg.GetAttribute("role"));
        Assert.Equal("Last 3 scores, oldest first: 90, 40, 10", svg.GetAttribute("aria-label"));
        var points = svg.QuerySelector("polyline")!.GetAttribute("points")!.Split(' ')
            .Select(p => p.Split(',').Select(v => double.Parse(v, System.Globalization.CultureInfo.InvariantCulture)).ToArray()).ToList();
        Assert.Equal(3, points.Count);
        Assert.True(points[0][1] < points[1][1] && points[1][1] < points[2][1], "a lower score is drawn lower (larger y)");
        Assert.True(points[0][0] < points[2][0], "oldest on the left");
    }

    [Fact]
    public void No_scores_say_so_in_words() =>
        Assert.Equal("No scores yet", Render<ScoreSparkline>(p => p.Add(x => x.Scores, Array.Empty<int>())).Find("span").TextContent);
}
