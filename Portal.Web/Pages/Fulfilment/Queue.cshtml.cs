using Microsoft.AspNetCore.WebUtilities;
using Portal.Data.Fulfilment;
using Portal.Data.Ordering;

namespace Portal.Web.Pages.Fulfilment;

/// <summary>
/// Orders across all accounts, oldest first, filtered by account, status or work queue (to ship, awaiting delivery),
/// requested date and time waiting; the work queues carry their counts, each order its age.
/// </summary>
public sealed class Queue(OrderDesk orderDesk, AccountStore accounts, TimeProvider clock) : PageModel
{
    /// <summary>The shortcuts above the list, in the order an agent works them.</summary>
    public static readonly IReadOnlyList<string> Shortcuts = [DeskQueues.ToConfirm, DeskQueues.CreditHold, DeskQueues.ToShip, DeskQueues.AwaitingDelivery];

    [BindProperty(SupportsGet = true)] public Guid? Account { get; set; }
    [BindProperty(SupportsGet = true)] public string? Status { get; set; }
    [BindProperty(SupportsGet = true)] public DateOnly? From { get; set; }
    [BindProperty(SupportsGet = true)] public DateOnly? To { get; set; }
    [BindProperty(SupportsGet = true)] public int? Waiting { get; set; }
    [BindProperty(SupportsGet = true, Name = "p")] public int PageNumber { get; set; } = 1;

    public Page<Portal.Data.Ordering.Order> Result { get; private set; } = new([], 1, 50, 0);
    public IReadOnlyList<AccountSummary> Accounts { get; private set; } = [];
    public DeskCounts Counts { get; private set; } = new();
    public DateTimeOffset Now => clock.GetUtcNow();

    /// <summary>Every value the status filter offers: the work queues that span statuses, then every status.</summary>
    public static IEnumerable<string> StatusChoices => DeskQueues.Grouped.Concat(OrderStatus.All);

    private readonly Dictionary<string, TimeZoneInfo> zones = [];

    public TimeZoneInfo ZoneOf(string id)
    {
        if (!zones.TryGetValue(id, out var zone))
            zones[id] = zone = TimeZoneInfo.TryFindSystemTimeZoneById(id, out var found) ? found : TimeZoneInfo.Utc;
        return zone;
    }

    /// <summary>A shortcut's address (it keeps the account chosen).</summary>
    public string Link(string status) => Address(new() { ["status"] = status, ["account"] = Account?.ToString() });

    /// <summary>Another page of the same list (every filter kept).</summary>
    public string PageLink(int page) => Address(new()
    {
        ["account"] = Account?.ToString(), ["status"] = Status, ["from"] = From?.ToString("yyyy-MM-dd"), ["to"] = To?.ToString("yyyy-MM-dd"),
        ["waiting"] = Waiting?.ToString(), ["p"] = page.ToString(),
    });

    private static string Address(Dictionary<string, string?> query) =>
        QueryHelpers.AddQueryString("/desk/orders", query.Where(x => !string.IsNullOrEmpty(x.Value)).ToDictionary(x => x.Key, x => x.Value));

    public async Task OnGetAsync(CancellationToken ct)
    {
        if (Status is not null && !StatusChoices.Contains(Status)) Status = null; // an unknown status is no filter (never a 500)
        Accounts = (await accounts.ListAccountsAsync(null, 1, 1000, ct)).Items;
        Counts = await orderDesk.CountsAsync(Account, ct);
        Result = await orderDesk.QueueAsync(new OrderDeskFilter(Account, Status, From, To, Waiting is > 0 ? Math.Min(Waiting.Value, 24 * 366 * 10) : null, PageNumber), ct);
    }
}
