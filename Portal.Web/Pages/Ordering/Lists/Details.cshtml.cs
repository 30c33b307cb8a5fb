using Portal.Data.Ordering;

namespace Portal.Web.Pages.Ordering.Lists;

/// <summary>One standing list of the account; another account's list is not found.</summary>
public sealed class Details(CurrentUser me, StandingLists lists, OrderingContext ordering) : PageModel
{
    public StandingList List { get; private set; } = new();
    public IReadOnlyList<StandingListLine> Lines { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        if (await lists.GetAsync(me.RequiredAccountId, id, ct) is not { } found) return NotFound();
        (List, Lines) = found;
        return Page();
    }

    public async Task<IActionResult> OnPostAddToCartAsync(Guid id, CancellationToken ct)
    {
        if (await ordering.BuyerAsync(ct) is not { } buyer) return NotFound();
        var added = await lists.AddToCartAsync(buyer, id, ct);
        if (added is null) return NotFound();
        TempData["Status"] = $"{added} line(s) from the list were added to your cart.";
        return Redirect("/cart");
    }

    public async Task<IActionResult> OnPostDeleteAsync(Guid id, CancellationToken ct)
    {
        if (!await lists.DeleteAsync(me.RequiredAccountId, id, ct)) return NotFound();
        TempData["Status"] = "The list was deleted.";
        return Redirect("/lists");
    }
}
