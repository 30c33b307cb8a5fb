using System.Globalization;
using Portal.Data.Catalog;
using Portal.Data.Ordering;

namespace Portal.Web.Pages.Ordering;

/// <summary>
/// Search the catalog by SKU or words, by category, with the account's own prices, and add to the cart. Adding keeps the
/// buyer on the row: without script the page comes back to the same search at the row (<see cref="RowId"/>) with what was
/// added; with script (wwwroot/js/catalog.js) the add is sent with fetch and answered with JSON, and the page stays put.
/// </summary>
public sealed class Catalog(CurrentUser me, OrderingContext ordering, CatalogStore catalog, Carts carts, AccountStore accounts, Show show, TimeProvider clock) : PageModel
{
    public const int PageSize = 25;
    /// <summary>TempData key of the "Added 12 × SKU …" message, shown in the catalog's own live region (not the layout's).</summary>
    public const string AddedKey = "CatalogAdded";

    [BindProperty(SupportsGet = true)] public string? Q { get; set; }
    [BindProperty(SupportsGet = true)] public Guid? CategoryId { get; set; }
    [BindProperty(SupportsGet = true)] public ProductSort Sort { get; set; }
    [BindProperty(SupportsGet = true, Name = "p")] public int PageNumber { get; set; } = 1;

    public Page<Product> Result { get; private set; } = new([], 1, PageSize, 0);
    public IReadOnlyList<Category> Categories { get; private set; } = [];
    public PriceBook Prices { get; private set; } = new(Guid.Empty, null, default, []);
    public string AccountName => me.AccountName ?? "";
    public string SiteName { get; private set; } = "";
    public int CartCount { get; private set; }
    public decimal CartTotal { get; private set; }

    /// <summary>A refused add: the product, what was typed, and why (shown next to that row's field).</summary>
    public (Guid ProductId, string? Typed, string Problem)? Refused { get; private set; }

    public static string RowId(Product p) => $"p-{p.Id:N}";
    public static string FieldId(Product p) => $"qty-{p.Id:N}";

    /// <summary>The quantity the field starts with: the smallest the product can be ordered in (minimum, whole packs).</summary>
    public static int Prefill(Product p) => OrderQuantities.Smallest(p);

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) => await ShowAsync(ct);

    public async Task<IActionResult> OnPostAddAsync(Guid productId, string? quantity, CancellationToken ct)
    {
        var buyer = await ordering.BuyerAsync(ct);
        var product = await catalog.ByIdAsync(productId, ct);
        if (buyer is null || product is not { IsActive: true }) return NotFound();
        var problem = QuantityProblem(product, quantity, out var value);
        var wantsJson = Request.Headers.Accept.Any(a => a?.Contains("application/json", StringComparison.OrdinalIgnoreCase) == true);
        if (problem is not null)
        {
            if (wantsJson) return new JsonResult(new { ok = false, field = FieldId(product), error = problem }) { StatusCode = StatusCodes.Status400BadRequest };
            Refused = (product.Id, quantity, problem);
            return await ShowAsync(ct);
        }
        await carts.AddAsync(buyer, [(product.Id, value)], ct);
        var message = $"Added {value} × {product.Sku} {product.Name} to the cart.";
        if (wantsJson)
        {
            var cart = await carts.GetAsync(buyer, ct);
            return new JsonResult(new { ok = true, message, cartCount = cart.Lines.Count, cartTotal = show.Money(cart.Total) });
        }
        TempData[AddedKey] = message;
        return Redirect(PageLink(PageNumber) + "#" + RowId(product));
    }

    /// <summary>Why a typed catalog quantity cannot be added; null when it can (the minimum and pack size hold).</summary>
    public static string? QuantityProblem(Product product, string? typed, out int quantity)
    {
        quantity = 0;
        var text = typed?.Trim() ?? "";
        if (text.Length == 0) return $"Enter a quantity: at least {Prefill(product)}{(product.PackSize > 1 ? $", in packs of {product.PackSize}" : "")}.";
        if (!int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out quantity))
            return text.TrimStart('+').All(char.IsAsciiDigit)
                ? $"At most {QuantityRules.MaxPerLineText} per line."
                : $"\"{(text.Length <= 20 ? text : text[..20] + "…")}\" is not a whole number; enter a quantity such as {Prefill(product)}.";
        return QuantityRules.Check(product, quantity);
    }

    private async Task<IActionResult> ShowAsync(CancellationToken ct)
    {
        var buyer = await ordering.BuyerAsync(ct);
        if (buyer is null) return RedirectToPage("/Accounts/Sites");
        var terms = await accounts.TermsAsync(buyer.AccountId, ct);
        Categories = await catalog.CategoriesAsync(ct);
        Result = await catalog.SearchAsync(new CatalogQuery(Q, CategoryId, Sort, PageNumber, PageSize), ct);
        Prices = await catalog.PriceBookAsync(terms.Id, terms.ParentAccountId, terms.Today(clock), ct);
        SiteName = (await ordering.CurrentSiteAsync(ct))!.Name;
        var cart = await carts.GetAsync(buyer, ct);
        (CartCount, CartTotal) = (cart.Lines.Count, cart.Total);
        return Page();
    }

    public string PageLink(int page) =>
        $"/catalog?q={Uri.EscapeDataString(Q ?? "")}&categoryId={CategoryId}&sort={Sort}&p={page}";

    /// <summary>Where a row's add is sent: this search and page, so the answer comes back to the same rows.</summary>
    public string AddAction => PageLink(Result.Number) + "&handler=Add";
}
