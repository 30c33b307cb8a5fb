using Portal.Data.Ordering;

namespace Portal.Web.Pages.Ordering;

/// <summary>
/// The approver's queue: orders over their buyers' limits in the approver's account (and, for a national account, in the
/// accounts under it). Each links to its order page, where the approver decides with the lines in view; the quick buttons
/// decide from here. Approving places the order without anyone re-entering it.
/// </summary>
public sealed class Approvals(CurrentUser me, Portal.Data.Ordering.Approvals approvals) : PageModel
{
    public IReadOnlyList<Order> Queue { get; private set; } = [];
    public Guid UserId => me.UserId;

    /// <summary>The order whose decision was refused, the reason as typed and what was wrong with it.</summary>
    public string? RefusedNumber { get; private set; }
    public string? Reason { get; private set; }
    public string? ReasonError { get; private set; }

    public async Task OnGetAsync(CancellationToken ct) => Queue = await approvals.QueueAsync(me.Approver, ct);

    public Task<IActionResult> OnPostApproveAsync(string number, string? reason, CancellationToken ct) => DecideAsync(number, true, reason, ct);
    public Task<IActionResult> OnPostRejectAsync(string number, string? reason, CancellationToken ct) => DecideAsync(number, false, reason, ct);

    private async Task<IActionResult> DecideAsync(string number, bool approve, string? reason, CancellationToken ct)
    {
        var outcome = await approvals.DecideAsync(me.Approver, number, approve, reason, ct);
        if (outcome is null) return NotFound();
        if (!outcome.Succeeded)
        {
            (RefusedNumber, Reason) = (number, reason);
            foreach (var (field, message) in outcome.Errors)
            {
                if (field == "Reason") ReasonError = message;
                else ModelState.AddModelError("", $"{number}: {message}");
            }
            Queue = await approvals.QueueAsync(me.Approver, ct);
            return Page();
        }
        var order = outcome.Value!;
        TempData["Status"] = approve
            ? $"{number} was approved{(order.Status == OrderStatus.CreditHold ? " and is now on credit hold for the supplier" : " and submitted to the supplier")}."
            : $"{number} was rejected; {order.PlacedBy} is told why.";
        return RedirectToPage();
    }
}
