using Microsoft.AspNetCore.WebUtilities;
using Portal.Data.Reliability;

namespace Portal.Web.Pages.Reliability;

/// <summary>
/// The supplier's view of delivery reliability: every account and every SKU ranked by the same figures the customers see,
/// for a chosen period, sortable by any figure; with the figures by category and by re-promise reason. An account manager
/// who is not also on the desk or an admin sees the accounts they manage. Reads the roll-ups only.
/// </summary>
public sealed class Supplier(CurrentUser me, ReliabilityStore store, TimeProvider clock) : PageModel
{
    public const int SkusShown = 50;

    /// <summary>The periods the filter offers: their value, label, grain and how many periods back from the current one.</summary>
    public static readonly IReadOnlyList<(string Value, string Label, string Grain, int Back)> Periods =
    [
        ("4w", "Last 4 weeks", ReliabilityGrains.Week, 3),
        ("13w", "Last 13 weeks", ReliabilityGrains.Week, 12),
        ("3m", "Last 3 months", ReliabilityGrains.Month, 2),
        ("12m", "Last 12 months", ReliabilityGrains.Month, 11),
    ];

    /// <summary>The columns a ranking sorts by.</summary>
    public static readonly IReadOnlyList<(string Value, string Label)> Columns =
    [
        ("name", "Name"), ("lines", "Lines"), ("otif", "On time in full (first promise)"), ("requested", "(requested date)"), ("latest", "(latest promise)"),
        ("fill", "Fill rate"), ("late", "Late lines"), ("days", "Average days late"), ("warned", "Warned in advance"),
    ];

    [BindProperty(SupportsGet = true)] public string? Period { get; set; }
    [BindProperty(SupportsGet = true)] public string? Sort { get; set; }
    [BindProperty(SupportsGet = true)] public string? Dir { get; set; }

    public IReadOnlyList<RankedRow> Accounts { get; private set; } = [];
    public IReadOnlyList<RankedRow> Skus { get; private set; } = [];
    public int SkuCount { get; private set; }
    public IReadOnlyList<RankedRow> Categories { get; private set; } = [];
    public IReadOnlyList<RankedRow> Reasons { get; private set; } = [];
    public bool OnlyManaged { get; private set; }
    public DateOnly From { get; private set; }
    public DateOnly To { get; private set; }
    public bool Descending => Dir == "desc";

    public async Task OnGetAsync(CancellationToken ct)
    {
        var period = Periods.FirstOrDefault(p => p.Value == Period);
        if (period.Value is null) { period = Periods[1]; Period = period.Value; }
        if (!Columns.Any(c => c.Value == Sort)) { Sort = "otif"; Dir = "asc"; }
        if (Dir is not ("asc" or "desc")) Dir = "asc";

        // the supplier looks across accounts in many zones: its periods run by UTC dates
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        (From, To) = period.Grain == ReliabilityGrains.Week
            ? (LineReliability.WeekStart(today).AddDays(-7 * period.Back), LineReliability.WeekStart(today))
            : (LineReliability.MonthStart(today).AddMonths(-period.Back), LineReliability.MonthStart(today));
        OnlyManaged = me.IsInRole(Roles.AccountManager) && !me.IsInRole(Roles.SupplierAdmin) && !me.IsInRole(Roles.DeskAgent);
        Accounts = Order(await store.RankingAsync(ReliabilityDimensions.Account, period.Grain, From, To, OnlyManaged ? me.UserId : null, ct));
        // SKUs are rolled up by month only: a period of weeks ranks them over the months those weeks fall in
        var skus = Order(await store.RankingAsync(ReliabilityDimensions.Sku, ReliabilityGrains.Month, LineReliability.MonthStart(From), LineReliability.MonthStart(To), null, ct));
        SkuCount = skus.Count;
        Skus = skus.Take(SkusShown).ToList();
        Categories = Order(await store.RankingAsync(ReliabilityDimensions.Category, period.Grain, From, To, null, ct));
        Reasons = Order(await store.RankingAsync(ReliabilityDimensions.Reason, period.Grain, From, To, null, ct));
    }

    private List<RankedRow> Order(IReadOnlyList<RankedRow> rows)
    {
        Func<RankedRow, IComparable?> key = Sort switch
        {
            "name" => r => r.Label,
            "lines" => r => r.Lines,
            "requested" => r => r.OtifRequested,
            "latest" => r => r.OtifLast,
            "fill" => r => r.FillRate,
            "late" => r => r.LateLines,
            "days" => r => r.AverageDaysLate,
            "warned" => r => r.Warned,
            _ => r => r.OtifFirst,
        };
        var sorted = Descending ? rows.OrderByDescending(key).ThenBy(r => r.Label) : rows.OrderBy(key).ThenBy(r => r.Label);
        return sorted.ToList();
    }

    public string Link(string? period = null, string? sort = null, string? dir = null) =>
        QueryHelpers.AddQueryString("/desk/reliability", new Dictionary<string, string?> { ["period"] = period ?? Period, ["sort"] = sort ?? Sort, ["dir"] = dir ?? Dir });

    /// <summary>The sort link of a column: ascending first, the sorted column's link reverses it.</summary>
    public string SortLink(string column) => Link(sort: column, dir: Sort == column && !Descending ? "desc" : "asc");

    public string? AriaSort(string column) => Sort == column ? (Descending ? "descending" : "ascending") : null;

    public string PeriodLabel => Periods.First(p => p.Value == Period).Label;

    public bool SkusByMonth => Periods.First(p => p.Value == Period).Grain == ReliabilityGrains.Week;
}
