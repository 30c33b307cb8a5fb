using Portal.Data.Catalog;
using Portal.Data.Ordering;

namespace Portal.Web.Pages.Ordering.Orders;

/// <summary>
/// One order of the account: lines at the prices it was placed at, who placed and approved it, its promises, shipments and
/// history. An approver decides here, with the lines in view: approve, or reject with a reason (asked first). Only the
/// person who placed the order or a customer admin is offered Cancel. An approver of a national account also reaches the
/// orders of the accounts under it that wait in their queue.
/// </summary>
public sealed class Details(CurrentUser me, AccountStore accounts, Portal.Data.Ordering.Orders orders, Portal.Data.Ordering.Approvals approvals, OrderingContext ordering, CatalogStore catalog, Portal.Data.Fulfilment.OrderDesk orderDesk, Portal.Data.Replenishment.Schedules schedules, Portal.Data.Replenishment.StockLevels stock) : PageModel
{
    public Order Order { get; private set; } = new();
    public IReadOnlyList<OrderLine> Lines { get; private set; } = [];
    public IReadOnlyList<OrderEvent> Events { get; private set; } = [];
    public TimeZoneInfo Zone { get; private set; } = TimeZoneInfo.Utc;
    public Portal.Data.Fulfilment.OrderProgress Progress { get; private set; } = new([], []);

    /// <summary>The order waiting in this approver's queue, with the limits it is judged by; null for everyone else.</summary>
    public ApprovalCase? Case { get; private set; }

    /// <summary>The approval limit of the person who placed an order waiting for approval.</summary>
    public decimal? PlacerLimit { get; private set; }

    /// <summary>The order is the viewer's own account's (not one of a national account's sub-accounts seen by its approver).</summary>
    public bool OwnAccount { get; private set; }

    /// <summary>The reorder schedule that placed the order (orders of source Schedule); null for others.</summary>
    public (Guid Id, string Name)? Schedule { get; private set; }
    /// <summary>The site whose stock rules placed the order (orders of source StockRule); null for others.</summary>
    public (Guid SiteId, string SiteName)? StockSite { get; private set; }

    /// <summary>Why the approver rejects it: kept as typed when the page comes back with an error.</summary>
    [BindProperty] public string? Reason { get; set; }

    public bool PlacedByViewer => Order.PlacedByUserId == me.UserId;
    public bool CanOrderAgain => OwnAccount && me.IsInRole(Roles.Buyer);
    public bool CanCancel => OwnAccount && OrderStatus.CanCancel(Order.Status) && Portal.Data.Ordering.Orders.MayCancel(me.OrderViewer, Order);

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

    public Task<IActionResult> OnPostApproveAsync(string number, CancellationToken ct) => DecideAsync(number, true, ct);
    public Task<IActionResult> OnPostRejectAsync(string number, CancellationToken ct) => DecideAsync(number, false, ct);

    private async Task<IActionResult> DecideAsync(string number, bool approve, CancellationToken ct)
    {
        if (!me.IsInRole(Roles.Approver)) return Forbid();
        var outcome = await approvals.DecideAsync(me.Approver, number, approve, approve ? null : Reason, ct);
        if (outcome is null)
        {
            // decided meanwhile, or not this approver's: say so on the order when they may see it
            if (!await LoadAsync(number, ct)) return NotFound();
            ModelState.AddModelError("", $"{number} is not waiting for your approval: it is {OrderStatus.Label(Order.Status).ToLowerInvariant()}.");
            return Page();
        }
        if (!outcome.Succeeded)
        {
            foreach (var (field, message) in outcome.Errors) ModelState.AddModelError(field, message);
            if (!await LoadAsync(number, ct)) return NotFound();
            return Page();
        }
        var order = outcome.Value!;
        TempData["Status"] = approve
            ? $"{number} was approved{(order.Status == OrderStatus.CreditHold ? " and is now on credit hold for the supplier" : " and submitted to the supplier")}."
            : $"{number} was rejected; {order.PlacedBy} is told why.";
        // the approver's own account: back to the order, decided; a sub-account's order leaves their view once decided
        return order.AccountId == me.RequiredAccountId ? Redirect($"/orders/{number}") : RedirectToPage("/Ordering/Approvals");
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
        var isApprover = me.IsInRole(Roles.Approver);
        var order = await orders.GetAsync(me.OrderViewer, number, ct);
        OwnAccount = order is not null;
        Case = isApprover && (order is null || order.Status == OrderStatus.PendingApproval) ? await approvals.CaseAsync(me.Approver, number, ct) : null;
        order ??= Case?.Order;
        if (order is null) return false;
        Order = order;
        (Lines, Events) = await orders.DetailsAsync(order, ct);
        Progress = await orderDesk.ProgressAsync(order.AccountId, order.Id, ct);
        Zone = TimeZoneInfo.FindSystemTimeZoneById((await accounts.GetAccountAsync(order.AccountId, ct))!.TimeZone);
        Schedule = order.Source == OrderSource.Schedule ? await schedules.ScheduleOfOrderAsync(order.AccountId, order.Id, ct) : null;
        StockSite = order.Source == OrderSource.StockRule ? await stock.StockOrderOfOrderAsync(order.AccountId, order.Id, ct) : null;
        PlacerLimit = order.Status != OrderStatus.PendingApproval ? null : Case is not null ? Case.PlacerLimit : await approvals.PlacerLimitAsync(order, ct);
        return true;
    }
}
