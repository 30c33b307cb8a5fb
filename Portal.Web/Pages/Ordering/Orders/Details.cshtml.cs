using Portal.Data.Catalog;
using Portal.Data.Ordering;

namespace Portal.Web.Pages.Ordering.Orders;

/// <summary>One order of the account: lines at the prices it was placed at, who placed and approved it, its history.</summary>
public sealed class Details(CurrentUser me, AccountStore accounts, Portal.Data.Ordering.Orders orders, OrderingContext ordering, CatalogStore catalog, Portal.Data.Fulfilment.OrderDesk orderDesk) : PageModel
{
    public Order Order { get; private set; } = new();
    public IReadOnlyList<OrderLine> Lines { get; private set; } = [];
    public IReadOnlyList<OrderEvent> Events { get; private set; } = [];
    public TimeZoneInfo Zone { get; private set; } = TimeZoneInfo.Utc;
    public Portal.Data.Fulfilment.OrderProgress Progress { get; private set; } = new([], []);
    public bool CanOrderAgain => me.IsInRole(Roles.Buyer);
    public bool CanCancel => OrderStatus.CanCancel(Order.Status) && Portal.Data.Ordering.Orders.MayCancel(me.OrderViewer, Order);

    public async Task<IActionResult> OnGetAsync(string number, CancellationToken ct) => await LoadAsync(number, ct) ? Page() : NotFound();

    public async Task<IActionResult> OnPostCancelAsync(string number, CancellationToken ct)
    {
        var outcome = await orders.CancelAsync(me.OrderViewer, number, ct);
        if (outcome is null) return NotFound();
        if (!outcome.Succeeded)
        {
            ModelState.AddErrors(outcome.Errors);
            await LoadAsync(number, ct);
            return Page();
        }
        TempData["Status"] = $"Order {number} was cancelled.";
        return Redirect($"/orders/{number}");
    }

    public async Task<IActionResult> OnPostOrderAgainAsync(string number, CancellationToken ct)
    {
        if (!me.IsInRole(Roles.Buyer) || await ordering.BuyerAsync(ct) is not { } buyer) return Forbid();
        var skipped = await orders.OrderAgainAsync(me.OrderViewer, buyer, number, catalog, ct);
        if (skipped is null) return NotFound();
        TempData["Status"] = skipped.Count == 0
            ? $"The lines of {number} are in your cart, at today's prices."
            : $"The lines of {number} are in your cart, at today's prices, except: {string.Join(" ", skipped)}";
        return Redirect("/cart");
    }

    private async Task<bool> LoadAsync(string number, CancellationToken ct)
    {
        if (await orders.GetAsync(me.OrderViewer, number, ct) is not { } order) return false;
        Order = order;
        (Lines, Events) = await orders.DetailsAsync(order, ct);
        Progress = await orderDesk.ProgressAsync(order.AccountId, order.Id, ct);
        Zone = TimeZoneInfo.FindSystemTimeZoneById((await accounts.GetAccountAsync(order.AccountId, ct))!.TimeZone);
        return true;
    }
}
