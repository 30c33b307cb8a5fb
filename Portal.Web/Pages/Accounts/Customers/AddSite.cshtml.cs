namespace Portal.Web.Pages.Accounts.Customers;

/// <summary>A supplier admin adds a ship-to site to a customer account.</summary>
[Authorize(Policy = Policies.SupplierAdmin)]
public sealed class AddSite(AccountStore accounts) : PageModel
{
    public sealed class InputModel
    {
        public string Code { get; set; } = "";
        public string Name { get; set; } = "";
        public string AddressLine1 { get; set; } = "";
        public string? AddressLine2 { get; set; }
        public string City { get; set; } = "";
        public string PostalCode { get; set; } = "";
        public string Country { get; set; } = "";
    }

    [BindProperty] public InputModel Input { get; set; } = new();
    public CustomerAccount Account { get; private set; } = new();

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        if (await accounts.GetAccountAsync(id, ct) is not { } account) return NotFound();
        Account = account;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid id, CancellationToken ct)
    {
        if (await accounts.GetAccountAsync(id, ct) is not { } account) return NotFound();
        Account = account;
        var outcome = await accounts.AddSiteAsync(id, new NewSite(Input.Code, Input.Name, Input.AddressLine1, Input.AddressLine2, Input.City, Input.PostalCode, Input.Country), ct);
        if (!outcome.Succeeded)
        {
            ModelState.AddErrors(outcome.Errors);
            return Page();
        }
        TempData["Status"] = $"Site {outcome.Value!.Code} was added.";
        return Redirect($"/desk/accounts/{id}");
    }
}
