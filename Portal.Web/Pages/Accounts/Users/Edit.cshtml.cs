namespace Portal.Web.Pages.Accounts.Users;

/// <summary>A customer admin sets a user's roles and site, or disables their sign-in. Users of other accounts are not found.</summary>
public sealed class Edit(CurrentUser me, AccountStore accounts, UserAdministration admin) : PageModel
{
    [BindProperty] public UserInput Input { get; set; } = new();
    public AccountUser Member { get; private set; } = new();
    public IReadOnlyList<Site> Sites { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        if (await accounts.GetUserAsync(me.RequiredAccountId, id, ct) is not { } user) return NotFound();
        Member = user;
        Input = UserInput.From(user);
        Sites = await accounts.GetSitesAsync(me.RequiredAccountId, ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid id, CancellationToken ct)
    {
        var outcome = await admin.ChangeAsync(me.RequiredAccountId, id, me.UserId,
            new UserChange(Input.Roles, Input.SiteId, Input.IsDisabled, Input.ConcurrencyStamp), ct);
        if (outcome is null) return NotFound();
        if (outcome.Succeeded)
        {
            TempData["Status"] = $"{outcome.Value!.DisplayName} was saved.";
            return RedirectToPage("Index");
        }
        ModelState.AddErrors(outcome.Errors);
        Member = (await accounts.GetUserAsync(me.RequiredAccountId, id, ct))!;
        Sites = await accounts.GetSitesAsync(me.RequiredAccountId, ct);
        if (outcome.Errors.ContainsKey("")) Input = UserInput.From(Member); // someone else saved first: show their version
        return Page();
    }
}
