using System.ComponentModel.DataAnnotations;
using System.Globalization;
using Portal.Data.Catalog;
using Portal.Data.Ordering;
using Portal.Data.Replenishment;

namespace Portal.Web.Pages.Ordering.Schedules;

/// <summary>
/// Makes or changes a reorder schedule with friendly fields (every N weeks on chosen days, or monthly on a day, the last
/// day or the last business day, at a local time; or a cron expression). A form refused for one value comes back with
/// every value as typed and the message next to the field.
/// </summary>
[Authorize(Roles = ScheduleAccess.Roles)]
public sealed class Edit(CurrentUser me, Portal.Data.Replenishment.Schedules schedules, OrderingContext ordering, AccountStore accounts, CatalogStore catalog) : PageModel
{
    public const int BlankLines = 3;

    [BindProperty] public ScheduleForm Input { get; set; } = new();
    public ReorderSchedule? Existing { get; private set; }
    public IReadOnlyList<Site> Sites { get; private set; } = [];
    public IReadOnlyDictionary<string, Product> Products { get; private set; } = new Dictionary<string, Product>();
    public string TimeZone { get; private set; } = "UTC";
    public string? StartedFrom { get; private set; }

    public sealed class LineForm
    {
        [Display(Name = "SKU")] public string? Sku { get; set; }
        [Display(Name = "Quantity")] public int? Quantity { get; set; }
    }

    public sealed class ScheduleForm
    {
        [Display(Name = "Name")] public string? Name { get; set; }
        [Display(Name = "Ship to")] public Guid SiteId { get; set; }
        [Display(Name = "Repeats")] public string Kind { get; set; } = RecurrenceKind.Weekly;
        [Display(Name = "Every how many weeks")] public int? IntervalWeeks { get; set; } = 1;
        [Display(Name = "On")] public List<DayOfWeek> Weekdays { get; set; } = [DayOfWeek.Monday];
        [Display(Name = "Day of the month")] public int? DayOfMonth { get; set; } = 1;
        [Display(Name = "At (local time)")] public string? Time { get; set; } = "09:00";
        [Display(Name = "Cron expression")] public string? Cron { get; set; }
        [Display(Name = "Start date")] public DateOnly? StartDate { get; set; }
        [Display(Name = "End date")] public DateOnly? EndDate { get; set; }
        [Display(Name = "Reminder (hours before)")] public int? LeadNoticeHours { get; set; } = Portal.Data.Replenishment.Schedules.DefaultLeadNoticeHours;
        [Display(Name = "Delivery (business days after)")] public int? DeliveryBusinessDays { get; set; }
        [Display(Name = "PO number")] public string? PoNumber { get; set; }
        public int Version { get; set; }
        public List<LineForm> Lines { get; set; } = [];
    }

