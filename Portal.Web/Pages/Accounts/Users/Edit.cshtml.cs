using System.Globalization;

namespace Portal.Web.Pages.Accounts.Users;

/// <summary>
/// A customer admin sets a user's roles, site and approval limit, or disables their sign-in, with one save. A refused value
/// shows the form again with everything as typed and the message at its field. Users of other accounts are not found.
/// </summary>
public sealed class Edit(CurrentUser me, AccountStore accounts, UserAdministration admin, Portal.Data.Ordering.OrderingSettings settings) : PageModel
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
        if (await accounts.GetUserAsync(me.RequiredAccountId, id, ct) is not { } user) return NotFound();
        Member = user;
        Sites = await accounts.GetSitesAsync(me.RequiredAccountId, ct);

        // the approval limit is checked before anything is saved, so a bad limit changes nothing else either
        var limit = ParseLimit(Input.ApprovalLimit);
        if (!ModelState.IsValid) return Page();

        var outcome = await admin.ChangeAsync(me.RequiredAccountId, id, me.UserId,
            new UserChange(Input.Roles, Input.SiteId, Input.IsDisabled, Input.ConcurrencyStamp), ct);
        if (outcome is null) return NotFound();
        if (!outcome.Succeeded)
        {
            ModelState.AddErrors(outcome.Errors);
            if (outcome.Errors.ContainsKey(""))
            {
                // someone else saved first: show their version
                Member = (await accounts.GetUserAsync(me.RequiredAccountId, id, ct))!;
                ModelState.Remove("Input.ConcurrencyStamp");
                Input = UserInput.From(Member);
            }
            return Page();
        }
        if (limit != user.ApprovalLimit)
        {
            var set = await settings.SetApprovalLimitAsync(me.RequiredAccountId, id, limit, ct);
            if (!set.Succeeded)
            {
                foreach (var m in set.Errors.Values) ModelState.AddModelError("Input.ApprovalLimit", m);
                Member = (await accounts.GetUserAsync(me.RequiredAccountId, id, ct))!;
                Input.ConcurrencyStamp = Member.ConcurrencyStamp;
                return Page();
            }
        }
        TempData["Status"] = $"{outcome.Value!.DisplayName} was saved.";
        return RedirectToPage("Index");
    }

    private decimal? ParseLimit(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        var cleaned = text.Trim().TrimStart('£', '€', '$').Replace(",", "", StringComparison.Ordinal).Trim();
        if (!decimal.TryParse(cleaned, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var amount))
        {
            ModelState.AddModelError("Input.ApprovalLimit", "Enter the approval limit as an amount such as 500 or 1250.00, or leave it empty for no limit.");
            return null;
        }
        if (amount < 0) ModelState.AddModelError("Input.ApprovalLimit", "An approval limit cannot be negative; leave it empty for no limit.");
        else if (Portal.Data.Catalog.Money.Problem(amount, "The approval limit") is { } problem) ModelState.AddModelError("Input.ApprovalLimit", problem);
        return amount;
    }
}
