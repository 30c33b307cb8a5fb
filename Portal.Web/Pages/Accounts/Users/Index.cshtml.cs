namespace Portal.Web.Pages.Accounts.Users;

/// <summary>A customer admin's list of their own account's users and open invitations.</summary>
public sealed class Index(CurrentUser me, AccountStore accounts, Invitations invitations, TimeProvider clock, Portal.Data.Ordering.OrderPlacement placement) : PageModel
{
    public CustomerAccount Account { get; private set; } = new();
    public IReadOnlyList<AccountUser> Users { get; private set; } = [];
    public IReadOnlyList<Invitation> Pending { get; private set; } = [];
    public DateTimeOffset Now => clock.GetUtcNow();
    public AccountTerms Terms { get; private set; } = new();
    public decimal CreditUsed { get; private set; }
    public TimeZoneInfo Zone => TimeZoneInfo.FindSystemTimeZoneById(Account.TimeZone);

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        Account = await accounts.GetAccountAsync(me.RequiredAccountId, ct) ?? throw new InvalidOperationException("Signed-in account missing.");
        Users = await accounts.GetUsersAsync(Account.Id, ct);
        Pending = await invitations.PendingAsync(Account.Id, ct);
        Terms = await accounts.TermsAsync(Account.Id, ct);
        CreditUsed = await placement.OpenOrdersTotalAsync(Account.Id, ct);
        return Page();
    }

    public async Task<IActionResult> OnPostRevokeAsync(Guid invitationId, CancellationToken ct)
    {
        if (!await invitations.RevokeAsync(me.RequiredAccountId, invitationId, ct)) return NotFound();
        TempData["Status"] = "The invitation was withdrawn; its link no longer works.";
        return RedirectToPage();
    }
}