    public async Task<IActionResult> OnGetAsync(Guid? id, string? fromOrder, Guid? fromList, string? sku, int? quantity, int? weeks, CancellationToken ct)
    {
        var terms = await accounts.TermsAsync(me.RequiredAccountId, ct);
        if (id is { } existingId)
        {
            if (await schedules.DetailsAsync(me.Viewer(), existingId, ct) is not { } details) return NotFound();
            Existing = details.Schedule;
            var s = details.Schedule;
            var f = s.Fields;
            Input = new ScheduleForm
            {
                Name = s.Name, SiteId = s.SiteId, Kind = f.Kind, IntervalWeeks = f.IntervalWeeks, Weekdays = f.Weekdays.ToList(), DayOfMonth = f.DayOfMonth,
                Time = f.Time.ToString("HH:mm", CultureInfo.InvariantCulture), Cron = s.Cron, StartDate = s.StartDate, EndDate = s.EndDate,
                LeadNoticeHours = s.LeadNoticeHours, DeliveryBusinessDays = s.DeliveryBusinessDays, PoNumber = s.PoNumber, Version = s.Version,
                Lines = details.Lines.Select(l => new LineForm { Sku = l.Sku, Quantity = l.Quantity }).ToList(),
            };
        }
        else
        {
            IReadOnlyList<ScheduleLineInput>? lines = null;
            if (!string.IsNullOrWhiteSpace(fromOrder))
            {
                lines = await schedules.LinesFromOrderAsync(me.OrderViewer, fromOrder.Trim(), ct);
                if (lines is null) return NotFound();
                StartedFrom = $"order {fromOrder.Trim()}";
            }
            else if (fromList is { } listId)
            {
                lines = await schedules.LinesFromListAsync(me.RequiredAccountId, listId, ct);
                if (lines is null) return NotFound();
                StartedFrom = "a standing list";
            }
            else if (!string.IsNullOrWhiteSpace(sku))
            {
                // from a suggestion of the buying rhythm: the item, its usual quantity, every N weeks close to its rhythm
                var product = await catalog.BySkuAsync(sku.Trim(), ct);
                if (product is not { IsActive: true }) return NotFound();
                lines = [new ScheduleLineInput(product.Sku, quantity is > 0 ? quantity.Value : OrderQuantities.Smallest(product))];
                StartedFrom = "your buying rhythm";
            }
            var site = await ordering.CurrentSiteAsync(ct);
            var today = terms.Today(HttpContext.RequestServices.GetRequiredService<TimeProvider>());
            var fromRhythm = !string.IsNullOrWhiteSpace(sku) && lines is { Count: 1 };
            Input = new ScheduleForm
            {
                Name = fromRhythm ? $"{lines![0].Sku} every {Math.Clamp(weeks ?? 1, 1, 52)} week{(weeks is > 1 ? "s" : "")}" : StartedFrom is null ? null : $"Repeat of {StartedFrom}",
                SiteId = site?.Id ?? Guid.Empty, StartDate = today,
                IntervalWeeks = fromRhythm ? Math.Clamp(weeks ?? 1, 1, 52) : 1,
                // on today's weekday (the rhythm is due now), a weekday for a delivery-minded schedule
                Weekdays = [fromRhythm && today.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday) ? today.DayOfWeek : DayOfWeek.Monday],
                Lines = (lines ?? []).Select(l => new LineForm { Sku = l.Sku, Quantity = l.Quantity }).ToList(),
            };
        }
        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid? id, CancellationToken ct)
    {
        var viewer = me.Viewer();
        if (id is { } existingId && (Existing = await schedules.GetAsync(viewer, existingId, ct)) is null) return NotFound();
        var typedLines = Input.Lines.Select((l, i) => (Line: l, Index: i)).Where(x => !string.IsNullOrWhiteSpace(x.Line.Sku) || x.Line.Quantity is not null).ToList();
        var time = TimeOnly.TryParseExact(Input.Time?.Trim(), ["HH:mm", "H:mm", "HH:mm:ss"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var t) ? t : (TimeOnly?)null;
        if (time is null && Input.Kind != RecurrenceKind.Custom) ModelState.AddModelError("Input.Time", "Enter a time of day such as 09:00.");
        foreach (var (line, i) in typedLines)
            if (line.Quantity is null && ModelState[$"Input.Lines[{i}].Quantity"]?.Errors.Count is null or 0)
                ModelState.AddModelError($"Input.Lines[{i}].Quantity", $"Line {i + 1}: enter a quantity.");
        var fields = new RecurrenceFields
        {
            Kind = Input.Kind, IntervalWeeks = Input.IntervalWeeks ?? 0, Weekdays = Input.Weekdays, DayOfMonth = Input.DayOfMonth ?? 0,
            Time = time ?? new TimeOnly(9, 0), Cron = Input.Cron,
        };
        var cron = fields.ToCron();
        ModelState.AddErrors(cron.Errors);
        if (ModelState.IsValid)
        {
            var input = new ScheduleInput
            {
                Name = Input.Name, SiteId = Input.SiteId, Cron = cron.Value.Cron, IntervalWeeks = cron.Value.IntervalWeeks, StartDate = Input.StartDate, EndDate = Input.EndDate,
                LeadNoticeHours = Input.LeadNoticeHours ?? -1, DeliveryBusinessDays = Input.DeliveryBusinessDays, PoNumber = Input.PoNumber,
                Lines = typedLines.Select(x => new ScheduleLineInput(x.Line.Sku, x.Line.Quantity ?? 0)).ToList(),
            };
            var saved = Existing is null ? await schedules.CreateAsync(viewer with { SeesAll = true }, input, ct) : await schedules.UpdateAsync(viewer, Existing.Id, Input.Version, input, ct);
            if (saved is null) return NotFound();
            if (saved.Succeeded)
            {
                TempData["Status"] = Existing is null ? $"The schedule \"{saved.Value!.Name}\" was made." : "Your changes were saved.";
                return Redirect($"/schedules/{saved.Value!.Id}");
            }
            // errors name the lines that were typed, which may not be the form's rows: point them at the rows
            var errors = new FieldErrors();
            foreach (var (key, message) in saved.Errors)
            {
                var m = System.Text.RegularExpressions.Regex.Match(key, @"^Lines\[(\d+)\]\.(\w+)$");
                errors[m.Success ? $"Lines[{typedLines[int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)].Index}].{m.Groups[2].Value}" : key == "Cron" && Input.Kind != RecurrenceKind.Custom ? "Kind" : key] = message;
            }
            ModelState.AddErrors(errors);
        }
        await LoadAsync(ct);
        return Page();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Sites = await ordering.SitesAsync(ct);
        TimeZone = (await accounts.TermsAsync(me.RequiredAccountId, ct)).TimeZone;
        Products = await catalog.BySkusAsync(Input.Lines.Where(l => !string.IsNullOrWhiteSpace(l.Sku)).Select(l => l.Sku!.Trim()), ct);
        while (Input.Lines.Count(l => string.IsNullOrWhiteSpace(l.Sku)) < BlankLines && Input.Lines.Count < Portal.Data.Replenishment.Schedules.MaxLines)
            Input.Lines.Add(new LineForm());
    }
}
