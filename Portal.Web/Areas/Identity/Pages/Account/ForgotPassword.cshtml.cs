namespace Portal.Web.Areas.Identity.Pages.Account;

/// <summary>
/// Replaces Identity UI's page: the answer (and its time) is the same for a known and an unknown address; the mail is
/// made in the background (<see cref="PasswordResetMailer"/>) with the link on <c>Portal:PublicUrl</c>, never on the
/// request's Host header.
/// </summary>
[AllowAnonymous]
public sealed class ForgotPassword(PasswordResetMailer mailer) : PageModel
{
    public sealed class InputModel
    {
        [System.ComponentModel.DataAnnotations.Display(Name = "Email")]
        public string Email { get; set; } = "";
    }

    [BindProperty] public InputModel Input { get; set; } = new();

    public void OnGet() { }

    public IActionResult OnPost()
    {
        var email = Input.Email?.Trim() ?? "";
        if (email.Length is 0 or > 256 || !email.Contains('@'))
        {
            ModelState.AddModelError("Input.Email", "Enter your e-mail address, for example name@company.com.");
            return Page();
        }
        mailer.Request(email);
        return RedirectToPage("./ForgotPasswordConfirmation");
    }
}
