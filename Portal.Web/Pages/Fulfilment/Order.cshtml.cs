using System.Globalization;
using Portal.Data.Fulfilment;
using Portal.Data.Ordering;

namespace Portal.Web.Pages.Fulfilment;

/// <summary>
/// One order on the supplier's desk: confirm, re-promise, ship, deliver, release or reject, close. A form refused for one
/// bad value comes back with every value the agent typed (read from the posted form, so even a value that is not a
/// number or a date is shown as typed) and the refused field marked next to it (<see cref="Invalid"/>).
/// </summary>
public sealed class Order(CurrentUser me, OrderDesk orderDesk, Portal.Data.Ordering.Orders orders, AccountStore accounts, TimeProvider clock) : PageModel
{
    public const string ConfirmForm = "Confirm";
    public const string RepromiseForm = "Repromise";
    public const string ShipForm = "Ship";
    public const string RejectForm = "Reject";
    public static string DeliverForm(Guid shipmentId) => $"Deliver:{shipmentId}";

    public Portal.Data.Ordering.Order Current { get; private set; } = new();
    public OrderProgress Progress { get; private set; } = new([], []);
    public IReadOnlyList<OrderEvent> Events { get; private set; } = [];
    public IReadOnlyList<PromiseInput> Proposal { get; private set; } = [];
    public TimeZoneInfo Zone { get; private set; } = TimeZoneInfo.Utc;
    public DateOnly Today => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(clock.GetUtcNow(), Zone).DateTime);

    /// <summary>The line the re-promise form shows (<c>?line=2</c>), else the first promised line.</summary>
    [BindProperty(SupportsGet = true, Name = "line")] public int? Line { get; set; }

    /// <summary>The form sent back with errors (its fields show what was typed), or null.</summary>
    public string? SentBack { get; private set; }

    /// <summary>Refused fields: the field's id and the message shown next to it (id <c>{field id}-error</c>).</summary>
    public Dictionary<string, string> Invalid { get; } = [];

    public LineProgress? RepromiseLine => Progress.Lines.FirstOrDefault(l => l.Line.LineNumber == Line && l.Promise is not null)
                                          ?? Progress.Lines.FirstOrDefault(l => l.Promise is not null);

    /// <summary>What a field of <paramref name="form"/> shows: what was typed when that form was sent back, else <paramref name="start"/>.</summary>
    public string? Value(string form, string name, string? start) => SentBack == form ? Request.Form[name].ToString() : start;

    public async Task<IActionResult> OnGetAsync(string number, CancellationToken ct) => await LoadAsync(number, ct) ? Page() : NotFound();

    public async Task<IActionResult> OnPostConfirmAsync(string number, CancellationToken ct)
    {
        var form = new FormReader(Request.Form, Invalid);
        var promises = new List<PromiseInput>();
        for (var i = 0; form.Has($"promises[{i}].LineNumber"); i++)
        {
            if (!int.TryParse(form.Text($"promises[{i}].LineNumber"), CultureInfo.InvariantCulture, out var line)) return BadRequest();
            var date = form.Date($"promises[{i}].PromisedDate", $"promise-date-{line}", $"Line {line}: give the promised date as day, month and year.", required: false);
            var quantity = form.Int($"promises[{i}].Quantity", $"promise-qty-{line}", $"Line {line}: give the promised quantity as a whole number.");
            promises.Add(new PromiseInput(line, date, quantity ?? 0));
        }
        return await Change(number, ConfirmForm, Invalid.Count > 0 ? null : orderDesk.ConfirmAsync(number, me.UserId, promises, ct), "confirmed", key =>
            key.Split('.') is [var l, var field] && l.StartsWith("Line", StringComparison.Ordinal)
                ? (field == "Quantity" ? "promise-qty-" : "promise-date-") + l[4..]
                : null, ct);
    }

    /// <summary>
    /// Re-promise one line. The form says what it showed (fromDate, fromQuantity): a field the agent left as shown is not
    /// sent on as a change, so the line keeps its promised quantity (or date) even if the form showed another line's.
    /// "Show its promise" (choose) only picks the line: the page comes back with that line's promise filled in.
    /// </summary>
    public async Task<IActionResult> OnPostRepromiseAsync(string number, int lineNumber, string? choose, string? reasonCode, string? note, CancellationToken ct)
    {
        if (choose is not null) return Redirect($"/desk/orders/{Uri.EscapeDataString(number)}?line={lineNumber}#repromise");
        Line = lineNumber;
        var form = new FormReader(Request.Form, Invalid);
        var date = form.Changed("promisedDate", "fromDate") ? form.Date("promisedDate", "rp-date", "Give the new promised date as day, month and year.", required: true) : null;
        var quantity = form.Changed("quantity", "fromQuantity") ? form.Int("quantity", "rp-qty", "Give the promised quantity as a whole number.") : null;
        return await Change(number, RepromiseForm, Invalid.Count > 0 ? null : orderDesk.RepromiseAsync(number, me.UserId, lineNumber, date, quantity, reasonCode, note, ct),
            $"re-promised (line {lineNumber})", key => key switch
            {
                "LineNumber" => "rp-line", "PromisedDate" => "rp-date", "Quantity" => "rp-qty", "ReasonCode" => "rp-reason", "Note" => "rp-note", _ => null,
            }, ct);
    }

    /// <summary>Record a shipment of the quantities typed, or (all) of everything promised and not yet shipped.</summary>
    public async Task<IActionResult> OnPostShipAsync(string number, string? carrier, string? trackingRef, string? all, CancellationToken ct)
    {
        if (await orderDesk.GetAsync(number, ct) is not { } order) return NotFound();
        var form = new FormReader(Request.Form, Invalid);
        var lines = new List<QuantityInput>();
        if (all is not null)
            lines.AddRange((await orderDesk.ProgressOfAnyAccountAsync(order.Id, ct)).Lines.Where(l => l.PromisedToShip > 0).Select(l => new QuantityInput(l.Line.LineNumber, l.PromisedToShip)));
        else
            for (var i = 0; form.Has($"lines[{i}].LineNumber"); i++)
            {
                if (!int.TryParse(form.Text($"lines[{i}].LineNumber"), CultureInfo.InvariantCulture, out var line)) return BadRequest();
                var quantity = form.Int($"lines[{i}].Quantity", $"ship-{line}", $"Line {line}: give the quantity to ship as a whole number (0 for none).");
                lines.Add(new QuantityInput(line, quantity ?? 0));
            }
        return await Change(number, ShipForm, Invalid.Count > 0 ? null : orderDesk.ShipAsync(number, me.UserId, carrier, trackingRef, lines, ct), "shipped", key => key switch
        {
            "Carrier" => "carrier", "TrackingRef" => "tracking", _ when key.StartsWith("Line", StringComparison.Ordinal) => "ship-" + key[4..], _ => null,
        }, ct);
    }

    public async Task<IActionResult> OnPostDeliverAsync(string number, Guid shipmentId, CancellationToken ct)
    {
        var form = new FormReader(Request.Form, Invalid);
        var date = form.Date("deliveredDate", $"delivered-{shipmentId}", "Give the date it was delivered as day, month and year.", required: true);
        var lines = new List<QuantityInput>();
        for (var i = 0; form.Has($"lines[{i}].LineNumber"); i++)
        {
            if (!int.TryParse(form.Text($"lines[{i}].LineNumber"), CultureInfo.InvariantCulture, out var line)) return BadRequest();
            var quantity = form.Int($"lines[{i}].Quantity", $"recv-{shipmentId}-{line}", $"Line {line}: give the quantity received as a whole number.");
            lines.Add(new QuantityInput(line, quantity ?? 0));
        }
        return await Change(number, DeliverForm(shipmentId), Invalid.Count > 0 ? null : orderDesk.DeliverAsync(number, me.UserId, shipmentId, date, lines, ct), "delivery recorded", key => key switch
        {
            "DeliveredDate" => $"delivered-{shipmentId}", _ when key.StartsWith("Line", StringComparison.Ordinal) => $"recv-{shipmentId}-{key[4..]}", _ => null,
        }, ct);
    }

    public Task<IActionResult> OnPostReleaseAsync(string number, CancellationToken ct) =>
        Change(number, "Release", orderDesk.ReviewHoldAsync(number, me.UserId, release: true, null, ct), "released from credit hold", _ => null, ct);

    public Task<IActionResult> OnPostRejectAsync(string number, string? reason, CancellationToken ct) =>
        Change(number, RejectForm, orderDesk.RejectAsync(number, me.UserId, reason, ct), "rejected", key => key == "Reason" ? "reject-reason" : null, ct);

    public Task<IActionResult> OnPostCloseAsync(string number, CancellationToken ct) =>
        Change(number, "Close", orderDesk.CloseAsync(number, me.UserId, ct), "closed", _ => null, ct);

    /// <summary>
    /// Runs a change (null when the form itself had values that are not numbers or dates): done, back to the order; refused,
    /// the page again with what was typed and each message next to its field (<paramref name="fieldOf"/> maps the desk's
    /// error keys to field ids) and in the summary.
    /// </summary>
    private async Task<IActionResult> Change(string number, string form, Task<Outcome<Portal.Data.Ordering.Order>?>? change, string what, Func<string, string?> fieldOf, CancellationToken ct)
    {
        ModelState.Clear(); // the forms are read by hand (FormReader); the framework's binding of handler arguments says nothing
        if (change is not null)
        {
            var outcome = await change;
            if (outcome is null) return NotFound();
            if (outcome.Succeeded)
            {
                TempData["Status"] = $"{number} {what}.";
                return Redirect($"/desk/orders/{Uri.EscapeDataString(number)}");
            }
            foreach (var (key, message) in outcome.Errors)
                if (fieldOf(key) is { } field) Invalid.TryAdd(field, message);
                else ModelState.AddModelError("", message);
        }
        foreach (var message in Invalid.Values) ModelState.AddModelError("", message);
        SentBack = form;
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

    /// <summary>Reads a posted form by hand, so a value that is not a number or a date is refused at its own field.</summary>
    private sealed class FormReader(IFormCollection form, Dictionary<string, string> invalid)
    {
        public bool Has(string name) => form.ContainsKey(name);

        public string Text(string name) => form[name].ToString().Trim();

        /// <summary>Whether the field differs from what the form showed (a field not sent is unchanged).</summary>
        public bool Changed(string name, string shown) => form.ContainsKey(name) && (!form.ContainsKey(shown) ? Text(name).Length > 0 : Text(name) != Text(shown));

        public int? Int(string name, string fieldId, string message)
        {
            if (int.TryParse(Text(name), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value)) return value;
            invalid.TryAdd(fieldId, message);
            return null;
        }

        public DateOnly? Date(string name, string fieldId, string message, bool required)
        {
            var text = Text(name);
            if (text.Length == 0 && !required) return null;
            if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var value)) return value;
            invalid.TryAdd(fieldId, message);
            return null;
        }
    }
}
