using Portal.Data.Service;

namespace Portal.Web.Pages.Desk.Requests;

/// <summary>The desk's canned replies: a name and a body with placeholders {customerName}, {orderNumber} and {agentName}.</summary>
public sealed class Canned(Tickets tickets) : PageModel
{
    public IReadOnlyList<CannedReply> Replies { get; private set; } = [];

    public sealed class InputModel
    {
        public Guid? Id { get; set; }
        public string? Name { get; set; }
        public string? Body { get; set; }
    }

    [BindProperty] public InputModel Input { get; set; } = new();

    public async Task OnGetAsync(Guid? edit, CancellationToken ct)
    {
        Replies = await tickets.CannedRepliesAsync(ct);
        if (edit is { } id && Replies.FirstOrDefault(r => r.Id == id) is { } r) Input = new InputModel { Id = r.Id, Name = r.Name, Body = r.Body };
    }

    public async Task<IActionResult> OnPostSaveAsync(CancellationToken ct)
    {
        var outcome = await tickets.SaveCannedAsync(Input.Id, Input.Name, Input.Body, ct);
        if (!outcome.Succeeded)
        {
            ModelState.AddErrors(outcome.Errors);
            Replies = await tickets.CannedRepliesAsync(ct);
            return Page();
        }
        TempData["Status"] = $"Canned reply “{outcome.Value!.Name}” saved.";
        return Redirect("/desk/requests/canned");
    }

    public async Task<IActionResult> OnPostDeleteAsync(Guid id, CancellationToken ct)
    {
        await tickets.DeleteCannedAsync(id, ct);
        TempData["Status"] = "The canned reply was deleted.";
        return Redirect("/desk/requests/canned");
    }
}
