namespace Portal.Web.Pages.Accounts.Staff;

/// <summary>A supplier admin's list of the supplier's own users and open staff invitations.</summary>
public sealed class Index(AccountStore accounts, Invitations invitations, TimeProvider clock) : PageModel
{
    public IReadOnlyList<AccountUser> Users { get; private set; } = [];
    public IReadOnlyList<Invitation> Pending { get; private set; } = [];
    public DateTimeOffset Now => clock.GetUtcNow();

    public async Task OnGetAsync(CancellationToken ct)
    {
        Users = await accounts.GetSupplierStaffAsync(ct);
        Pending = await invitations.PendingAsync(null, ct);
    }

    public async Task<IActionResult> OnPostRevokeAsync(Guid invitationId, CancellationToken ct)
    {
        if (!await invitations.RevokeAsync(null, invitationId, ct)) return NotFound();
        TempData["Status"] = "The invitation was withdrawn; its link no longer works.";
        return RedirectToPage();
    }
}
