using Portal.Data.Fulfilment;
using Portal.Data.Ordering;

namespace Portal.Web.Pages.Fulfilment;

/// <summary>One order on the supplier's desk: confirm, re-promise, ship, deliver, release or reject, close.</summary>
public sealed class Order(CurrentUser me, OrderDesk orderDesk, Portal.Data.Ordering.Orders orders, AccountStore accounts, TimeProvider clock) : PageModel
{
    public Portal.Data.Ordering.Order Current { get; private set; } = new();
    public OrderProgress Progress { get; private set; } = new([], []);
    public IReadOnlyList<OrderEvent> Events { get; private set; } = [];
    public IReadOnlyList<PromiseInput> Proposal { get; private set; } = [];
    public TimeZoneInfo Zone { get; private set; } = TimeZoneInfo.Utc;
    public DateOnly Today => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(clock.GetUtcNow(), Zone).DateTime);

    public async Task<IActionResult> OnGetAsync(string number, CancellationToken ct) => await LoadAsync(number, ct) ? Page() : NotFound();

    public Task<IActionResult> OnPostConfirmAsync(string number, List<PromiseInput> promises, CancellationToken ct) =>
        Done(number, orderDesk.ConfirmAsync(number, me.UserId, promises, ct), "confirmed", ct);

    public Task<IActionResult> OnPostRepromiseAsync(string number, int lineNumber, DateOnly? promisedDate, int quantity, string? reasonCode, string? note, CancellationToken ct) =>
        Done(number, orderDesk.RepromiseAsync(number, me.UserId, lineNumber, promisedDate, quantity, reasonCode, note, ct), $"re-promised (line {lineNumber})", ct);

    public Task<IActionResult> OnPostShipAsync(string number, string? carrier, string? trackingRef, List<QuantityInput> lines, CancellationToken ct) =>
        Done(number, orderDesk.ShipAsync(number, me.UserId, carrier, trackingRef, lines, ct), "shipped", ct);

    public Task<IActionResult> OnPostDeliverAsync(string number, Guid shipmentId, DateOnly? deliveredDate, List<QuantityInput> lines, CancellationToken ct) =>
        Done(number, orderDesk.DeliverAsync(number, me.UserId, shipmentId, deliveredDate, lines, ct), "delivery recorded", ct);

    public Task<IActionResult> OnPostReleaseAsync(string number, CancellationToken ct) =>
        Done(number, orderDesk.ReviewHoldAsync(number, me.UserId, release: true, null, ct), "released from credit hold", ct);

    public Task<IActionResult> OnPostRejectAsync(string number, string? reason, CancellationToken ct) =>
        Done(number, orderDesk.RejectAsync(number, me.UserId, reason, ct), "rejected", ct);

    public Task<IActionResult> OnPostCloseAsync(string number, CancellationToken ct) =>
        Done(number, orderDesk.CloseAsync(number, me.UserId, ct), "closed", ct);

    private async Task<IActionResult> Done(string number, Task<Outcome<Portal.Data.Ordering.Order>?> change, string what, CancellationToken ct)
    {
        if (ModelState.ErrorCount > 0)
        {
            // a date or number the browser sent that is not one
            ModelState.Clear();
            ModelState.AddModelError("", "Enter dates as day, month and year and quantities as whole numbers.");
            return await LoadAsync(number, ct) ? Page() : NotFound();
        }
        var outcome = await change;
        if (outcome is null) return NotFound();
        if (outcome.Succeeded)
        {
            TempData["Status"] = $"{number} {what}.";
            return Redirect($"/desk/orders/{number}");
        }
        foreach (var message in outcome.Errors.Values) ModelState.AddModelError("", message);
        return await LoadAsync(number, ct) ? Page() : NotFound();
    }

    private async Task<bool> LoadAsync(string number, CancellationToken ct)
    {
        if (await orderDesk.GetAsync(number, ct) is not { } order) return false;
        Current = order;
        Progress = await orderDesk.ProgressOfAnyAccountAsync(order.Id, ct);
        var customerOrder = (await orders.GetAsync(order.AccountId, number, ct))!;
        Events = (await orders.DetailsAsync(customerOrder, ct)).Events;
        Zone = TimeZoneInfo.FindSystemTimeZoneById((await accounts.GetAccountAsync(order.AccountId, ct))!.TimeZone);
        if (order.Status == OrderStatus.Submitted) Proposal = await orderDesk.ProposalAsync(order, ct);
        return true;
    }
}
