using System.ComponentModel.DataAnnotations;
using Portal.Data.Replenishment;

namespace Portal.Web.Pages.Ordering.Stock;

/// <summary>
/// A site's stock rules (SKU, minimum, maximum) with each one's last count, what is on order, an estimate of on-hand now
/// and the date the minimum will be reached, and what the next replenishment run will order; add, change, delete rules.
/// </summary>
[Authorize(Roles = StockAccess.Roles)]
public sealed class Index(CurrentUser me, StockLevels stock, OrderingContext ordering) : PageModel
{
    [BindProperty] public RuleForm Input { get; set; } = new();
    public StockSiteView? View { get; private set; }
    public IReadOnlyList<Site> Sites { get; private set; } = [];
    public TimeZoneInfo Zone { get; private set; } = TimeZoneInfo.Utc;

    public sealed class RuleForm
    {
        [Display(Name = "SKU")] public string? Sku { get; set; }
        [Display(Name = "Minimum")] public int? MinLevel { get; set; }
        [Display(Name = "Maximum")] public int? MaxLevel { get; set; }
    }

    public async Task<IActionResult> OnGetAsync(Guid? site, CancellationToken ct) =>
        await LoadAsync(site, ct) ? Page() : NotFound();

    public async Task<IActionResult> OnPostAddAsync(Guid site, CancellationToken ct)
    {
        if (ModelState.IsValid)
        {
            var added = await stock.AddRuleAsync(me.StockViewer(), site, new StockRuleInput(Input.Sku, Input.MinLevel, Input.MaxLevel), ct);
            if (added is null) return NotFound();
            if (added.Succeeded)
            {
                TempData["Status"] = $"The rule for {added.Value!.Sku} was added: at or below {added.Value.MinLevel}, the next run orders up to {added.Value.MaxLevel}.";
                return Redirect(StockAccess.Link(site));
            }
            ModelState.AddErrors(added.Errors);
        }
        return await LoadAsync(site, ct) ? Page() : NotFound();
    }

    public async Task<IActionResult> OnPostDeleteAsync(Guid site, Guid id, CancellationToken ct)
    {
        var rule = await stock.RuleAsync(me.StockViewer(), id, ct);
        if (rule is null || !await stock.DeleteRuleAsync(me.StockViewer(), id, ct)) return NotFound();
        TempData["Status"] = $"The rule for {rule.Sku} was deleted; its counts are kept.";
        return Redirect(StockAccess.Link(rule.SiteId));
    }

    private async Task<bool> LoadAsync(Guid? site, CancellationToken ct)
    {
        var (chosen, sites, notFound) = await StockAccess.ChooseSiteAsync(ordering, site, ct);
        if (notFound) return false;
        Sites = sites;
        if (chosen is null) return true;
        View = await stock.SiteLevelsAsync(me.StockViewer(), chosen.Id, ct);
        if (View is null) return false;
        Zone = TimeZoneInfo.FindSystemTimeZoneById(View.TimeZone);
        return true;
    }
}
