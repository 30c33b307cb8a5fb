namespace Portal.Web.Pages.Accounts;

/// <summary>A customer admin's settings for their own account: the idle sign-out time of its terminals.</summary>
public sealed class Settings(CurrentUser me, AccountStore accounts) : PageModel
{
    public sealed class InputModel
    {
        public int IdleTimeoutMinutes { get; set; }
        public int Version { get; set; }
    }

    [BindProperty] public InputModel Input { get; set; } = new();
    public CustomerAccount Account { get; private set; } = new();

    public async Task OnGetAsync(CancellationToken ct)
    {
        Account = (await accounts.GetAccountAsync(me.RequiredAccountId, ct))!;
        Input = new InputModel { IdleTimeoutMinutes = Account.IdleTimeoutMinutes, Version = Account.Version };
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!ModelState.IsValid)
        {
            Account = (await accounts.GetAccountAsync(me.RequiredAccountId, ct))!;
            ModelState.Remove("Input.IdleTimeoutMinutes");
            ModelState.AddModelError("Input.IdleTimeoutMinutes", "Enter a whole number of minutes.");
            return Page();
        }
        var outcome = await accounts.SetIdleTimeoutAsync(me.RequiredAccountId, Input.IdleTimeoutMinutes, Input.Version, ct);
        if (!outcome.Succeeded)
        {
            ModelState.AddErrors(outcome.Errors);
            Account = (await accounts.GetAccountAsync(me.RequiredAccountId, ct))!;
            ModelState.Remove("Input.Version");
            Input.Version = Account.Version;
            return Page();
        }
        TempData["Status"] = $"Idle sign-out is now {outcome.Value!.IdleTimeoutMinutes} minutes.";
        return RedirectToPage();
    }
}
