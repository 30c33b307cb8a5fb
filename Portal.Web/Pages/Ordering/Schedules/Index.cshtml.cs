using Microsoft.AspNetCore.Authorization;
using Portal.Data.Ordering;
using Portal.Data.Replenishment;

namespace Portal.Web.Pages.Ordering.Schedules;

/// <summary>The reorder schedules a buyer owns, or all of the account's for a customer admin; start one from a past order or a list.</summary>
[Authorize(Roles = ScheduleAccess.Roles)]
public sealed class Index(CurrentUser me, Portal.Data.Replenishment.Schedules schedules, Portal.Data.Ordering.Orders orders, StandingLists lists, TimeProvider clock) : PageModel
{
    public IReadOnlyList<ReorderSchedule> Items { get; private set; } = [];
    public IReadOnlyList<Order> RecentOrders { get; private set; } = [];
    public IReadOnlyList<StandingList> Lists { get; private set; } = [];
    public bool SeesAll { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        var viewer = me.Viewer();
        SeesAll = viewer.SeesAll;
        Items = await schedules.ListAsync(viewer, ct);
        var since = clock.GetUtcNow().AddYears(-1);
        RecentOrders = (await orders.SinceAsync(me.RequiredAccountId, since, 500, ct))
            .Where(o => me.SiteId is not { } own || o.SiteId == own).OrderByDescending(o => o.CreatedUtc).Take(20).ToList();
        Lists = await lists.AllAsync(me.RequiredAccountId, ct);
    }
}
