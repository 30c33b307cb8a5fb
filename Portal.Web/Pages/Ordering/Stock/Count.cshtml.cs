using Portal.Data.Replenishment;

namespace Portal.Web.Pages.Ordering.Stock;

/// <summary>
/// The count sheet, made for the terminal: the site's rule SKUs, one on-hand field each, typed with the keyboard alone
/// (Tab or Enter moves to the next field, one Save). Refused values are marked next to their field with everything
/// typed kept; a blank field is a product not counted this time.
/// </summary>
[Authorize(Roles = StockAccess.Roles)]
public sealed class Count(CurrentUser me, StockLevels stock, OrderingContext ordering) : PageModel
{
    [BindProperty] public List<CountRow> Counts { get; set; } = [];
    public StockSiteView View { get; private set; } = null!;
    public TimeZoneInfo Zone { get; private set; } = TimeZoneInfo.Utc;

    public sealed class CountRow
    {
        public string? Sku { get; set; }
        public string? OnHand { get; set; }
    }

    public async Task<IActionResult> OnGetAsync(Guid? site, CancellationToken ct)
    {
        if (!await LoadAsync(site, ct)) return NotFound();
        Counts = View.Levels.Select(l => new CountRow { Sku = l.Level.Sku }).ToList();
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid site, CancellationToken ct)
    {
        if (!await LoadAsync(site, ct)) return NotFound();
        var saved = await stock.RecordCountsAsync(me.StockViewer(), site, Counts.Select(c => new CountInput(c.Sku, c.OnHand)).ToList(), CountSource.Sheet, blankIsNotCounted: true, ct);
        if (saved is null) return NotFound();
        if (saved.Succeeded)
        {
            TempData["Status"] = $"{saved.Value} count(s) saved for {View.Site.Name}.";
            return Redirect(StockAccess.Link(site));
        }
        // every message next to the row's on-hand field (a SKU problem here means the rule was deleted meanwhile)
        foreach (var (key, message) in saved.Errors)
            ModelState.AddModelError(key.EndsWith(".Sku", StringComparison.Ordinal) ? key[..^4] + ".OnHand" : key, message);
        return Page();
    }

    private async Task<bool> LoadAsync(Guid? site, CancellationToken ct)
    {
        var (chosen, _, notFound) = await StockAccess.ChooseSiteAsync(ordering, site, ct);
        if (notFound || chosen is null) return false;
        if (await stock.SiteLevelsAsync(me.StockViewer(), chosen.Id, ct) is not { } view) return false;
        View = view;
        Zone = TimeZoneInfo.FindSystemTimeZoneById(view.TimeZone);
        return true;
    }
}
