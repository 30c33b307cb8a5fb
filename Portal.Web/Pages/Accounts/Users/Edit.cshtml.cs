namespace Portal.Web.Pages.Accounts.Users;

/// <summary>A customer admin sets a user's roles and site, or disables their sign-in. Users of other accounts are not found.</summary>
public sealed class Edit(CurrentUser me, AccountStore accounts, UserAdministration admin, Portal.Data.Ordering.OrderingSettings settings) : PageModel
{
    [BindProperty] public UserInput Input { get; set; } = new();
    public AccountUser Member { get; private set; } = new();
    public IReadOnlyList<Site> Sites { get; private set; } = [];
    public decimal? ApprovalLimit { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        if (await accounts.GetUserAsync(me.RequiredAccountId, id, ct) is not { } user) return NotFound();
        Member = user;
        Input = UserInput.From(user);
        Sites = await accounts.GetSitesAsync(me.RequiredAccountId, ct);
        ApprovalLimit = await settings.ApprovalLimitAsync(me.RequiredAccountId, id, ct);
        return Page();
    }

    /// <summary>Sets the user's approval limit; empty means no limit.</summary>
    public async Task<IActionResult> OnPostLimitAsync(Guid id, string? approvalLimit, CancellationToken ct)
    {
        if (await accounts.GetUserAsync(me.RequiredAccountId, id, ct) is not { } user) return NotFound();
        decimal? limit = null;
        if (!string.IsNullOrWhiteSpace(approvalLimit))
        {
            if (!decimal.TryParse(approvalLimit.Trim(), System.Globalization.NumberStyles.Number, System.Globalization.CultureInfo.InvariantCulture, out var parsed))
                ModelState.AddModelError("approvalLimit", "Enter an amount such as 500 or 1250.00, or leave it empty for no limit.");
            else limit = parsed;
        }
        var outcome = ModelState.IsValid ? await settings.SetApprovalLimitAsync(me.RequiredAccountId, id, limit, ct) : null;
        if (outcome is { Succeeded: true })
        {
            TempData["Status"] = limit is null ? $"{user.DisplayName} has no approval limit." : $"{user.DisplayName}'s approval limit is now {Portal.Data.Catalog.Money.Format(limit.Value)}.";
            return RedirectToPage("Index");
        }
        if (outcome is not null) foreach (var m in outcome.Errors.Values) ModelState.AddModelError("approvalLimit", m);
        Member = user;
        Input = UserInput.From(user);
        Sites = await accounts.GetSitesAsync(me.RequiredAccountId, ct);
        ApprovalLimit = limit;
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
