namespace Portal.Web.Pages.Accounts.Customers;

/// <summary>A supplier admin invites a user into a customer account (for example its first admin, again).</summary>
[Authorize(Policy = Policies.SupplierAdmin)]
public sealed class Invite(CurrentUser me, AccountStore accounts, Invitations invitations) : PageModel
{
    [BindProperty] public InviteInput Input { get; set; } = new() { Roles = [Roles.CustomerAdmin] };
    public CustomerAccount Account { get; private set; } = new();
    public IReadOnlyList<Site> Sites { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct) => await LoadAsync(id, ct) ? Page() : NotFound();

    public async Task<IActionResult> OnPostAsync(Guid id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct)) return NotFound();
        var outcome = await invitations.InviteAsync(
            new InvitationRequest(id, Input.Email, Input.DisplayName, Input.Roles, Input.SiteId, me.UserId), Request.PublicBaseUrl(), ct);
        if (!outcome.Succeeded)
        {
            ModelState.AddErrors(outcome.Errors);
            return Page();
        }
        TempData["Status"] = $"Invitation sent to {outcome.Value!.Email}.";
        return Redirect($"/desk/accounts/{id}");
    }

    private async Task<bool> LoadAsync(Guid id, CancellationToken ct)
    {
        if (await accounts.GetAccountAsync(id, ct) is not { } account) return false;
        Account = account;
        Sites = await accounts.GetSitesAsync(id, ct);
        return true;
    }
}
