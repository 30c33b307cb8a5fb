namespace Portal.Web.Components.Charts;

/// <summary>One labelled value of a chart; <paramref name="Display"/> is how the value reads (defaults to the number).</summary>
public sealed record ChartPoint(string Label, double Value, string? Display = null)
{
    public string Shown => Display ?? Value.ToString("0.##", System.Globalization.CultureInfo.InvariantCulture);
}
