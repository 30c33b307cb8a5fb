using Microsoft.AspNetCore.Authorization;
using Portal.Data.Service;

namespace Portal.Web.Pages.Service;

/// <summary>
/// SLA targets, kept by the supplier admin: first response and resolution per priority, in hours and minutes of business
/// time, with optional targets of a queue's own that win over the general one for that queue.
/// </summary>
[Authorize(Policy = Portal.Web.Infrastructure.Policies.SupplierAdmin)]
public sealed class SlaPolicies(Portal.Data.Service.SlaPolicies policies) : PageModel
{
    [BindProperty] public SlaPolicyInput Input { get; set; } = new();
    public IReadOnlyList<SlaPolicy> Policies { get; private set; } = [];
    public IReadOnlyList<TicketQueue> Queues { get; private set; } = [];

    /// <summary>Urgent first: the order people read targets in.</summary>
    public static readonly IReadOnlyList<string> PriorityOrder = [TicketPriority.Urgent, TicketPriority.High, TicketPriority.Normal, TicketPriority.Low];

    private async Task LoadAsync(CancellationToken ct)
    {
        Policies = await policies.ListAsync(ct);
        Queues = await policies.QueuesAsync(ct);
    }

    /// <summary>The form starts with the target chosen from the list (Edit), else Normal for all queues.</summary>
    public async Task OnGetAsync(string? priority, Guid? queue, CancellationToken ct)
    {
        await LoadAsync(ct);
        Input = Portal.Data.Service.SlaPolicies.InputFor(Policies, TicketPriority.IsKnown(priority) ? priority! : TicketPriority.Normal,
            queue is { } q && Queues.Any(x => x.Id == q) ? q : null);
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        // a number that does not bind (letters, too large) is said in words; the typed text stays in the field
        var unbound = ModelState.Where(e => e.Value?.ValidationState == Microsoft.AspNetCore.Mvc.ModelBinding.ModelValidationState.Invalid).Select(e => e.Key).ToList();
        if (unbound.Count > 0)
        {
            foreach (var key in unbound)
            {
                ModelState[key]!.Errors.Clear();
                ModelState.AddModelError(key, "Enter a whole number.");
            }
            await LoadAsync(ct);
            return Page();
        }
        var outcome = await policies.SaveAsync(Input, ct);
        if (!outcome.Succeeded)
        {
            ModelState.AddErrors(outcome.Errors);
            await LoadAsync(ct);
            return Page();
        }
        var saved = outcome.Value!;
        TempData["Status"] = $"{saved.Priority} requests{(saved.QueueName is { } name ? $" in {name}" : "")}: first response within {SlaPolicy.Duration(saved.FirstResponseMinutes)}, resolution within {SlaPolicy.Duration(saved.ResolutionMinutes)} of business time.";
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostRemoveAsync(Guid id, CancellationToken ct)
    {
        var removed = await policies.RemoveQueuePolicyAsync(id, ct);
        TempData["Status"] = removed ? "The queue's own target is removed: its requests follow the general target." : "That target was already removed.";
        return RedirectToPage();
    }
}
