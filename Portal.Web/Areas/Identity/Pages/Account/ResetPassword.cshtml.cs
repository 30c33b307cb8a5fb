using Microsoft.AspNetCore.Identity;

namespace Portal.Web.Areas.Identity.Pages.Account;

/// <summary>
/// Replaces Identity UI's page, which answered a damaged link with a 500: a bad or used link gets a message and a way to
/// ask for a new one. An unknown address is answered like a known one (the confirmation page), and a reset ends every
/// session of the person (their cookies on other terminals are refused at once).
/// </summary>
[AllowAnonymous]
public sealed class ResetPassword(UserManager<PortalUser> users, UserSessions sessions) : PageModel
{
    public sealed class InputModel
    {
        [System.ComponentModel.DataAnnotations.Display(Name = "Email")]
        public string Email { get; set; } = "";

        [System.ComponentModel.DataAnnotations.Display(Name = "New password")]
        public string Password { get; set; } = "";

        [System.ComponentModel.DataAnnotations.Display(Name = "Confirm the new password")]
        public string ConfirmPassword { get; set; } = "";

        public string Code { get; set; } = "";
    }

    [BindProperty] public InputModel Input { get; set; } = new();
    public string? Problem { get; private set; }

    public void OnGet(string? code = null)
    {
        if (LinkCodes.Decode(code) is { } decoded) Input.Code = decoded;
        else Problem = "This password-reset link is not valid. Check that you copied the whole link from the e-mail, or ask for a new one.";
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (string.IsNullOrWhiteSpace(Input.Email)) ModelState.AddModelError("Input.Email", "Enter your e-mail address.");
        if (string.IsNullOrEmpty(Input.Password)) ModelState.AddModelError("Input.Password", "Enter a new password.");
        else if (Input.Password != Input.ConfirmPassword) ModelState.AddModelError("Input.ConfirmPassword", "The two passwords differ.");
        if (string.IsNullOrEmpty(Input.Code)) Problem = "This password-reset link is not valid. Ask for a new one.";
        if (!ModelState.IsValid || Problem is not null) return Page();

        var user = await users.FindByEmailAsync(Input.Email.Trim());
        if (user is null) return RedirectToPage("./ResetPasswordConfirmation");
        var result = await users.ResetPasswordAsync(user, Input.Code, Input.Password);
        if (result.Succeeded)
        {
            await sessions.EndAllAsync(user.Id, HttpContext.RequestAborted);
            return RedirectToPage("./ResetPasswordConfirmation");
        }
        foreach (var error in result.Errors)
            ModelState.AddModelError(error.Code == "InvalidToken" ? "" : "Input.Password",
                error.Code == "InvalidToken" ? "This password-reset link has expired or was already used. Ask for a new one." : error.Description);
        return Page();
    }
}
