namespace Portal.Web.Pages.Accounts;

/// <summary>
/// A customer admin's settings for their own account: the idle sign-out time of its terminals, and the ordering terms the
/// supplier set (PO rule, credit limit, how much of it open orders use and what is left).
/// </summary>
public sealed class Settings(CurrentUser me, AccountStore accounts, Portal.Data.Ordering.OrderPlacement placement) : PageModel
{
    public sealed class InputModel
    {
        public int IdleTimeoutMinutes { get; set; }
        public int Version { get; set; }
    }

    [BindProperty] public InputModel Input { get; set; } = new();
    public CustomerAccount Account { get; private set; } = new();
    public AccountTerms Terms { get; private set; } = new();

    /// <summary>What the open orders add up to: the same sum the credit check at checkout weighs a new order against.</summary>
    public decimal CreditUsed { get; private set; }

    /// <summary>What is left of the credit limit (negative when open orders are over it); null without a limit.</summary>
    public decimal? CreditLeft => Terms.CreditLimit is { } limit ? limit - CreditUsed : null;

    private async Task LoadAsync(CancellationToken ct)
    {
        Account = (await accounts.GetAccountAsync(me.RequiredAccountId, ct))!;
        Terms = await accounts.TermsAsync(me.RequiredAccountId, ct);
        CreditUsed = await placement.OpenOrdersTotalAsync(me.RequiredAccountId, ct);
    }

    public async Task OnGetAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        Input = new InputModel { IdleTimeoutMinutes = Account.IdleTimeoutMinutes, Version = Account.Version };
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!ModelState.IsValid)
        {
            await LoadAsync(ct);
            ModelState.Remove("Input.IdleTimeoutMinutes");
            ModelState.AddModelError("Input.IdleTimeoutMinutes", "Enter a whole number of minutes.");
            return Page();
        }
        var outcome = await accounts.SetIdleTimeoutAsync(me.RequiredAccountId, Input.IdleTimeoutMinutes, Input.Version, ct);
        if (!outcome.Succeeded)
        {
            ModelState.AddErrors(outcome.Errors);
            await LoadAsync(ct);
            ModelState.Remove("Input.Version");
            Input.Version = Account.Version;
            return Page();
        }
        TempData["Status"] = $"Idle sign-out is now {outcome.Value!.IdleTimeoutMinutes} minutes.";
        return RedirectToPage();
    }
}
