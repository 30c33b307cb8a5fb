using Portal.Data.Relationships;

namespace Portal.Web.Pages.Relationships;

/// <summary>
/// The account manager's workspace ("My accounts"): their accounts ranked by risk, with score, silence, reasons, trend,
/// open tasks, last order and last contact. A supplier admin sees every account ("Accounts health") and can pick one
/// manager's. Desk agents have no access (health and contacts are the account managers' work); customers never.
/// </summary>
[Authorize(Roles = Roles.AccountManager + "," + Roles.SupplierAdmin)]
public sealed class Index(CurrentUser me, Workspace workspace, TimeProvider clock) : PageModel
{
    /// <summary>The manager filter's value for accounts with no account manager.</summary>
    public const string NoManager = "none";

    [BindProperty(SupportsGet = true)] public string? Q { get; set; }
    [BindProperty(SupportsGet = true)] public string? Silence { get; set; }
    [BindProperty(SupportsGet = true)] public string? Tasks { get; set; }
    [BindProperty(SupportsGet = true)] public string? Band { get; set; }
    [BindProperty(SupportsGet = true)] public string? Manager { get; set; }
    [BindProperty(SupportsGet = true, Name = "p")] public int PageNumber { get; set; } = 1;

    public Page<WorkspaceAccount> Result { get; private set; } = new([], 1, Workspace.PageSize, 0);
    public IReadOnlyList<ManagerOption> Managers { get; private set; } = [];
    public bool SeesAll => me.IsInRole(Roles.SupplierAdmin);
    public string Title => SeesAll ? "Accounts health" : "My accounts";
    public DateTimeOffset Now => clock.GetUtcNow();
    public bool Filtered => !string.IsNullOrWhiteSpace(Q) || Silence is not null || Tasks is not null || Band is not null || Manager is not null;

    public async Task OnGetAsync(CancellationToken ct)
    {
        // unknown values in the query string mean "any", never an error
        Silence = Silence is "silent" or "not-silent" ? Silence : null;
        Tasks = Tasks is "open" or "none" ? Tasks : null;
        Band = ScoreBand.All.Contains(Band ?? "") ? Band : null;
        Guid? manager = null;
        if (SeesAll && Guid.TryParse(Manager, out var m)) manager = m;
        else if (!(SeesAll && Manager == NoManager)) Manager = null;
        if (SeesAll) Managers = await workspace.ManagersAsync(ct);
        var filter = new WorkspaceFilter
        {
            Search = Q, ManagerUserId = manager, Unassigned = Manager == NoManager,
            Silent = Silence switch { "silent" => true, "not-silent" => false, _ => null },
            HasOpenTasks = Tasks switch { "open" => true, "none" => false, _ => null },
            Band = Band,
        };
        Result = await workspace.AccountsAsync(new WorkspaceViewer(me.UserId, SeesAll), filter, PageNumber, ct);
    }

    public string PageLink(int page) => QueryString.Create(new Dictionary<string, string?>
    {
        ["q"] = Q, ["silence"] = Silence, ["tasks"] = Tasks, ["band"] = Band, ["manager"] = Manager, ["p"] = page.ToString(System.Globalization.CultureInfo.InvariantCulture),
    }.Where(kv => !string.IsNullOrEmpty(kv.Value))).ToString();

    public string Ago(DateTimeOffset? utc) => utc is { } t ? (Now - t < TimeSpan.Zero ? "just now" : Show.Age(Now - t) + " ago") : "never";

    public static string BandCss(string band) => band switch
    {
        ScoreBand.AtRisk => "status-refused",
        ScoreBand.Watch => "status-waiting",
        ScoreBand.Healthy => "status-done",
        _ => "status-stopped",
    };
}
