using Portal.Data.Service;

namespace Portal.Web.Pages.Service;

/// <summary>
/// One request as the customer follows it: status, the promised first-response and resolution times (account's zone)
/// with time left, the lines it is about, the public thread with files, and a reply with files. A reply to a resolved
/// request within 14 days reopens it; later (or once closed) the page says to raise a new one. Another account's request,
/// or (for people who see only their own) someone else's, is 404; so are its files.
/// </summary>
[RequestSizeLimit(Attachments.MaxRequestBytes)]
[RequestFormLimits(MultipartBodyLengthLimit = Attachments.MaxRequestBytes)]
public sealed class Details(CurrentUser me, Tickets tickets, AccountStore accounts, Satisfaction satisfaction, TimeProvider clock) : PageModel
{
    /// <summary>The satisfaction form or the rating given, for a resolved request (null when this person may not rate it).</summary>
    public RatingState? Rating { get; private set; }

    public TicketThread Thread { get; private set; } = null!;
    public Ticket Ticket => Thread.Ticket;
    public TimeZoneInfo Zone { get; private set; } = TimeZoneInfo.Utc;
    public DateTimeOffset Now { get; private set; }

    [BindProperty] public ReplyInput Input { get; set; } = new();
    [BindProperty] public List<IFormFile> Files { get; set; } = [];

    public sealed class ReplyInput
    {
        public string? Body { get; set; }
    }

    /// <summary>Whether a reply is still taken (closed, or resolved over 14 days ago: raise a new request).</summary>
    public bool MayReply => Ticket.Status != TicketStatus.Closed
        && !(Ticket.Status == TicketStatus.Resolved && Ticket.ResolvedUtc is { } r && Now - r > Tickets.ReopenWithin);

    public async Task<IActionResult> OnGetAsync(string number, CancellationToken ct) => await LoadAsync(number, ct) ? Page() : NotFound();

    public async Task<IActionResult> OnGetFileAsync(string number, Guid id, CancellationToken ct)
    {
        var file = await tickets.AttachmentAsync(me.TicketViewer(), id, ct);
        // the file must belong to the request in the address too
        if (file is null || await tickets.GetAsync(me.TicketViewer(), number, ct) is not { } t || t.Id != file.Attachment.TicketId) return NotFound();
        return TicketSetup.Download(Response, file);
    }

    public async Task<IActionResult> OnPostAsync(string number, CancellationToken ct)
    {
        var files = await TicketSetup.ReadFilesAsync(Files, ct);
        var outcome = await tickets.ReplyAsync(me.TicketViewer(), number, new TicketReply { Body = Input.Body, Files = files }, ct);
        if (outcome is null) return NotFound();
        if (!outcome.Succeeded)
        {
            TicketSetup.AddTicketErrors(ModelState, outcome.Errors);
            if (!await LoadAsync(number, ct)) return NotFound();
            return Page();
        }
        TempData["Status"] = "Your reply was sent.";
        return Redirect($"/requests/{outcome.Value!.Number}");
    }

    private async Task<bool> LoadAsync(string number, CancellationToken ct)
    {
        var thread = await tickets.ThreadAsync(me.TicketViewer(), number, ct);
        if (thread is null) return false;
        Thread = thread;
        Zone = TimeZoneInfo.FindSystemTimeZoneById((await accounts.GetAccountAsync(me.RequiredAccountId, ct))!.TimeZone);
        Now = clock.GetUtcNow();
        Rating = await satisfaction.StateAsync(new Rater(me.RequiredAccountId, me.UserId, me.IsInRole(Roles.CustomerAdmin)), number, ct);
        return true;
    }

    public string FileHref(TicketAttachment f) => $"/requests/{Uri.EscapeDataString(Ticket.Number)}?handler=File&id={f.Id}";
}
