using Portal.Data.Replenishment;

namespace Portal.Web.Pages.Ordering.Schedules;

/// <summary>
/// Where the reminder's "Skip this order" link lands (after sign-in if needed): it names the order and asks for one press.
/// The GET changes nothing (mail scanners and link previews follow links); the POST skips that occurrence, and only while
/// it is still the schedule's next one.
/// </summary>
[Authorize(Roles = ScheduleAccess.Roles)]
public sealed class Skip(CurrentUser me, Portal.Data.Replenishment.Schedules schedules) : PageModel
{
    public ScheduleDetails View { get; private set; } = null!;
    public DateTimeOffset? Occurrence { get; private set; }
    public TimeZoneInfo Zone { get; private set; } = TimeZoneInfo.Utc;
    /// <summary>The occurrence of the link is still the next one, so it can be skipped.</summary>
    public bool CanSkip => Occurrence is { } o && View.Schedule is { Status: ScheduleStatus.Active, NextRunUtc: { } next } && next == o;

    public async Task<IActionResult> OnGetAsync(Guid id, string? at, CancellationToken ct)
    {
        if (await schedules.DetailsAsync(me.Viewer(), id, ct) is not { } details) return NotFound();
        View = details;
        Zone = details.Schedule.Zone();
        Occurrence = ReplenishmentRun.ParseSkipAt(at) ?? details.Schedule.NextRunUtc;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid id, string? at, CancellationToken ct)
    {
        var occurrence = ReplenishmentRun.ParseSkipAt(at);
        if (occurrence is null) return await OnGetAsync(id, at, ct);
        var outcome = await schedules.SkipNextAsync(me.Viewer(), id, ct, occurrence);
        if (outcome is null) return NotFound();
        if (outcome.Succeeded)
        {
            TempData["Status"] = $"The order of {TimeZoneInfo.ConvertTime(occurrence.Value, outcome.Value!.Zone()):ddd d MMM HH:mm} was skipped; the next one is shown below.";
            return Redirect($"/schedules/{id}");
        }
        ModelState.AddErrors(outcome.Errors);
        return await OnGetAsync(id, at, ct);
    }
}
