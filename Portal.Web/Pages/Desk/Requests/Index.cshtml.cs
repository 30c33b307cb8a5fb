using Portal.Data.Service;

namespace Portal.Web.Pages.Desk.Requests;

/// <summary>
/// The service desk's requests: queues with their open counts, "all open", "mine" and "unassigned" views, filters
/// (queue, status, priority, account, assignee, breaching soon, breached) and sorting by time left (the stored due
/// instants). Account managers read their accounts' requests only.
/// </summary>
public sealed class Index(CurrentUser me, Tickets tickets, TimeProvider clock) : PageModel
{
    public Page<TicketListItem> Result { get; private set; } = new([], 1, 50, 0);
    public IReadOnlyList<TicketQueue> Queues { get; private set; } = [];
    public IReadOnlyDictionary<Guid, int> QueueCounts { get; private set; } = new Dictionary<Guid, int>();
    public DeskViewCounts Views { get; private set; } = new();
    public IReadOnlyList<DeskPerson> Staff { get; private set; } = [];
    public IReadOnlyList<AccountName> Accounts { get; private set; } = [];
    public DateTimeOffset Now { get; private set; }
    public bool IsDesk => me.TicketViewer().IsDesk;

    [BindProperty(SupportsGet = true, Name = "view")] public string? View { get; set; }
    [BindProperty(SupportsGet = true, Name = "queue")] public Guid? Queue { get; set; }
    [BindProperty(SupportsGet = true, Name = "status")] public string? Status { get; set; }
    [BindProperty(SupportsGet = true, Name = "priority")] public string? Priority { get; set; }
    [BindProperty(SupportsGet = true, Name = "account")] public Guid? Account { get; set; }
    [BindProperty(SupportsGet = true, Name = "assignee")] public Guid? Assignee { get; set; }
    [BindProperty(SupportsGet = true, Name = "soon")] public bool Soon { get; set; }
    [BindProperty(SupportsGet = true, Name = "breached")] public bool Breached { get; set; }
    [BindProperty(SupportsGet = true, Name = "sort")] public string? Sort { get; set; }
    [BindProperty(SupportsGet = true, Name = "p")] public int PageNumber { get; set; } = 1;

    public async Task OnGetAsync(CancellationToken ct)
    {
        var viewer = me.TicketViewer();
        View = View is "mine" or "unassigned" ? View : null;
        Status = Status is "all" || (Status is not null && TicketStatus.All.Contains(Status)) ? Status : "open";
        Priority = TicketPriority.IsKnown(Priority) ? Priority : null;
        Sort = Sort is not null && DeskSort.All.Contains(Sort) ? Sort : DeskSort.TimeLeft;
        var view = await tickets.DeskListViewAsync(viewer, new DeskFilter
        {
            QueueId = Queue, Status = Status, Priority = Priority, AccountId = Account,
            AssigneeUserId = View == "mine" ? me.UserId : Assignee, Unassigned = View == "unassigned",
            BreachingSoon = Soon, Breached = Breached, Sort = Sort, Page = Math.Max(1, PageNumber), PageSize = 50,
        }, ct);
        (Result, Queues, QueueCounts, Views, Staff, Accounts) = (view.Page, view.Queues, view.QueueCounts, view.Views, view.Staff, view.Accounts);
        Now = clock.GetUtcNow();
    }

    /// <summary>This list's address with some values changed (null: left out).</summary>
    public string Link(string? view = "~", Guid? queue = null, bool keepQueue = true, int? page = null)
    {
        var parts = new List<string>();
        var v = view == "~" ? View : view;
        if (v is not null) parts.Add("view=" + v);
        if ((keepQueue ? Queue : queue) is { } q) parts.Add("queue=" + q);
        if (Status is not null and not "open") parts.Add("status=" + Status);
        if (Priority is not null) parts.Add("priority=" + Priority);
        if (Account is { } a) parts.Add("account=" + a);
        if (Assignee is { } g && v != "mine") parts.Add("assignee=" + g);
        if (Soon) parts.Add("soon=true");
        if (Breached) parts.Add("breached=true");
        if (Sort is not null and not DeskSort.TimeLeft) parts.Add("sort=" + Sort);
        if (page is > 1) parts.Add("p=" + page);
        return "/desk/requests" + (parts.Count == 0 ? "" : "?" + string.Join("&", parts));
    }
}
