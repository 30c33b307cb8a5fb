namespace Portal.Web.Pages.Accounts.Customers;

/// <summary>One customer account as the supplier sees it: sites, users, open invitations.</summary>
public sealed class Details(CurrentUser me, AccountStore accounts, Invitations invitations, TimeProvider clock) : PageModel
{
    public CustomerAccount Account { get; private set; } = new();
    public IReadOnlyList<Site> Sites { get; private set; } = [];
    public IReadOnlyList<AccountUser> Users { get; private set; } = [];
    public IReadOnlyList<Invitation> Pending { get; private set; } = [];
    public bool CanAdminister => me.IsInRole(Roles.SupplierAdmin);
    public DateTimeOffset Now => clock.GetUtcNow();
    public TimeZoneInfo Zone => TimeZoneInfo.FindSystemTimeZoneById(Account.TimeZone);

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        if (await accounts.GetAccountAsync(id, ct) is not { } account) return NotFound();
        Account = account;
        Sites = await accounts.GetSitesAsync(id, ct);
        Users = await accounts.GetUsersAsync(id, ct);
        Pending = await invitations.PendingAsync(id, ct);
        return Page();
    }
}
