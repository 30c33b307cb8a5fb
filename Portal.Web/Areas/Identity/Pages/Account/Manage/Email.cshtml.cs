using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.UI.Services;

namespace Portal.Web.Areas.Identity.Pages.Account.Manage;

/// <summary>
/// Replaces Identity UI's page so that the confirmation link for a new address is made on <c>Portal:PublicUrl</c>, never
/// on the request's Host header. The change takes effect when the link in the mail to the new address is followed.
/// </summary>
[Authorize]
public sealed class Email(UserManager<PortalUser> users, IEmailSender mail, PublicUrl publicUrl) : PageModel
{
    public sealed class InputModel
    {
        [System.ComponentModel.DataAnnotations.Display(Name = "New e-mail address")]
        public string NewEmail { get; set; } = "";
    }

    [BindProperty] public InputModel Input { get; set; } = new();
    public string Current { get; private set; } = "";
    [TempData] public string? StatusMessage { get; set; }

    public async Task<IActionResult> OnGetAsync()
    {
        var user = await users.GetUserAsync(User);
        if (user is null) return NotFound();
        Current = user.Email ?? "";
        return Page();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        var user = await users.GetUserAsync(User);
        if (user is null) return NotFound();
        Current = user.Email ?? "";
        var email = Input.NewEmail?.Trim() ?? "";
        if (email.Length is < 4 or > 254 || !System.Net.Mail.MailAddress.TryCreate(email, out var parsed) || parsed.Address != email)
        {
            ModelState.AddModelError("Input.NewEmail", "Enter a valid e-mail address, for example name@company.com.");
            return Page();
        }
        if (string.Equals(email, Current, StringComparison.OrdinalIgnoreCase))
        {
            StatusMessage = "That is already your e-mail address.";
            return RedirectToPage();
        }
        var code = LinkCodes.Encode(await users.GenerateChangeEmailTokenAsync(user, email));
        var link = $"{publicUrl.Base}/Identity/Account/ConfirmEmailChange?userId={user.Id}&email={Uri.EscapeDataString(email)}&code={Uri.EscapeDataString(code)}";
        await mail.SendEmailAsync(email, "Confirm your new e-mail address",
            $"<p>Confirm the new e-mail address of your portal sign-in by <a href=\"{WebUtility.HtmlEncode(link)}\">clicking here</a>.</p>");
        StatusMessage = "A link to confirm the change was sent to the new address. Your address changes when you follow it.";
        return RedirectToPage();
    }
}
