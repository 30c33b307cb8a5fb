using Microsoft.AspNetCore.Mvc.Rendering;

namespace Portal.Web.Pages.Accounts.Customers;

/// <summary>A supplier admin creates a customer account (optionally under a national account) and invites its first admin.</summary>
[Authorize(Policy = Policies.SupplierAdmin)]
public sealed class Create(CurrentUser me, AccountStore accounts, Invitations invitations) : PageModel
{
    public sealed class InputModel
    {
        public string Name { get; set; } = "";
        public Guid? ParentAccountId { get; set; }
        public string TimeZone { get; set; } = "Europe/London";
        public int IdleTimeoutMinutes { get; set; } = 15;
        public string AdminName { get; set; } = "";
        public string AdminEmail { get; set; } = "";
    }

    [BindProperty] public InputModel Input { get; set; } = new();
    public IReadOnlyList<AccountSummary> Parents { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!ModelState.IsValid)
        {
            ModelState.AddModelError("", "Check the highlighted fields.");
            await LoadAsync(ct);
            return Page();
        }
        // the first admin is checked before the account exists, so a bad address never leaves an account nobody can reach
        var invitee = await invitations.CheckInviteeAsync(Input.AdminEmail, Input.AdminName);
        if (invitee.Any)
        {
            foreach (var (field, message) in invitee)
                ModelState.AddModelError(field == "Email" ? "Input.AdminEmail" : "Input.AdminName", message);
        }
        var created = invitee.Any
            ? null
            : await accounts.CreateAccountAsync(new NewAccount(Input.Name, Input.ParentAccountId, Input.TimeZone, Input.IdleTimeoutMinutes), ct);
        if (created is { Succeeded: false }) ModelState.AddErrors(created.Errors);
        if (created is not { Succeeded: true })
        {
            await LoadAsync(ct);
            return Page();
        }

        var account = created.Value!;
        var invited = await invitations.InviteAsync(
            new InvitationRequest(account.Id, Input.AdminEmail, Input.AdminName, [Roles.CustomerAdmin], null, me.UserId), Request.PublicBaseUrl(), ct);
        TempData["Status"] = invited.Succeeded
            ? $"{account.Name} was created and {Input.AdminEmail} was invited as its admin."
            : $"{account.Name} was created, but the invitation failed: {string.Join(" ", invited.Errors.Values)}";
        return Redirect($"/desk/accounts/{account.Id}");
    }

    private async Task LoadAsync(CancellationToken ct) =>
        Parents = (await accounts.ListAccountsAsync(null, 1, 1000, ct)).Items.Where(a => a.ParentName is null).ToList();
}
