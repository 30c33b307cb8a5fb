namespace Portal.Web.Areas.Identity.Pages.Account;

/// <summary>
/// Replaces Identity UI's pages for public sign-up and external logins: nobody registers themselves; customer admins and
/// supplier admins invite people. Every such address answers 404.
/// </summary>
[AllowAnonymous]
public sealed class NoPublicSignUp : PageModel
{
    public IActionResult OnGet() => NotFound();
    public IActionResult OnPost() => NotFound();
}
