namespace Portal.Web.Pages.Accounts.Customers;

/// <summary>One customer account as the supplier sees it: sites, users, open invitations.</summary>
public sealed class Details(CurrentUser me, AccountStore accounts, Invitations invitations, TimeProvider clock, Portal.Data.Ordering.OrderingSettings settings, Portal.Data.Ordering.OrderPlacement placement) : PageModel
{
    public CustomerAccount Account { get; private set; } = new();
    public IReadOnlyList<Site> Sites { get; private set; } = [];
    public IReadOnlyList<AccountUser> Users { get; private set; } = [];
    public IReadOnlyList<Invitation> Pending { get; private set; } = [];
    public AccountTerms Terms { get; private set; } = new();
    public decimal CreditUsed { get; private set; }
    public bool CanAdminister => me.IsInRole(Roles.SupplierAdmin);
    public DateTimeOffset Now => clock.GetUtcNow();
    public TimeZoneInfo Zone => TimeZoneInfo.FindSystemTimeZoneById(Account.TimeZone);

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        if (await accounts.GetAccountAsync(id, ct) is not { } account) return NotFound();
        Account = account;
        Sites = await accounts.GetSitesAsync(id, ct);
        Users = await accounts.GetUsersAsync(id, ct);
        Pending = await invitations.PendingAsync(id, ct);
        Terms = await accounts.TermsAsync(id, ct);
        CreditUsed = await placement.OpenOrdersTotalAsync(id, ct);
        return Page();
    }

    /// <summary>The supplier admin sets the account's credit limit and whether orders need a PO number.</summary>
    public async Task<IActionResult> OnPostTermsAsync(Guid id, string? creditLimit, bool requirePoNumber, CancellationToken ct)
    {
        if (!CanAdminister) return Forbid();
        if (await accounts.GetAccountAsync(id, ct) is null) return NotFound();
        decimal? limit = null;
        if (!string.IsNullOrWhiteSpace(creditLimit))
        {
            if (decimal.TryParse(creditLimit.Trim(), System.Globalization.NumberStyles.Number, System.Globalization.CultureInfo.InvariantCulture, out var parsed)) limit = parsed;
            else ModelState.AddModelError("", "Enter the credit limit as an amount such as 25000 or 1250.50, or leave it empty for none.");
        }
        var outcome = ModelState.IsValid ? await settings.SetTermsAsync(id, limit, requirePoNumber, ct) : null;
        if (outcome is { Succeeded: true })
        {
            TempData["Status"] = "The ordering terms were saved.";
            return Redirect($"/desk/accounts/{id}");
        }
        if (outcome is not null) foreach (var m in outcome.Errors.Values) ModelState.AddModelError("", m);
        return await OnGetAsync(id, ct);
    }
}
