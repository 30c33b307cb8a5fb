namespace Portal.Web.Pages.Accounts.Customers;

/// <summary>A supplier admin's settings of a customer account: time zone, idle sign-out, account manager, active.</summary>
[Authorize(Policy = Policies.SupplierAdmin)]
public sealed class Edit(AccountStore accounts, AccountAdministration administration) : PageModel
{
    public sealed class InputModel
    {
        public string TimeZone { get; set; } = "";
        public int IdleTimeoutMinutes { get; set; }
        public Guid? AccountManagerUserId { get; set; }
        public bool IsActive { get; set; }
        public int Version { get; set; }
    }

    [BindProperty] public InputModel Input { get; set; } = new();
    public CustomerAccount Account { get; private set; } = new();
    public IReadOnlyList<AccountUser> Managers { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct)) return NotFound();
        Input = new InputModel { TimeZone = Account.TimeZone, IdleTimeoutMinutes = Account.IdleTimeoutMinutes, AccountManagerUserId = Account.AccountManagerUserId, IsActive = Account.IsActive, Version = Account.Version };
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct)) return NotFound();
        if (!ModelState.IsValid)
        {
            ModelState.AddModelError("", "Enter the idle sign-out as a whole number of minutes.");
            return Page();
        }
        var outcome = await administration.UpdateAsync(id, new AccountProfile(Input.TimeZone, Input.IdleTimeoutMinutes, Input.AccountManagerUserId, Input.IsActive, Input.Version), ct);
        if (outcome is null) return NotFound();
        if (!outcome.Succeeded)
        {
            ModelState.AddErrors(outcome.Errors);
            if (outcome.Errors.ContainsKey(""))
            {
                ModelState.Remove("Input.Version");
                Input.Version = Account.Version;
            }
            return Page();
        }
        TempData["Status"] = outcome.Value!.IsActive ? $"{Account.Name} was saved." : $"{Account.Name} is deactivated: its users can no longer sign in.";
        return Redirect($"/desk/accounts/{id}");
    }

    private async Task<bool> LoadAsync(Guid id, CancellationToken ct)
    {
        if (await accounts.GetAccountAsync(id, ct) is not { } account) return false;
        Account = account;
        Managers = await accounts.AccountManagersAsync(ct);
        return true;
    }
}
