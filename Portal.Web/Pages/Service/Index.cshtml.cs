using Portal.Data.Service;

namespace Portal.Web.Pages.Service;

/// <summary>
/// The customer's requests: a customer admin sees all of the account's, everyone else the ones they raised. Open ones by
/// default; every status can be chosen. Newest first, paged.
/// </summary>
public sealed class Index(CurrentUser me, Tickets tickets, TimeProvider clock) : PageModel
{
    public Page<TicketListItem> Result { get; private set; } = new([], 1, 50, 0);
    public string Status { get; private set; } = "open";
    public TimeZoneInfo Zone { get; private set; } = TimeZoneInfo.Utc;
    public DateTimeOffset Now { get; private set; }
    public bool SeesAccount => me.IsInRole(Roles.CustomerAdmin);

    public async Task OnGetAsync(string? status, int p = 1, CancellationToken ct = default)
    {
        Status = status is "all" || (status is not null && TicketStatus.All.Contains(status)) ? status : "open";
        Result = await tickets.CustomerListAsync(me.TicketViewer(), Status, Math.Max(1, p), 50, ct);
        // every row carries the account's time zone; an empty page shows no times
        if (Result.Items.Count > 0) Zone = TimeZoneInfo.FindSystemTimeZoneById(Result.Items[0].AccountTimeZone);
        Now = clock.GetUtcNow();
    }

    public string PageLink(int page) => $"/requests?status={Status}&p={page}";
}
