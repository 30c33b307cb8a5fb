using System.Globalization;
using Portal.Data.Fulfilment;
using Portal.Data.Ordering;
using Portal.Data.Reliability;

namespace Portal.Web.Pages.Reliability;

/// <summary>
/// The order desk's At risk queue: confirmed lines that cannot meet their promise as things stand (flagged by the
/// promises-at-risk job), each with a one-click re-promise: the new date comes filled in, the agent picks the reason. A
/// re-promise refused for one bad value shows the queue again with what was typed, the message next to the field.
/// </summary>
public sealed class AtRisk(CurrentUser me, PromiseRisk risk, OrderDesk orderDesk, TimeProvider clock) : PageModel
{
    public IReadOnlyList<RiskLine> Lines { get; private set; } = [];
    public DateOnly Today => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);

    /// <summary>The row sent back with errors, and its refused fields (field id → message).</summary>
    public Guid? SentBack { get; private set; }
    public Dictionary<string, string> Invalid { get; } = [];

    /// <summary>The new date proposed for a line: two business days after its promised date (or after today, if that is later).</summary>
    public DateOnly Proposed(RiskLine line) => DeliveryDates.AddBusinessDays(line.PromisedDate > Today ? line.PromisedDate : Today, 2);

    /// <summary>What a field of a row shows: what was typed when that row was sent back, else <paramref name="start"/>.</summary>
    public string? Value(RiskLine line, string name, string? start) => SentBack == line.Id ? Request.Form[name].ToString() : start;

    public async Task OnGetAsync(CancellationToken ct) => Lines = await risk.QueueOfEveryAccountAsync(ct);

    public async Task<IActionResult> OnPostRepromiseAsync(Guid riskId, string? number, int lineNumber, string? promisedDate, string? reasonCode, string? note, CancellationToken ct)
    {
        ModelState.Clear();
        Lines = await risk.QueueOfEveryAccountAsync(ct);
        var line = Lines.FirstOrDefault(l => l.Id == riskId);
        if (line is null)
        {
            TempData["Status"] = "That line is no longer at risk (it was re-promised or shipped meanwhile).";
            return Redirect("/desk/at-risk");
        }
        DateOnly? date = null;
        if (DateOnly.TryParseExact(promisedDate?.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed)) date = parsed;
        else Invalid[$"date-{riskId}"] = "Give the new promised date as day, month and year.";
        if (Invalid.Count == 0)
        {
            var outcome = await orderDesk.RepromiseAsync(line.OrderNumber, me.UserId, line.LineNumber, date, null, reasonCode, note, ct);
            if (outcome is null) return NotFound();
            if (outcome.Succeeded)
            {
                TempData["Status"] = $"{line.OrderNumber} line {line.LineNumber} re-promised for {date:ddd d MMM yyyy}; the customer is told.";
                return Redirect("/desk/at-risk");
            }
            foreach (var (key, message) in outcome.Errors)
            {
                var field = key switch { "PromisedDate" => $"date-{riskId}", "ReasonCode" => $"reason-{riskId}", "Note" => $"note-{riskId}", _ => null };
                if (field is not null) Invalid.TryAdd(field, message);
                else ModelState.AddModelError("", message);
            }
        }
        foreach (var message in Invalid.Values) ModelState.AddModelError("", message);
        SentBack = riskId;
        return Page();
    }
}
