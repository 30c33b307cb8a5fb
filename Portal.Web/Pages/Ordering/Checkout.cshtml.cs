using Portal.Data.Ordering;

namespace Portal.Web.Pages.Ordering;

/// <summary>
/// Places the cart as an order. The form carries a key made when it was shown, so a double click, a refresh or a retry
/// of the same form places one order and shows it.
/// </summary>
public sealed class Checkout(CurrentUser me, OrderingContext ordering, Carts carts, AccountStore accounts, OrderingSettings settings, OrderPlacement placement, TimeProvider clock,
    Portal.Data.Service.CalendarAdmin calendars) : PageModel
{
    public sealed class InputModel
    {
        public string? PoNumber { get; set; }
        public DateOnly? RequestedDeliveryDate { get; set; }
        public string? Notes { get; set; }
        public string IdempotencyKey { get; set; } = "";
        /// <summary>The cart's version when the page was shown: the order is the cart the buyer saw, or nothing.</summary>
        public int? CartVersion { get; set; }
    }

    [BindProperty] public InputModel Input { get; set; } = new();
    public CartView View { get; private set; } = new(Guid.Empty, Guid.Empty, 0, []);
    public AccountTerms Terms { get; private set; } = new();
    public Site Site { get; private set; } = new();
    public DateOnly Earliest { get; private set; }
    public decimal? ApprovalLimit { get; private set; }
    public bool NeedsApproval => ApprovalLimit is { } limit && View.Total > limit;
    /// <summary>Whether the order would go on credit hold as things stand (a warning; placement decides).</summary>
    public CreditPreview? Credit { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!await LoadAsync(ct)) return RedirectToPage("/Accounts/Sites");
        if (View.Lines.Count == 0 || View.HasProblems) return RedirectToPage("Cart");
        Input = new InputModel { IdempotencyKey = Guid.NewGuid().ToString("N"), RequestedDeliveryDate = Earliest, CartVersion = View.Version };
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (await ordering.BuyerAsync(ct) is not { } buyer) return NotFound();
        if (ModelState["Input.RequestedDeliveryDate"]?.Errors.Count > 0)
        {
            ModelState.Remove("Input.RequestedDeliveryDate");
            ModelState.AddModelError("Input.RequestedDeliveryDate", "Enter the date as day, month and year.");
        }
        var outcome = ModelState.IsValid
            ? await carts.CheckoutAsync(buyer, new CheckoutInput(Input.PoNumber, Input.RequestedDeliveryDate, Input.Notes, Input.IdempotencyKey, Input.CartVersion), ct)
            : null;
        if (outcome is { Order: { } order })
        {
            TempData["Status"] = order.Status switch
            {
                OrderStatus.PendingApproval => $"Order {order.Number} is waiting for approval.",
                OrderStatus.CreditHold => $"Order {order.Number} was placed on credit hold for the supplier to review.",
                _ => $"Order {order.Number} was submitted to the supplier.",
            };
            return Redirect($"/orders/{order.Number}");
        }
        if (outcome is not null)
            foreach (var (field, message) in outcome.Errors)
                ModelState.AddModelError(field is nameof(InputModel.PoNumber) or nameof(InputModel.RequestedDeliveryDate) or nameof(InputModel.Notes) ? $"Input.{field}" : "", message);
        await LoadAsync(ct);
        return Page();
    }

    private async Task<bool> LoadAsync(CancellationToken ct)
    {
        if (await ordering.BuyerAsync(ct) is not { } buyer) return false;
        View = await carts.GetAsync(buyer, ct);
        Terms = await accounts.TermsAsync(buyer.AccountId, ct);
        Site = (await ordering.CurrentSiteAsync(ct))!;
        Earliest = DeliveryDates.Earliest(clock.GetUtcNow(), Terms.TimeZone, View.LongestLeadTimeDays, await calendars.CurrentAsync(ct));
        ApprovalLimit = await settings.ApprovalLimitAsync(me.RequiredAccountId, me.UserId, ct);
        Credit = View.Lines.Count == 0 ? null : await placement.CreditPreviewAsync(Terms, View.Total, ct);
        return true;
    }
}
