namespace Portal.Web.Pages.Accounts.Customers;

/// <summary>The supplier's list of customer accounts, searchable and paged.</summary>
public sealed class Index(CurrentUser me, AccountStore accounts) : PageModel
{
    public const int PageSize = 25;

    [BindProperty(SupportsGet = true)] public string? Q { get; set; }
    [BindProperty(SupportsGet = true, Name = "p")] public int PageNumber { get; set; } = 1;
    public Page<AccountSummary> Result { get; private set; } = new([], 1, PageSize, 0);
    public bool CanAdminister => me.IsInRole(Roles.SupplierAdmin);

    public async Task OnGetAsync(CancellationToken ct) => Result = await accounts.ListAccountsAsync(Q, PageNumber, PageSize, ct);
}
