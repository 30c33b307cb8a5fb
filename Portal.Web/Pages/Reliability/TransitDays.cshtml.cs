using Portal.Data.Reliability;

namespace Portal.Web.Pages.Reliability;

/// <summary>
/// How many business days a delivery takes to reach each site: the promises-at-risk job flags a line when what is
/// promised has not all shipped by the promised date less these days (one when not set).
/// </summary>
public sealed class TransitDays(CurrentUser me, PromiseRisk risk, AccountStore accounts) : PageModel
{
    [BindProperty(SupportsGet = true)] public Guid? Account { get; set; }

    public IReadOnlyList<SiteTransit> Sites { get; private set; } = [];
    public IReadOnlyList<AccountSummary> AccountList { get; private set; } = [];
    public Guid? SentBack { get; private set; }
    public string? Typed { get; private set; }
    public string? Error { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        AccountList = (await accounts.ListAccountsAsync(null, 1, 1000, ct)).Items;
        Sites = await risk.SitesAsync(Account, ct);
    }

    public async Task<IActionResult> OnPostAsync(Guid siteId, string? transitDays, CancellationToken ct)
    {
        int? days = int.TryParse(transitDays?.Trim(), System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var d) ? d : null;
        var outcome = await risk.SetTransitDaysAsync(siteId, days, me.UserId, ct);
        if (outcome is null) return NotFound();
        if (outcome.Succeeded)
        {
            TempData["Status"] = $"Transit days saved: {outcome.Value} business {(outcome.Value == 1 ? "day" : "days")}.";
            return Redirect(Account is { } a ? $"/desk/transit-days?account={a}" : "/desk/transit-days");
        }
        ModelState.Clear();
        SentBack = siteId;
        Typed = transitDays;
        Error = outcome.Errors.Values.First();
        ModelState.AddModelError("", Error);
        await OnGetAsync(ct);
        return Page();
    }
}
