using Portal.Data.Fulfilment;
using Portal.Data.Ordering;
using Portal.Data.Service;

namespace Portal.Web.Pages.Service;

/// <summary>
/// Raising a request: what it is about (the kind picks the queue), for delivery claims what went wrong, the impact, a
/// subject and the message (the portal's own small editor), optionally an order with the lines and quantities affected
/// and one of its deliveries, and up to 5 files. From the order page ("Report a problem", or a line's own link) the form
/// arrives filled in: the lines with what was ordered, promised (with re-promise reasons) and delivered, and for a short
/// or late line the claim type and the quantity missing.
/// </summary>
[RequestSizeLimit(Attachments.MaxRequestBytes)]
[RequestFormLimits(MultipartBodyLengthLimit = Attachments.MaxRequestBytes)]
public sealed class New(CurrentUser me, Tickets tickets, Portal.Data.Ordering.Orders orders, OrderDesk orderDesk, AccountStore accounts, Show show) : PageModel
{
    public sealed class LineInput
    {
        public int LineNumber { get; set; }
        public int? Quantity { get; set; }
    }

    public sealed class InputModel
    {
        public string? Kind { get; set; }
        public string? ClaimType { get; set; }
        public string? Impact { get; set; } = TicketImpact.Moderate;
        public string? Subject { get; set; }
        public string? Body { get; set; }
        public string? OrderNumber { get; set; }
        public Guid? DeliveryId { get; set; }
        public List<LineInput> Lines { get; set; } = [];
    }

    [BindProperty] public InputModel Input { get; set; } = new();
    [BindProperty] public List<IFormFile> Files { get; set; } = [];

    public Order? Order { get; private set; }
    public OrderProgress Progress { get; private set; } = new([], []);
    public IReadOnlyList<DeliveryRef> Deliveries { get; private set; } = [];
    public TimeZoneInfo Zone { get; private set; } = TimeZoneInfo.Utc;

    public async Task<IActionResult> OnGetAsync(string? order, int? line, string? claim, CancellationToken ct)
    {
        if (!string.IsNullOrWhiteSpace(order))
        {
            await LoadOrderAsync(order, ct);
            if (Order is null) return NotFound();
            var problem = line is { } n && Progress.Lines.FirstOrDefault(l => l.Line.LineNumber == n) is { } chosen
                ? TicketPrefill.Problem(chosen, Progress.Shipments, Order.Status) : null;
            var claimType = claim is not null && Portal.Data.Service.ClaimType.All.Contains(claim) ? claim : problem?.ClaimType;
            Input = new InputModel
            {
                Kind = TicketKind.DeliveryClaim,
                ClaimType = claimType,
                OrderNumber = Order.Number,
                Subject = TextLimits.Cut(claimType is null
                    ? $"Problem with order {Order.Number}"
                    : $"{Portal.Data.Service.ClaimType.Label(claimType)} delivery on order {Order.Number}{(line is { } ln ? $", line {ln}" : "")}", TextLimits.Tickets.Subject),
                Lines = Progress.Lines.Select(l => new LineInput
                {
                    LineNumber = l.Line.LineNumber,
                    Quantity = problem is not null && l.Line.LineNumber == problem.LineNumber ? problem.Quantity : null,
                }).ToList(),
                DeliveryId = line is { } dl ? LatestDeliveryOf(dl) : null,
                Body = Facts(line),
            };
        }
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var files = await TicketSetup.ReadFilesAsync(Files, ct);
        var outcome = await tickets.CreateAsync(me.TicketViewer(), new NewTicket
        {
            Kind = Input.Kind, ClaimType = Input.ClaimType, Impact = Input.Impact, Subject = Input.Subject, Body = Input.Body,
            OrderNumber = Input.OrderNumber, DeliveryId = Input.DeliveryId,
            Lines = Input.Lines.Select(l => new NewTicketLine(l.LineNumber, l.Quantity)).ToList(), Files = files,
        }, ct);
        if (!outcome.Succeeded)
        {
            TicketSetup.AddTicketErrors(ModelState, outcome.Errors);
            if (!string.IsNullOrWhiteSpace(Input.OrderNumber)) await LoadOrderAsync(Input.OrderNumber, ct);
            return Page();
        }
        TempData["Status"] = $"Request {outcome.Value!.Number} was raised. The service desk answers it in the times shown below.";
        return Redirect($"/requests/{outcome.Value.Number}");
    }

    private async Task LoadOrderAsync(string number, CancellationToken ct)
    {
        if (number.Length > TextLimits.ReorderOccurrences.OrderNumber) return;
        Order = await orders.GetAsync(me.OrderViewer, number.Trim(), ct);
        if (Order is null) return;
        Progress = await orderDesk.ProgressAsync(Order.AccountId, Order.Id, ct);
        Deliveries = await tickets.DeliveriesAsync(Order.AccountId, Order.Id, ct);
        Zone = TimeZoneInfo.FindSystemTimeZoneById((await accounts.GetAccountAsync(Order.AccountId, ct))!.TimeZone);
        // the lines of the order, each once, with what was typed for it (a new form: none)
        var typed = Input.Lines.ToDictionary(l => l.LineNumber, l => l.Quantity);
        Input.Lines = Progress.Lines.Select(l => new LineInput { LineNumber = l.Line.LineNumber, Quantity = typed.GetValueOrDefault(l.Line.LineNumber) }).ToList();
    }

    private Guid? LatestDeliveryOf(int line)
    {
        var shipment = Progress.Shipments.Where(s => s.DeliveredDate is not null && s.Lines.ContainsKey(line)).OrderBy(s => s.DeliveredDate).LastOrDefault();
        return shipment is null ? null : Deliveries.FirstOrDefault(d => d.ShipmentId == shipment.Id)?.Id;
    }

    private string Facts(int? line)
    {
        var chosen = Progress.Lines.Where(l => line is null || l.Line.LineNumber == line).ToList();
        if (chosen.Count == 0) return "";
        var facts = chosen.Select(l => "- " + TicketPrefill.Facts(l, Progress.Shipments, show.Date));
        return $"About order {Order!.Number}:\n\n{string.Join("\n", facts)}\n\nWhat happened: ";
    }

    public string DeliveryLabel(DeliveryRef d)
    {
        var shipment = Progress.Shipments.FirstOrDefault(s => s.Id == d.ShipmentId);
        var lines = shipment is null ? "" : " — " + string.Join(", ", shipment.Lines.OrderBy(l => l.Key).Select(l => $"line {l.Key} × {shipment.Delivered.GetValueOrDefault(l.Key)}"));
        return $"Delivered {show.Date(d.DeliveredDate)}{(shipment is null ? "" : $" ({shipment.Carrier})")}{lines}";
    }
}
