namespace Portal.Web.Pages.Accounts.Staff;

/// <summary>A supplier admin sets a staff member's roles or disables their sign-in. Customer users are not found here.</summary>
public sealed class Edit(CurrentUser me, AccountStore accounts, UserAdministration admin) : PageModel
{
    [BindProperty] public UserInput Input { get; set; } = new();
    public AccountUser Member { get; private set; } = new();

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        if (await accounts.GetSupplierStaffMemberAsync(id, ct) is not { } user) return NotFound();
        Member = user;
        Input = UserInput.From(user);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid id, CancellationToken ct)
    {
        var outcome = await admin.ChangeAsync(null, id, me.UserId, new UserChange(Input.Roles, null, Input.IsDisabled, Input.ConcurrencyStamp), ct);
        if (outcome is null) return NotFound();
        if (outcome.Succeeded)
        {
            TempData["Status"] = $"{outcome.Value!.DisplayName} was saved.";
            return RedirectToPage("Index");
        }
        ModelState.AddErrors(outcome.Errors);
        Member = (await accounts.GetSupplierStaffMemberAsync(id, ct))!;
        if (outcome.Errors.ContainsKey("")) Input = UserInput.From(Member);
        return Page();
    }
}
