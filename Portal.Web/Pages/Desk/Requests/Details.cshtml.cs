using Portal.Data.Service;

namespace Portal.Web.Pages.Desk.Requests;

/// <summary>
/// One request on the desk: its facts and clocks (times in the account's zone, named), the whole thread with internal
/// notes, and the desk's work: reply (optionally setting a status) or add an internal note, insert a canned reply with its
/// placeholders filled, assign/take/reassign, status and priority — each at the version the agent saw. Account managers
/// read their accounts' requests here and change nothing.
/// </summary>
[RequestSizeLimit(Attachments.MaxRequestBytes)]
[RequestFormLimits(MultipartBodyLengthLimit = Attachments.MaxRequestBytes)]
public sealed class Details(CurrentUser me, Tickets tickets) : PageModel
{
    public TicketThread Thread { get; private set; } = null!;
    public Ticket Ticket => Thread.Ticket;
    public TimeZoneInfo Zone { get; private set; } = TimeZoneInfo.Utc;
    public IReadOnlyList<DeskPerson> Staff { get; private set; } = [];
    public IReadOnlyList<CannedReply> Canned { get; private set; } = [];
    public bool IsDesk => me.TicketViewer().IsDesk;
    public Guid MyId => me.UserId;

    public sealed class ReplyInput
    {
        public string? Body { get; set; }
        public bool Internal { get; set; }
        public string? Status { get; set; }
        public Guid? CannedId { get; set; }
    }

    [BindProperty] public ReplyInput Input { get; set; } = new();
    [BindProperty] public List<IFormFile> Files { get; set; } = [];
    [BindProperty] public int Version { get; set; }
    [BindProperty] public Guid? AssigneeUserId { get; set; }
    [BindProperty] public string? NewStatus { get; set; }
    [BindProperty] public string? NewPriority { get; set; }

    public async Task<IActionResult> OnGetAsync(string number, CancellationToken ct) => await LoadAsync(number, ct) ? Page() : NotFound();

    public async Task<IActionResult> OnGetFileAsync(string number, Guid id, CancellationToken ct)
    {
        var file = await tickets.AttachmentAsync(me.TicketViewer(), id, ct);
        if (file is null || await tickets.GetAsync(me.TicketViewer(), number, ct) is not { } t || t.Id != file.Attachment.TicketId) return NotFound();
        return TicketSetup.Download(Response, file);
    }

    public async Task<IActionResult> OnPostReplyAsync(string number, CancellationToken ct)
    {
        if (!IsDesk) return Forbid();
        var files = await TicketSetup.ReadFilesAsync(Files, ct);
        var outcome = await tickets.ReplyAsync(me.TicketViewer(), number, new TicketReply { Body = Input.Body, Internal = Input.Internal, Status = Input.Status, Files = files }, ct);
        return await DoneAsync(number, outcome, Input.Internal ? "Your internal note was added." : "Your reply was sent to the customer.", ct);
    }

    /// <summary>Puts a canned reply, its placeholders filled, after what the agent has typed (works without script).</summary>
    public async Task<IActionResult> OnPostInsertCannedAsync(string number, CancellationToken ct)
    {
        if (!IsDesk) return Forbid();
        if (!await LoadAsync(number, ct)) return NotFound();
        ModelState.Clear();
        if (Input.CannedId is { } id && await tickets.CannedReplyAsync(id, ct) is { } canned)
        {
            var filled = canned.Fill(Ticket.RequesterName, Ticket.OrderNumber, me.DisplayName);
            Input.Body = string.IsNullOrWhiteSpace(Input.Body) ? filled : Input.Body.TrimEnd() + "\n\n" + filled;
        }
        else ModelState.AddModelError("Input.CannedId", "Choose a canned reply to insert.");
        return Page();
    }

    public async Task<IActionResult> OnPostTakeAsync(string number, CancellationToken ct) =>
        !IsDesk ? Forbid() : await DoneAsync(number, await tickets.AssignAsync(me.TicketViewer(), number, me.UserId, Version, ct), "You took the request.", ct);

    public async Task<IActionResult> OnPostAssignAsync(string number, CancellationToken ct) =>
        !IsDesk ? Forbid() : await DoneAsync(number, await tickets.AssignAsync(me.TicketViewer(), number, AssigneeUserId, Version, ct),
            AssigneeUserId is null ? "The request is unassigned." : "The request was assigned.", ct);

    public async Task<IActionResult> OnPostStatusAsync(string number, CancellationToken ct) =>
        !IsDesk ? Forbid() : await DoneAsync(number, await tickets.SetStatusAsync(me.TicketViewer(), number, NewStatus, Version, ct),
            $"The request is now {TicketStatus.Label(NewStatus ?? "").ToLowerInvariant()}; the customer is told.", ct);

    public async Task<IActionResult> OnPostPriorityAsync(string number, CancellationToken ct) =>
        !IsDesk ? Forbid() : await DoneAsync(number, await tickets.SetPriorityAsync(me.TicketViewer(), number, NewPriority, Version, ct), $"Priority set to {NewPriority}.", ct);

    private async Task<IActionResult> DoneAsync(string number, Outcome<Ticket>? outcome, string status, CancellationToken ct)
    {
        if (outcome is null) return NotFound();
        if (!outcome.Succeeded)
        {
            foreach (var (field, message) in outcome.Errors)
            {
                var key = field switch
                {
                    "" => "",
                    "Files" => "Files",
                    "Status" when NewStatus is not null => "NewStatus",
                    "Priority" => "NewPriority",
                    "AssigneeUserId" => "AssigneeUserId",
                    _ => $"Input.{field}",
                };
                ModelState.AddModelError(key, field == "Files" ? message + " Nothing was sent; what you wrote is kept — choose the files again." : message);
            }
            if (!await LoadAsync(number, ct)) return NotFound();
            return Page();
        }
        TempData["Status"] = status;
        return Redirect($"/desk/requests/{outcome.Value!.Number}");
    }

    private async Task<bool> LoadAsync(string number, CancellationToken ct)
    {
        var thread = await tickets.ThreadAsync(me.TicketViewer(), number, ct);
        if (thread is null) return false;
        Thread = thread;
        Zone = TimeZoneInfo.FindSystemTimeZoneById(thread.Ticket.AccountTimeZone);
        Staff = await tickets.DeskStaffAsync(ct);
        Canned = await tickets.CannedRepliesAsync(ct);
        return true;
    }

    public string FileHref(TicketAttachment f) => $"/desk/requests/{Uri.EscapeDataString(Ticket.Number)}?handler=File&id={f.Id}";
}
