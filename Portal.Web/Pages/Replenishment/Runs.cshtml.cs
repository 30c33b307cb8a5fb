using Portal.Data.Replenishment;

namespace Portal.Web.Pages.Replenishment;

/// <summary>
/// The supplier admins' view of the replenishment job: each stored run (newest first, paged, filterable by "had failures")
/// with how many orders it placed, skipped, missed and failed, each expandable to its problems with links to the account;
/// and when each host last ran the job. Runs that placed or failed nothing are not stored, so not listed.
/// </summary>
[Authorize(Policy = Policies.SupplierAdmin)]
public sealed class Runs(RunLog log, TimeProvider clock) : PageModel
{
    public Page<StoredRun> Items { get; private set; } = new([], 1, RunLog.PageSize, 0);
    public IReadOnlyList<RunHeartbeat> Heartbeats { get; private set; } = [];
    public bool FailedOnly { get; private set; }
    public DateTimeOffset Now { get; private set; }

    public async Task OnGetAsync(int? page, string? show, CancellationToken ct)
    {
        FailedOnly = show == "failed";
        Items = await log.RunsAsync(Math.Clamp(page ?? 1, 1, 1_000_000), FailedOnly, ct);
        Heartbeats = await log.HeartbeatsAsync(ct);
        Now = clock.GetUtcNow();
    }

    public string PageLink(int page) => $"/desk/replenishment-runs?page={page}{(FailedOnly ? "&show=failed" : "")}";
}
