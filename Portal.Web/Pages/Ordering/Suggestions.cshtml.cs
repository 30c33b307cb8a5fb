using System.Globalization;
using Portal.Data.Catalog;
using Portal.Data.Ordering;
using Portal.Data.Replenishment;

namespace Portal.Web.Pages.Ordering;

/// <summary>
/// Suggestions from buying rhythm (<see cref="Portal.Data.Replenishment.Suggestions"/>): all of the buyer's site's due items,
/// and the one-click add used by the home page and the cart. The add answers JSON to catalog.js (the page stays put) and
/// otherwise goes back to the page it came from; a refused quantity shows this page with the message next to the field.
/// </summary>
[Authorize(Roles = Roles.Buyer)]
public sealed class Suggestions(OrderingContext ordering, Portal.Data.Replenishment.Suggestions suggestions, CatalogStore catalog, Carts carts, Show show) : PageModel
{
    public const int MaxListed = 50;
    public const string AddedKey = "SuggestionAdded";

    /// <summary>What the partial shows: the items, where an add goes back to, whether catalog.js sends it, a refused add.</summary>
    public sealed record View(IReadOnlyList<Suggestion> Items, string ReturnUrl, bool Enhanced, (Guid ProductId, string? Typed, string Problem)? Refused = null);

    public View Shown { get; private set; } = new([], "/suggestions", true);
    public string SiteName { get; private set; } = "";
    public string? Added { get; private set; }

    public static string FieldId(Product p) => $"suggest-{p.Id:N}";

    /// <summary>The schedule form, prefilled: the item and quantity, every N weeks closest to the rhythm.</summary>
    public static string ScheduleLink(Suggestion s) =>
        $"/schedule/edit?sku={Uri.EscapeDataString(s.Product.Sku)}&quantity={s.Quantity.ToString(CultureInfo.InvariantCulture)}&weeks={s.Rhythm.Weeks.ToString(CultureInfo.InvariantCulture)}";

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        Added = TempData[AddedKey] as string;
        return await ShowAsync(null, ct);
    }

    public async Task<IActionResult> OnPostAddAsync(Guid productId, string? quantity, string? returnUrl, CancellationToken ct)
    {
        var buyer = await ordering.BuyerAsync(ct);
        var product = await catalog.ByIdAsync(productId, ct);
        if (buyer is null || product is not { IsActive: true }) return NotFound();
        var wantsJson = Request.Headers.Accept.Any(a => a?.Contains("application/json", StringComparison.OrdinalIgnoreCase) == true);
        if (Catalog.QuantityProblem(product, quantity, out var value) is { } problem)
        {
            if (wantsJson) return new JsonResult(new { ok = false, field = FieldId(product), error = problem }) { StatusCode = StatusCodes.Status400BadRequest };
            return await ShowAsync((product.Id, quantity, problem), ct);
        }
        await carts.AddAsync(buyer, [(product.Id, value)], ct);
        var message = $"Added {value} × {product.Sku} {product.Name} to the cart.";
        if (wantsJson)
        {
            var cart = await carts.GetAsync(buyer, ct);
            return new JsonResult(new { ok = true, message, cartCount = cart.Lines.Count, cartTotal = show.Money(cart.Total) });
        }
        var back = returnUrl is not null && Url.IsLocalUrl(returnUrl) ? returnUrl : "/suggestions";
        if (back.StartsWith("/suggestions", StringComparison.OrdinalIgnoreCase)) TempData[AddedKey] = message;
        else TempData["Status"] = message;
        return LocalRedirect(back);
    }

    private async Task<IActionResult> ShowAsync((Guid, string?, string)? refused, CancellationToken ct)
    {
        if (await ordering.BuyerAsync(ct) is not { } buyer) return RedirectToPage("/Accounts/Sites");
        SiteName = (await ordering.CurrentSiteAsync(ct))?.Name ?? "";
        Shown = new View(await suggestions.DueAsync(buyer, MaxListed, ct), "/suggestions", Enhanced: true, refused);
        return Page();
    }
}
