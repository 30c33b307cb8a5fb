using Portal.Data.Service;

namespace Portal.Web.Pages.Desk.Requests;

/// <summary>Supplier admins rename the request queues (each request kind keeps going to the same queue).</summary>
public sealed class Queues(Tickets tickets) : PageModel
{
    public IReadOnlyList<TicketQueue> List { get; private set; } = [];
    [BindProperty] public Dictionary<Guid, string?> Names { get; set; } = [];

    public async Task OnGetAsync(CancellationToken ct) => List = await tickets.QueuesAsync(ct);

    public async Task<IActionResult> OnPostAsync(Guid id, CancellationToken ct)
    {
        var outcome = await tickets.RenameQueueAsync(id, Names.GetValueOrDefault(id), ct);
        if (!outcome.Succeeded)
        {
            ModelState.AddModelError($"Names[{id}]", outcome.Errors.Values.First());
            List = await tickets.QueuesAsync(ct);
            return Page();
        }
        TempData["Status"] = $"The queue is now called {outcome.Value!.Name}.";
        return Redirect("/desk/requests/queues");
    }
}
