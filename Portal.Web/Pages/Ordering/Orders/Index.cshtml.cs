using System.Text;
using Portal.Data.Ordering;

namespace Portal.Web.Pages.Ordering.Orders;

/// <summary>
/// The account's order history: filters, paging and a CSV export of the same selection. A buyer limited to one site
/// sees, filters and exports that site's orders only.
/// </summary>
public sealed class Index(CurrentUser me, OrderHistory history) : PageModel
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

    public async Task<IActionResult> OnGetExportAsync(CancellationToken ct)
    {
        var buffer = new StringWriter();
        await history.ExportAsync(me.RequiredAccountId, OnlySite, Filter, buffer, ct);
        return File(Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(buffer.ToString())).ToArray(), "text/csv; charset=utf-8", $"orders-{DateTime.UtcNow:yyyyMMdd}.csv");
    }

    public string Link(int page, string? handler = null) =>
        $"/orders?{(handler is null ? "" : $"handler={handler}&")}status={Uri.EscapeDataString(Status ?? "")}&site={Site}&from={From:yyyy-MM-dd}&to={To:yyyy-MM-dd}&po={Uri.EscapeDataString(Po ?? "")}&sku={Uri.EscapeDataString(Sku ?? "")}&p={page}";
}
