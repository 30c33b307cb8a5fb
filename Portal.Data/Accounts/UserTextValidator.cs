using Microsoft.AspNetCore.Identity;

namespace Portal.Data.Accounts;

/// <summary>
/// Every user Identity creates or updates (invitation acceptance, profile and phone changes, admin changes) has names,
/// e-mail and phone within <see cref="TextLimits.Users"/> and free of control characters, before the row is written.
/// </summary>
public sealed class UserTextValidator : IUserValidator<PortalUser>
{
    public Task<IdentityResult> ValidateAsync(UserManager<PortalUser> manager, PortalUser user)
    {
        var errors = new FieldErrors()
            .Text(nameof(PortalUser.DisplayName), user.DisplayName, "The name", TextLimits.Users.DisplayName)
            .Text(nameof(PortalUser.UserName), user.UserName, "The user name", TextLimits.Users.UserName)
            .Text(nameof(PortalUser.Email), user.Email, "The e-mail address", TextLimits.Users.Email)
            .Text(nameof(PortalUser.PhoneNumber), user.PhoneNumber, "The phone number", TextLimits.Users.PhoneNumber);
        return Task.FromResult(errors.Any
            ? IdentityResult.Failed(errors.Select(e => new IdentityError { Code = "Invalid" + e.Key, Description = e.Value }).ToArray())
            : IdentityResult.Success);
    }
}
