using System.Text;
using Portal.Data.Catalog;
using Portal.Data.Ordering;

namespace Portal.Web.Pages.Ordering.Orders;

/// <summary>
/// The account's order history: filters, paging and a CSV export of the same selection. A buyer limited to one site
/// sees, filters and exports that site's orders only.
/// </summary>
public sealed class Index(CurrentUser me, OrderHistory history, Portal.Data.Ordering.Orders orders, OrderingContext ordering, CatalogStore catalog, Show show) : PageModel
{
    public const int PageSize = 25;

    /// <summary>Every status an order can show, so each can be filtered by.</summary>
    public IReadOnlyList<string> Statuses => OrderStatus.All;

    [BindProperty(SupportsGet = true)] public string? Status { get; set; }
    [BindProperty(SupportsGet = true)] public Guid? Site { get; set; }
    [BindProperty(SupportsGet = true)] public DateOnly? From { get; set; }
    [BindProperty(SupportsGet = true)] public DateOnly? To { get; set; }
    [BindProperty(SupportsGet = true)] public string? Po { get; set; }
    [BindProperty(SupportsGet = true)] public string? Sku { get; set; }
    [BindProperty(SupportsGet = true, Name = "p")] public int PageNumber { get; set; } = 1;

    public Page<Order> Result { get; private set; } = new([], 1, PageSize, 0);
    public IReadOnlyList<Site> Sites { get; private set; } = [];
    public TimeZoneInfo Zone { get; private set; } = TimeZoneInfo.Utc;
    public string AccountName => me.AccountName ?? "";

    /// <summary>The buyer's own site when they are limited to it: the only one they may see.</summary>
    private Guid? OnlySite => me.SiteId;
    public bool LimitedToSite => OnlySite is not null;

    private OrderFilter Filter => new(Status, Site, From, To, Po, Sku, PageNumber, PageSize);

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (await history.ViewAsync(me.RequiredAccountId, OnlySite, Filter, ct) is not { } view) return NotFound();
        (Zone, Sites, Result) = (view.Zone, view.Sites, view.Orders);
        if (OnlySite is not null) Site = OnlySite;
        return Page();
    }

    /// <summary>Buyers can put a past order's lines back into their cart from its row.</summary>
    public bool CanOrderAgain => me.IsInRole(Roles.Buyer);

    /// <summary>
    /// The lines of a past order back into the cart at today's prices (the order page's "Order again", from the history and
    /// the home page), then the cart: from there it is "Check out" and "Place order".
    /// </summary>
    public async Task<IActionResult> OnPostOrderAgainAsync(string? number, CancellationToken ct)
    {
        if (!CanOrderAgain || await ordering.BuyerAsync(ct) is not { } buyer) return Forbid();
        if (string.IsNullOrWhiteSpace(number)) return NotFound();
        var skipped = await orders.OrderAgainAsync(me.OrderViewer, buyer, number.Trim(), catalog, ct);
        if (skipped is null) return NotFound();
        TempData["Status"] = skipped.Count == 0
            ? $"The lines of {number} are in your cart, at today's prices."
            : $"The lines of {number} are in your cart, at today's prices, except: {string.Join(" ", skipped)}";
        return Redirect("/cart");
    }

    /// <summary>Whether any filter is set (the page offers to clear them).</summary>
    public bool Filtered => !string.IsNullOrEmpty(Status) || (!LimitedToSite && Site is not null) || From is not null || To is not null
        || !string.IsNullOrWhiteSpace(Po) || !string.IsNullOrWhiteSpace(Sku);

    /// <summary>What the filter selects, in words: "open orders · site LON · placed from Tue 3 Mar 2026".</summary>
    public string Summary
    {
        get
        {
            var parts = new List<string>
            {
                Status switch
                {
                    null or "" => "orders of any status",
                    OrderFilter.OpenStatus => "open orders (not yet delivered, closed, cancelled or rejected)",
                    _ => $"orders {OrderStatus.Label(Status).ToLowerInvariant()}",
                },
            };
            if (Sites.FirstOrDefault(s => s.Id == Site) is { } site) parts.Add($"site {site.Code} {site.Name}");
            else if (!LimitedToSite) parts.Add("all sites");
            if (From is { } from) parts.Add($"placed from {show.Date(from)}");
            if (To is { } to) parts.Add($"placed up to {show.Date(to)}");
            if (!string.IsNullOrWhiteSpace(Po)) parts.Add($"PO number containing \"{Po.Trim()}\"");
            if (!string.IsNullOrWhiteSpace(Sku)) parts.Add($"with SKU {Sku.Trim()}");
            return string.Join(" · ", parts);
        }
    }

    public async Task<IActionResult> OnGetExportAsync(CancellationToken ct)
    {
        var buffer = new StringWriter();
        await history.ExportAsync(me.RequiredAccountId, OnlySite, Filter, buffer, ct);
        return File(Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(buffer.ToString())).ToArray(), "text/csv; charset=utf-8", $"orders-{DateTime.UtcNow:yyyyMMdd}.csv");
    }

    public string Link(int page, string? handler = null) =>
        $"/orders?{(handler is null ? "" : $"handler={handler}&")}status={Uri.EscapeDataString(Status ?? "")}&site={Site}&from={From:yyyy-MM-dd}&to={To:yyyy-MM-dd}&po={Uri.EscapeDataString(Po ?? "")}&sku={Uri.EscapeDataString(Sku ?? "")}&p={page}";
}
