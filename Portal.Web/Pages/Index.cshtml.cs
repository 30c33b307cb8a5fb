namespace Portal.Web.Pages;

/// <summary>The home page: what the signed-in user's roles can reach, nothing more.</summary>
public sealed class IndexModel(CurrentUser me, AccountStore accounts, Invitations invitations, OrderingContext ordering, Portal.Data.Ordering.Carts carts, Portal.Data.Ordering.Orders orders, Portal.Data.Ordering.Approvals approvals, Portal.Data.Ordering.OrderHistory history, Portal.Data.Replenishment.Suggestions suggestions) : PageModel
{
    public CurrentUser Me => me;
    public CustomerAccount? Account { get; private set; }
    public IReadOnlyList<Site> Sites { get; private set; } = [];
    public Site? MySite { get; private set; }
    public int UserCount { get; private set; }
    public int PendingInvitations { get; private set; }
    public int AccountCount { get; private set; }
    public string? SupplierName { get; private set; }
    public int CartLines { get; private set; }
    public decimal CartTotal { get; private set; }
    public int PendingApprovals { get; private set; }
    public int OpenOrders { get; private set; }
    /// <summary>The buyer's most recent orders (of their site when limited to one), each with "Order again".</summary>
    public IReadOnlyList<Portal.Data.Ordering.Order> RecentOrders { get; private set; } = [];
    public TimeZoneInfo Zone { get; private set; } = TimeZoneInfo.Utc;
    public const int RecentCount = 3;
    /// <summary>Items due by the site's buying rhythm, each to add in one click or to make a schedule from.</summary>
    public IReadOnlyList<Portal.Data.Replenishment.Suggestion> Suggestions { get; private set; } = [];
    public Ordering.Suggestions.View SuggestionsView => new(Suggestions, "/", Enhanced: true);

    public async Task OnGetAsync(CancellationToken ct)
    {
        if (me.AccountId is { } accountId)
        {
            Account = await accounts.GetAccountAsync(accountId, ct);
            Sites = await accounts.GetSitesAsync(accountId, ct);
            MySite = Sites.FirstOrDefault(s => s.Id == me.SiteId);
            if (me.IsInRole(Roles.Buyer) && await ordering.BuyerAsync(ct) is { } buyer)
            {
                var cart = await carts.GetAsync(buyer, ct);
                (CartLines, CartTotal) = (cart.Lines.Count, cart.Total);
                Suggestions = await suggestions.DueAsync(buyer, ct: ct);
                if (await history.ViewAsync(accountId, me.SiteId, new Portal.Data.Ordering.OrderFilter(null, null, null, null, null, null, 1, RecentCount), ct) is { } recent)
                    (RecentOrders, Zone) = (recent.Orders.Items, recent.Zone);
            }
            if (me.IsInRole(Roles.Approver)) PendingApprovals = (await approvals.QueueAsync(me.Approver, ct)).Count;
            OpenOrders = (await orders.OpenOrdersAsync(accountId, ct)).Count;
            if (me.IsInRole(Roles.CustomerAdmin))
            {
                UserCount = (await accounts.GetUsersAsync(accountId, ct)).Count;
                PendingInvitations = (await invitations.PendingAsync(accountId, ct)).Count;
            }
        }
        else
        {
            AccountCount = await accounts.CountAccountsAsync(ct);
            SupplierName = (await accounts.GetSupplierAsync(ct))?.Name;
        }
    }
}
