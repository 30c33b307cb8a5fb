using Microsoft.AspNetCore.Authorization;
using Portal.Data.Service;
using Portal.Web.Components.Charts;

namespace Portal.Web.Pages.Service;

/// <summary>
/// The desk dashboard (desk agents and supplier admins): open requests by queue, first-response and resolution times in
/// business hours (median and 90th percentile), breaches by week and customer satisfaction, for a period.
/// </summary>
[Authorize(Policy = Policies.OrderDesk)]
public sealed class Dashboard(DeskDashboard dashboard) : PageModel
{
    [BindProperty(SupportsGet = true)] public int Days { get; set; } = 30;
    public DashboardFigures Figures { get; private set; } = null!;

    public async Task OnGetAsync(CancellationToken ct)
    {
        if (!DeskDashboard.PeriodDays.Contains(Days)) Days = 30;
        Figures = await dashboard.LoadAsync(Days, ct);
    }

    public TimeZoneInfo Zone => TimeZoneInfo.FindSystemTimeZoneById(Figures.TimeZone);

    public static string Hours(TimeSpan? span) => span is { } s ? SlaPolicy.Duration((int)Math.Round(s.TotalMinutes)) : "–";

    public static string Share(double? share) => share is { } s ? $"{s:P0}" : "–";

    public IReadOnlyList<ChartPoint> OpenPoints => Figures.OpenByQueue.Select(q => new ChartPoint(q.QueueName, q.Total)).ToList();

    public IReadOnlyList<ChartPoint> BreachPoints => Figures.BreachesByWeek
        .Select(w => new ChartPoint(w.WeekStarting.ToString("d MMM", System.Globalization.CultureInfo.InvariantCulture), w.Total)).ToList();

    public IReadOnlyList<ChartPoint> RatingPoints => Figures.Satisfaction.Distribution
        .Select((count, i) => new ChartPoint($"{i + 1} ★", count)).ToList();

    public IReadOnlyList<ChartPoint> TimePoints =>
    [
        new("First response, median", Figures.FirstResponse.Median?.TotalHours ?? 0, Hours(Figures.FirstResponse.Median)),
        new("First response, 90%", Figures.FirstResponse.P90?.TotalHours ?? 0, Hours(Figures.FirstResponse.P90)),
        new("Resolution, median", Figures.Resolution.Median?.TotalHours ?? 0, Hours(Figures.Resolution.Median)),
        new("Resolution, 90%", Figures.Resolution.P90?.TotalHours ?? 0, Hours(Figures.Resolution.P90)),
    ];
}
