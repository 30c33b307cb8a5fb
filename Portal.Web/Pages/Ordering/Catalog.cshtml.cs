using Portal.Data.Catalog;
using Portal.Data.Ordering;

namespace Portal.Web.Pages.Ordering;

/// <summary>Search the catalog by SKU or words, by category, with the account's own prices, and add to the cart.</summary>
public sealed class Catalog(CurrentUser me, OrderingContext ordering, CatalogStore catalog, Carts carts, AccountStore accounts, TimeProvider clock) : PageModel
{
    public const int PageSize = 25;

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

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var buyer = await ordering.BuyerAsync(ct);
        if (buyer is null) return RedirectToPage("/Accounts/Sites");
        var terms = await accounts.TermsAsync(buyer.AccountId, ct);
        Categories = await catalog.CategoriesAsync(ct);
        Result = await catalog.SearchAsync(new CatalogQuery(Q, CategoryId, Sort, PageNumber, PageSize), ct);
        Prices = await catalog.PriceBookAsync(terms.Id, terms.ParentAccountId, terms.Today(clock), ct);
        SiteName = (await ordering.CurrentSiteAsync(ct))!.Name;
        CartCount = await carts.LineCountAsync(buyer, ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAddAsync(Guid productId, int quantity, CancellationToken ct)
    {
        var buyer = await ordering.BuyerAsync(ct);
        var product = await catalog.ByIdAsync(productId, ct);
        if (buyer is null || product is not { IsActive: true }) return NotFound();
        if (QuantityRules.Check(product, quantity) is { } problem)
            TempData["CartProblem"] = problem;
        else
        {
            await carts.AddAsync(buyer, [(product.Id, quantity)], ct);
            TempData["Status"] = $"Added {quantity} × {product.Sku} {product.Name} to the cart.";
        }
        return Redirect(Back());
    }

    /// <summary>Back to the same search after adding, never to another site.</summary>
    private string Back()
    {
        var referer = Request.Headers.Referer.FirstOrDefault();
        return referer is not null && Uri.TryCreate(referer, UriKind.Absolute, out var uri) && uri.Host == Request.Host.Host && uri.AbsolutePath == "/catalog"
            ? uri.PathAndQuery
            : "/catalog";
    }

    public string PageLink(int page) =>
        $"/catalog?q={Uri.EscapeDataString(Q ?? "")}&categoryId={CategoryId}&sort={Sort}&p={page}";
}
