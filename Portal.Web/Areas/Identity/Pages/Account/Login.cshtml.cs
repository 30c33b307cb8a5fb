using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;

namespace Portal.Web.Areas.Identity.Pages.Account;

/// <summary>
/// Replaces Identity UI's sign-in page: failed attempts count towards lockout (5 wrong passwords lock the sign-in for
/// 15 minutes), there is no "remember me" on shared office terminals, and no link to a public sign-up.
/// </summary>
[AllowAnonymous]
public sealed class Login(SignInManager<PortalUser> signIn, ILogger<Login> logger) : PageModel
{
    public sealed class InputModel
    {
        [System.ComponentModel.DataAnnotations.Display(Name = "Email")]
        public string Email { get; set; } = "";

        [System.ComponentModel.DataAnnotations.Display(Name = "Password")]
        public string Password { get; set; } = "";
    }

    [BindProperty] public InputModel Input { get; set; } = new();
    public string ReturnUrl { get; private set; } = "/";

    /// <summary>The page came here because the idle sign-out warning ran out (site.js).</summary>
    public bool AfterIdle { get; private set; }

    public async Task OnGetAsync(string? returnUrl = null, int idle = 0)
    {
        ReturnUrl = Safe(returnUrl);
        AfterIdle = idle == 1;
        await HttpContext.SignOutAsync(IdentityConstants.ExternalScheme);
    }

    public async Task<IActionResult> OnPostAsync(string? returnUrl = null)
    {
        ReturnUrl = Safe(returnUrl);
        if (string.IsNullOrWhiteSpace(Input.Email)) ModelState.AddModelError("Input.Email", "Enter your e-mail address.");
        if (string.IsNullOrEmpty(Input.Password)) ModelState.AddModelError("Input.Password", "Enter your password.");
        if (!ModelState.IsValid) return Page();

        var result = await signIn.PasswordSignInAsync(Input.Email.Trim(), Input.Password, isPersistent: false, lockoutOnFailure: true);
        if (result.Succeeded)
        {
            logger.LogInformation("User signed in");
            return LocalRedirect(ReturnUrl);
        }
        if (result.RequiresTwoFactor)
            return RedirectToPage("./LoginWith2fa", new { ReturnUrl, RememberMe = false });
        if (result.IsLockedOut)
        {
            logger.LogWarning("Sign-in locked out");
            return RedirectToPage("./Lockout");
        }
        ModelState.AddModelError(string.Empty, "Invalid login attempt.");
        return Page();
    }

    private string Safe(string? returnUrl) => !string.IsNullOrEmpty(returnUrl) && Url.IsLocalUrl(returnUrl) ? returnUrl : "/";
}
