namespace Portal.Web.Pages.Accounts.Staff;

/// <summary>A supplier admin invites a desk agent, account manager or another admin.</summary>
public sealed class Invite(CurrentUser me, Invitations invitations) : PageModel
{
    [BindProperty] public InviteInput Input { get; set; } = new() { Roles = [Roles.DeskAgent] };

    public void OnGet() { }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var outcome = await invitations.InviteAsync(
            new InvitationRequest(null, Input.Email, Input.DisplayName, Input.Roles, null, me.UserId), Request.PublicBaseUrl(), ct);
        if (!outcome.Succeeded)
        {
            ModelState.AddErrors(outcome.Errors);
            return Page();
        }
        TempData["Status"] = $"Invitation sent to {outcome.Value!.Email}.";
        return RedirectToPage("Index");
    }
}
