using Portal.Data.Ordering;

namespace Portal.Web.Pages.Ordering.Lists;

public sealed class Index(CurrentUser me, StandingLists lists) : PageModel
{
    public IReadOnlyList<StandingList> All { get; private set; } = [];
    public string AccountName => me.AccountName ?? "";

    public async Task OnGetAsync(CancellationToken ct) => All = await lists.AllAsync(me.RequiredAccountId, ct);
}
