using Microsoft.AspNetCore.Identity;

namespace Portal.Web.Areas.Identity.Pages.Account;

/// <summary>
/// Replaces Identity UI's page, which answered a damaged link with a 500: the link from the mail to a new address changes
/// the sign-in's e-mail address (also its user name), once; a bad, used or expired link gets a message.
/// </summary>
[AllowAnonymous]
public sealed class ConfirmEmailChange(UserManager<PortalUser> users, SignInManager<PortalUser> signIn) : PageModel
{
    public bool Changed { get; private set; }
    public string Message { get; private set; } = "";

    public async Task<IActionResult> OnGetAsync(string? userId, string? email, string? code)
    {
        Message = "This link is not valid, was already used or has expired. Change your e-mail address again to get a new one.";
        if (!Guid.TryParse(userId, out var id) || string.IsNullOrWhiteSpace(email) || LinkCodes.Decode(code) is not { } token) return Page();
        var user = await users.FindByIdAsync(id.ToString());
        if (user is null) return Page();
        var result = await users.ChangeEmailAsync(user, email, token);
        if (!result.Succeeded)
        {
            if (result.Errors.Any(e => e.Code is "DuplicateEmail" or "DuplicateUserName"))
                Message = "Another sign-in already uses this e-mail address, so yours was not changed.";
            return Page();
        }
        var renamed = await users.SetUserNameAsync(user, email);
        Changed = renamed.Succeeded;
        Message = Changed ? $"Your e-mail address is now {email}. Sign in with it from now on." : "Your e-mail address could not be changed.";
        await signIn.RefreshSignInAsync(user);
        return Page();
    }
}
