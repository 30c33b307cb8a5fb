using System.Globalization;
using Portal.Data.Relationships;

namespace Portal.Web.Pages.Relationships;

/// <summary>
/// One account in the workspace: health trend and reasons, open follow-up tasks (complete with an outcome), a new task,
/// the contact log (log a call, meeting or e-mail), last order and last contact side by side, recent orders and open
/// requests. Another manager's account is not found (404).
/// </summary>
[Authorize(Roles = Roles.AccountManager + "," + Roles.SupplierAdmin)]
public sealed class Account(CurrentUser me, Workspace workspace, FollowUps followUps, Contacts contacts, Show show, TimeProvider clock) : PageModel
{
    public sealed class TaskForm
    {
        public string? Kind { get; set; } = FollowUpKind.Call;
        public DateOnly? DueDate { get; set; }
        public string? Notes { get; set; }
    }

    public sealed class ContactForm
    {
        public string? Kind { get; set; } = ContactKind.Call;
        /// <summary>The day, in the account's time zone (yyyy-MM-dd as a date input sends it).</summary>
        public string? Date { get; set; }
        /// <summary>The time of day, in the account's time zone (HH:mm).</summary>
        public string? Time { get; set; }
        public string? WithWhom { get; set; }
        public string? Notes { get; set; }
    }

    [BindProperty] public TaskForm NewTask { get; set; } = new();
    [BindProperty] public ContactForm Contact { get; set; } = new();

    public WorkspaceAccountDetails Details { get; private set; } = null!;
    public WorkspaceAccount Summary => Details.Account;
    public TimeZoneInfo Zone { get; private set; } = TimeZoneInfo.Utc;
    public DateTimeOffset Now => clock.GetUtcNow();
    public bool SeesAll => me.IsInRole(Roles.SupplierAdmin);

    /// <summary>The task whose completion was refused, with what was typed and why.</summary>
    public Guid? RefusedTaskId { get; private set; }
    public string? RefusedOutcome { get; private set; }
    public string? RefusedMessage { get; private set; }

    private WorkspaceViewer Viewer => new(me.UserId, SeesAll);

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct)) return NotFound();
        var today = LocalNow;
        NewTask.DueDate = DateOnly.FromDateTime(today).AddDays(7);
        Contact.Date = today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        Contact.Time = today.ToString("HH:mm", CultureInfo.InvariantCulture);
        return Page();
    }

    public async Task<IActionResult> OnPostTaskAsync(Guid id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct)) return NotFound();
        if (ModelState.TryGetValue("NewTask.DueDate", out var due) && due.Errors.Count > 0)
        {
            due.Errors.Clear();
            ModelState.AddModelError("NewTask.DueDate", "Enter the due date as a date, such as 3 March 2026.");
            Contact = DefaultContact();
            return await RedisplayAsync(id, ct);
        }
        var outcome = await followUps.CreateAsync(Viewer, id, new FollowUpInput(NewTask.Kind, NewTask.DueDate, NewTask.Notes), ct);
        if (outcome is null) return NotFound();
        if (!outcome.Succeeded)
        {
            ModelState.AddErrors(outcome.Errors, "NewTask");
            Contact = DefaultContact();
            return await RedisplayAsync(id, ct);
        }
        TempData["Status"] = $"The {FollowUpKind.Label(outcome.Value!.Kind).ToLowerInvariant()} task, due {show.Date(outcome.Value.DueDate)}, was added.";
        return Redirect($"/desk/relationships/{id}#tasks");
    }

    public async Task<IActionResult> OnPostCompleteAsync(Guid id, Guid taskId, int version, string? outcome, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct)) return NotFound();
        var result = await followUps.CompleteAsync(Viewer, id, taskId, version, outcome, ct);
        if (result is null) return NotFound();
        if (!result.Succeeded)
        {
            RefusedTaskId = taskId;
            RefusedOutcome = outcome;
            RefusedMessage = result.Errors.Values.First();
            ModelState.Clear(); // keep the other forms' defaults; the refused one is marked by hand
            SetDefaults();
            return await RedisplayAsync(id, ct);
        }
        TempData["Status"] = $"The {FollowUpKind.Label(result.Value!.Kind).ToLowerInvariant()} task was completed.";
        return Redirect($"/desk/relationships/{id}#tasks");
    }

    public async Task<IActionResult> OnPostContactAsync(Guid id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct)) return NotFound();
        DateTimeOffset? when = null;
        var dateOk = DateOnly.TryParseExact(Contact.Date?.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date);
        var timeOk = TimeOnly.TryParseExact(Contact.Time?.Trim(), ["HH:mm", "H:mm", "HH:mm:ss"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var time);
        if (dateOk && (date.Year < 2000 || date.Year > 2100)) dateOk = false; // and far from the ends of the calendar, where zones overflow
        if (!dateOk) ModelState.AddModelError("Contact.Date", "Enter the day of the contact, such as 3 March 2026.");
        if (!timeOk) ModelState.AddModelError("Contact.Time", "Enter the time of the contact, such as 14:30.");
        if (dateOk && timeOk)
        {
            var local = date.ToDateTime(time, DateTimeKind.Unspecified);
            when = Zone.IsInvalidTime(local) ? null : new DateTimeOffset(TimeZoneInfo.ConvertTimeToUtc(local, Zone), TimeSpan.Zero);
            if (when is null) ModelState.AddModelError("Contact.Time", "That time does not exist on that day (the clocks went forward).");
        }
        var outcome = await contacts.LogAsync(Viewer, id, new ContactInput(Contact.Kind, when ?? DateTimeOffset.MinValue, Contact.WithWhom, Contact.Notes), ct);
        if (outcome is null) return NotFound();
        if (!outcome.Succeeded || !ModelState.IsValid)
        {
            foreach (var (field, message) in outcome.Errors)
            {
                // a day or time that did not read is already marked; the rule's own message goes on the day
                if (field == "ContactedUtc") { if (when is not null) ModelState.AddModelError("Contact.Date", message); }
                else ModelState.AddModelError($"Contact.{field}", message);
            }
            NewTask.DueDate ??= DateOnly.FromDateTime(LocalNow).AddDays(7);
            return await RedisplayAsync(id, ct);
        }
        TempData["Status"] = $"The {ContactKind.Label(outcome.Value!.Kind).ToLowerInvariant()} with {outcome.Value.WithWhom} was logged.";
        return Redirect($"/desk/relationships/{id}#contacts");
    }

    private async Task<IActionResult> RedisplayAsync(Guid id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct)) return NotFound();
        return Page();
    }

    private void SetDefaults()
    {
        NewTask = new TaskForm { DueDate = DateOnly.FromDateTime(LocalNow).AddDays(7) };
        Contact = DefaultContact();
    }

    private ContactForm DefaultContact() =>
        new() { Date = LocalNow.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), Time = LocalNow.ToString("HH:mm", CultureInfo.InvariantCulture) };

    private DateTime LocalNow => TimeZoneInfo.ConvertTimeFromUtc(Now.UtcDateTime, Zone);

    private async Task<bool> LoadAsync(Guid id, CancellationToken ct)
    {
        if (await workspace.DetailsAsync(Viewer, id, ct) is not { } details) return false;
        Details = details;
        Zone = TimeZoneInfo.TryFindSystemTimeZoneById(details.Account.TimeZone, out var zone) ? zone : TimeZoneInfo.Utc;
        return true;
    }

    public string Ago(DateTimeOffset? utc) => utc is { } t ? (Now - t < TimeSpan.Zero ? "just now" : Portal.Web.Infrastructure.Show.Age(Now - t) + " ago") : "never";
}
