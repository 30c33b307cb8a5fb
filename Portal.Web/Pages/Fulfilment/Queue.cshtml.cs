using Portal.Data.Fulfilment;

namespace Portal.Web.Pages.Fulfilment;

/// <summary>Orders across all accounts, oldest first, filtered by account, status, requested date and time waiting.</summary>
public sealed class Queue(OrderDesk orderDesk, AccountStore accounts) : PageModel
{
    [BindProperty(SupportsGet = true)] public Guid? Account { get; set; }
    [BindProperty(SupportsGet = true)] public string? Status { get; set; }
    [BindProperty(SupportsGet = true)] public DateOnly? From { get; set; }
    [BindProperty(SupportsGet = true)] public DateOnly? To { get; set; }
    [BindProperty(SupportsGet = true)] public int? Waiting { get; set; }
    [BindProperty(SupportsGet = true, Name = "p")] public int PageNumber { get; set; } = 1;

    public Page<Portal.Data.Ordering.Order> Result { get; private set; } = new([], 1, 50, 0);
    public IReadOnlyList<AccountSummary> Accounts { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        Accounts = (await accounts.ListAccountsAsync(null, 1, 1000, ct)).Items;
        Result = await orderDesk.QueueAsync(new OrderDeskFilter(Account, Status, From, To, Waiting is > 0 ? Math.Min(Waiting.Value, 24 * 366 * 10) : null, PageNumber), ct);
    }
}
