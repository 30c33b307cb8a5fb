using Microsoft.AspNetCore.Authorization;
using Portal.Data.Service;

namespace Portal.Web.Pages.Service;

/// <summary>
/// Rating a resolved request, 1 to 5 with an optional comment: the page the resolution e-mail links to (a score in the link
/// preselects it) and the POST target of the rating form on the request page (<c>_RateRequest</c>). Only the requester or
/// the account's customer admin; another account's request is not found.
/// </summary>
[Authorize(Policy = Policies.Customer)]
public sealed class Rate(CurrentUser me, Satisfaction satisfaction) : PageModel
{
    public sealed class InputModel
    {
        public int? Score { get; set; }
        public string? Comment { get; set; }
        /// <summary>Where to go back to after rating (a local path: the request page the form sat on).</summary>
        public string? ReturnUrl { get; set; }
    }

    [BindProperty] public InputModel Input { get; set; } = new();
    public RatingState State { get; private set; } = new();

    private Rater Rater => new(me.RequiredAccountId, me.UserId, me.IsInRole(Roles.CustomerAdmin));

    public async Task<IActionResult> OnGetAsync(string number, int? score, CancellationToken ct)
    {
        if (await satisfaction.StateAsync(Rater, number, ct) is not { } state) return NotFound();
        State = state;
        Input = new InputModel { Score = score is >= 1 and <= 5 ? score : null };
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string number, CancellationToken ct)
    {
        if (ModelState.GetFieldValidationState("Input.Score") == Microsoft.AspNetCore.Mvc.ModelBinding.ModelValidationState.Invalid)
        {
            ModelState.Remove("Input.Score");
            Input.Score = 0; // not a number: refused below with the same words as any other bad score
        }
        var outcome = await satisfaction.RateAsync(Rater, number, Input.Score, Input.Comment, ct);
        if (outcome is null) return NotFound();
        if (!outcome.Succeeded)
        {
            ModelState.AddErrors(outcome.Errors);
            State = (await satisfaction.StateAsync(Rater, number, ct))!;
            return Page();
        }
        TempData["Status"] = $"Thank you: {number} is rated {outcome.Value!.Score} out of 5.";
        return Url.IsLocalUrl(Input.ReturnUrl) ? LocalRedirect(Input.ReturnUrl!) : RedirectToPage(new { number });
    }
}
