namespace Portal.Web.Pages.Accounts.Users;

/// <summary>A customer admin invites a colleague into their own account.</summary>
public sealed class Invite(CurrentUser me, AccountStore accounts, Invitations invitations) : PageModel
{
    [BindProperty] public InviteInput Input { get; set; } = new() { Roles = [Roles.Buyer] };
    public IReadOnlyList<Site> Sites { get; private set; } = [];
    public string AccountName => me.AccountName ?? "";

    public async Task OnGetAsync(CancellationToken ct) => Sites = await accounts.GetSitesAsync(me.RequiredAccountId, ct);

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var outcome = await invitations.InviteAsync(
            new InvitationRequest(me.RequiredAccountId, Input.Email, Input.DisplayName, Input.Roles, Input.SiteId, me.UserId), Request.PublicBaseUrl(), ct);
        if (!outcome.Succeeded)
        {
            ModelState.AddErrors(outcome.Errors);
            Sites = await accounts.GetSitesAsync(me.RequiredAccountId, ct);
            return Page();
        }
        TempData["Status"] = $"Invitation sent to {outcome.Value!.Email}.";
        return RedirectToPage("Index");
    }
}
