using Portal.Data.Replenishment;

namespace Portal.Web.Pages.Ordering.Schedules;

/// <summary>One schedule: its lines, next five occurrences with their delivery dates, history; pause, resume, skip, delete.</summary>
[Authorize(Roles = ScheduleAccess.Roles)]
public sealed class Details(CurrentUser me, Portal.Data.Replenishment.Schedules schedules) : PageModel
{
    public ScheduleDetails View { get; private set; } = null!;
    public TimeZoneInfo Zone { get; private set; } = TimeZoneInfo.Utc;

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        if (await schedules.DetailsAsync(me.Viewer(), id, ct) is not { } details) return NotFound();
        View = details;
        Zone = details.Schedule.Zone();
        return Page();
    }

    public Task<IActionResult> OnPostPauseAsync(Guid id, CancellationToken ct) =>
        ActAsync(id, schedules.PauseAsync(me.Viewer(), id, ct), "The schedule is paused: it orders nothing until you resume it.", ct);

    public Task<IActionResult> OnPostResumeAsync(Guid id, CancellationToken ct) =>
        ActAsync(id, schedules.ResumeAsync(me.Viewer(), id, ct), "The schedule is active again; occurrences while it was paused are not ordered.", ct);

    public Task<IActionResult> OnPostSkipAsync(Guid id, CancellationToken ct) =>
        ActAsync(id, schedules.SkipNextAsync(me.Viewer(), id, ct), "The next order was skipped.", ct);

    public async Task<IActionResult> OnPostDeleteAsync(Guid id, CancellationToken ct)
    {
        if (!await schedules.DeleteAsync(me.Viewer(), id, ct)) return NotFound();
        TempData["Status"] = "The schedule was deleted.";
        return Redirect("/schedules");
    }

    private async Task<IActionResult> ActAsync(Guid id, Task<Outcome<ReorderSchedule>?> action, string done, CancellationToken ct)
    {
        var outcome = await action;
        if (outcome is null) return NotFound();
        if (outcome.Succeeded)
        {
            TempData["Status"] = done;
            return Redirect($"/schedules/{id}");
        }
        ModelState.AddErrors(outcome.Errors);
        return await OnGetAsync(id, ct);
    }
}
