using System.Text;
using Portal.Data.Ordering;

namespace Portal.Web.Pages.Ordering.Orders;

/// <summary>The account's order history: filters, paging and a CSV export of the same selection.</summary>
public sealed class Index(CurrentUser me, AccountStore accounts, OrderHistory history) : PageModel
{
    public const int PageSize = 25;
    public IReadOnlyList<string> Statuses { get; } = [OrderStatus.PendingApproval, OrderStatus.CreditHold, OrderStatus.Submitted, OrderStatus.Rejected, OrderStatus.Cancelled];

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

    private OrderFilter Filter => new(Status, Site, From, To, Po, Sku, PageNumber, PageSize);

    public async Task OnGetAsync(CancellationToken ct)
    {
        var account = (await accounts.GetAccountAsync(me.RequiredAccountId, ct))!;
        Zone = TimeZoneInfo.FindSystemTimeZoneById(account.TimeZone);
        Sites = await accounts.GetSitesAsync(account.Id, ct);
        Result = await history.HistoryAsync(account.Id, account.TimeZone, Filter, ct);
    }

    public async Task<IActionResult> OnGetExportAsync(CancellationToken ct)
    {
        var account = (await accounts.GetAccountAsync(me.RequiredAccountId, ct))!;
        var buffer = new StringWriter();
        await history.ExportAsync(account.Id, account.TimeZone, Filter, buffer, ct);
        return File(Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(buffer.ToString())).ToArray(), "text/csv; charset=utf-8", $"orders-{DateTime.UtcNow:yyyyMMdd}.csv");
    }

    public string Link(int page, string? handler = null) =>
        $"/orders?{(handler is null ? "" : $"handler={handler}&")}status={Status}&site={Site}&from={From:yyyy-MM-dd}&to={To:yyyy-MM-dd}&po={Uri.EscapeDataString(Po ?? "")}&sku={Uri.EscapeDataString(Sku ?? "")}&p={page}";
}
