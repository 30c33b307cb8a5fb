using System.ComponentModel.DataAnnotations;
using Portal.Data.Replenishment;

namespace Portal.Web.Pages.Ordering.Stock;

/// <summary>Changes a stock rule's minimum and maximum; the rule then orders on behalf of whoever changed it.</summary>
[Authorize(Roles = StockAccess.Roles)]
public sealed class Rule(CurrentUser me, StockLevels stock) : PageModel
{
    [BindProperty] public LevelsForm Input { get; set; } = new();
    public StockLevel Existing { get; private set; } = null!;

    public sealed class LevelsForm
    {
        [Display(Name = "Minimum")] public int? MinLevel { get; set; }
        [Display(Name = "Maximum")] public int? MaxLevel { get; set; }
        public int Version { get; set; }
    }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        if (await stock.RuleAsync(me.StockViewer(), id, ct) is not { } rule) return NotFound();
        Existing = rule;
        Input = new LevelsForm { MinLevel = rule.MinLevel, MaxLevel = rule.MaxLevel, Version = rule.Version };
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid id, CancellationToken ct)
    {
        if (await stock.RuleAsync(me.StockViewer(), id, ct) is not { } rule) return NotFound();
        Existing = rule;
        if (!ModelState.IsValid) return Page();
        var saved = await stock.UpdateRuleAsync(me.StockViewer(), id, Input.Version, new StockRuleInput(null, Input.MinLevel, Input.MaxLevel), ct);
        if (saved is null) return NotFound();
        if (!saved.Succeeded)
        {
            ModelState.AddErrors(saved.Errors);
            return Page();
        }
        TempData["Status"] = $"The rule for {rule.Sku} was changed: at or below {saved.Value!.MinLevel}, the next run orders up to {saved.Value.MaxLevel}.";
        return Redirect(StockAccess.Link(rule.SiteId));
    }
}
