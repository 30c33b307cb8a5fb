using Microsoft.AspNetCore.Authorization;
using Portal.Data.Service;

namespace Portal.Web.Pages.Service;

/// <summary>
/// The supplier's calendar, kept by the supplier admin: the time zone and working hours per weekday (the SLA clocks run in
/// them; delivery dates skip closed days) and the holidays (no SLA time, no deliveries). Refused input shows the page
/// again with everything typed.
/// </summary>
[Authorize(Policy = Policies.SupplierAdmin)]
public sealed class Calendar(CalendarAdmin calendars) : PageModel
{
    public sealed class HoursInput
    {
        public string? TimeZone { get; set; }
        public int Version { get; set; }
        public List<WeekdayHours> Days { get; set; } = [];
    }

    public sealed class HolidayInput
    {
        public DateOnly? Date { get; set; }
        public string? Name { get; set; }
    }

    [BindProperty] public HoursInput Input { get; set; } = new();
    [BindProperty] public HolidayInput Holiday { get; set; } = new();
    public CalendarView View { get; private set; } = new("UTC", 0, [], []);

    /// <summary>Every zone this server knows, for the zone list (the stored one first if it is unusual).</summary>
    public IReadOnlyList<string> Zones { get; private set; } = [];

    private async Task LoadAsync(CancellationToken ct)
    {
        View = await calendars.GetAsync(ct);
        Zones = TimeZoneInfo.GetSystemTimeZones().Select(z => z.Id).Where(z => z.Contains('/') || z == "UTC").Order(StringComparer.Ordinal).ToList();
    }

    public async Task OnGetAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        Input = new HoursInput { TimeZone = View.TimeZone, Version = View.Version, Days = View.Days.ToList() };
    }

    public async Task<IActionResult> OnPostHoursAsync(CancellationToken ct)
    {
        // what was typed goes back to the service as typed: it says which day and field is wrong
        var outcome = await calendars.SaveHoursAsync(Input.TimeZone, Input.Days, Input.Version, ct);
        if (!outcome.Succeeded)
        {
            ModelState.AddErrors(outcome.Errors);
            await LoadAsync(ct);
            return Page();
        }
        TempData["Status"] = "Working hours saved. Open requests' due times follow the new hours.";
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostAddHolidayAsync(CancellationToken ct)
    {
        ModelState.Remove("Holiday.Date");
        var outcome = await calendars.AddHolidayAsync(Holiday.Date, Holiday.Name, ct);
        if (!outcome.Succeeded)
        {
            ModelState.AddErrors(outcome.Errors, "Holiday");
            if (Request.Form["Holiday.Date"] is { Count: > 0 } typed && !string.IsNullOrEmpty(typed) && Holiday.Date is null)
                ModelState.SetModelValue("Holiday.Date", typed, typed);
            await LoadAsync(ct);
            Input = new HoursInput { TimeZone = View.TimeZone, Version = View.Version, Days = View.Days.ToList() };
            ModelState.Remove("Input.Version");
            return Page();
        }
        TempData["Status"] = $"{outcome.Value!.Name} on {outcome.Value.Date:ddd d MMM yyyy} added: no SLA time and no deliveries that day.";
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostRemoveHolidayAsync(DateOnly date, CancellationToken ct)
    {
        var removed = await calendars.RemoveHolidayAsync(date, ct);
        TempData["Status"] = removed ? $"The holiday on {date:ddd d MMM yyyy} is removed." : "That holiday was already removed.";
        return RedirectToPage();
    }
}
