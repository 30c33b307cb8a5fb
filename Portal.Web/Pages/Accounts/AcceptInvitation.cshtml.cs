using Microsoft.AspNetCore.Identity;


namespace Portal.Web.Pages.Accounts;

/// <summary>The page behind the e-mailed link: the invited person chooses a password and is signed in.</summary>
public sealed class AcceptInvitation(Invitations invitations, SignInManager<PortalUser> signIn) : PageModel
{
    public sealed class InputModel
    {
        public string Password { get; set; } = "";
        public string ConfirmPassword { get; set; } = "";
    }

    [BindProperty(SupportsGet = true)] public string? Token { get; set; }
    [BindProperty] public InputModel Input { get; set; } = new();
    public Invitation? Invite { get; private set; }
    public string? Problem { get; private set; }

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (Input.Password != Input.ConfirmPassword)
        {
            ModelState.AddModelError("Input.ConfirmPassword", "The two passwords are not the same.");
            await LoadAsync(ct);
            return Page();
        }
        var outcome = await invitations.AcceptAsync(Token ?? "", Input.Password, ct);
        if (!outcome.Succeeded)
        {
            ModelState.AddErrors(outcome.Errors);
            await LoadAsync(ct);
            if (Problem is null && outcome.Errors.TryGetValue("", out var general)) Problem = general;
            return Page();
        }
        await signIn.SignInAsync(outcome.Value!, isPersistent: false);
        TempData["Status"] = "Welcome! Your sign-in is ready.";
        return LocalRedirect("/");
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Invite = await invitations.FindByTokenAsync(Token, ct);
        Problem = invitations.Problem(Invite);
    }
}
