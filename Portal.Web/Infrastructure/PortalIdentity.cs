using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Portal.Web.Infrastructure;

/// <summary>Puts the user's account, site and idle sign-out time into the cookie, so pages need no lookup per request.</summary>
public sealed class PortalClaimsFactory(
    UserManager<PortalUser> users,
    RoleManager<PortalRole> roles,
    IOptions<IdentityOptions> options,
    AccountStore accounts,
    IConfiguration configuration)
    : UserClaimsPrincipalFactory<PortalUser, PortalRole>(users, roles, options)
{
    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(PortalUser user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        identity.AddClaim(new Claim(PortalClaims.DisplayName, user.DisplayName));
        var idle = configuration.GetValue("Portal:SupplierIdleMinutes", 30);
        if (user.AccountId is { } accountId && await accounts.GetAccountAsync(accountId) is { } account)
        {
            identity.AddClaim(new Claim(PortalClaims.AccountId, account.Id.ToString()));
            identity.AddClaim(new Claim(PortalClaims.AccountName, account.Name));
            idle = account.IdleTimeoutMinutes;
            if (user.SiteId is { } siteId && await accounts.GetSiteAsync(accountId, siteId) is { } site)
            {
                identity.AddClaim(new Claim(PortalClaims.SiteId, site.Id.ToString()));
                identity.AddClaim(new Claim(PortalClaims.SiteName, $"{site.Code} {site.Name}"));
            }
        }
        identity.AddClaim(new Claim(PortalClaims.IdleMinutes, idle.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        return identity;
    }
}

/// <summary>A disabled user, or a user of a deactivated account, cannot sign in (nothing is deleted).</summary>
public sealed class PortalSignInManager(
    UserManager<PortalUser> users,
    IHttpContextAccessor http,
    IUserClaimsPrincipalFactory<PortalUser> claims,
    IOptions<IdentityOptions> options,
    ILogger<SignInManager<PortalUser>> logger,
    IAuthenticationSchemeProvider schemes,
    IUserConfirmation<PortalUser> confirmation,
    AccountStore accounts)
    : SignInManager<PortalUser>(users, http, claims, options, logger, schemes, confirmation)
{
    public override async Task<bool> CanSignInAsync(PortalUser user)
    {
        if (user.IsDisabled) return false;
        if (user.AccountId is { } accountId && await accounts.GetAccountAsync(accountId) is not { IsActive: true }) return false;
        return await base.CanSignInAsync(user);
    }
}

/// <summary>
/// Idle sign-out: terminals stand in shared offices, so a session that has been idle for longer than the account's
/// setting is ended, whatever the cookie's own lifetime. Also re-checks the security stamp (disabled users, changed roles).
/// </summary>
public static class IdleSignOut
{
    private const string LastSeen = "portal:last_seen";
    private static readonly TimeSpan RenewEvery = TimeSpan.FromSeconds(30);

    /// <summary>Starts the idle clock at sign-in, with the same clock that later measures it.</summary>
    public static Task SigningInAsync(CookieSigningInContext context)
    {
        context.Properties.Items[LastSeen] = context.HttpContext.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow().ToString("O");
        return Task.CompletedTask;
    }

    public static async Task ValidatePrincipalAsync(CookieValidatePrincipalContext context)
    {
        var clock = context.HttpContext.RequestServices.GetRequiredService<TimeProvider>();
        var now = clock.GetUtcNow();
        var minutes = int.TryParse(context.Principal?.FindFirstValue(PortalClaims.IdleMinutes), out var m) ? m : 15;
        var seen = context.Properties.Items.TryGetValue(LastSeen, out var text) && DateTimeOffset.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var parsed)
            ? parsed
            : context.Properties.IssuedUtc ?? now;

        if (now - seen > TimeSpan.FromMinutes(minutes))
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(IdentityConstants.ApplicationScheme);
            return;
        }

        await SecurityStampValidator.ValidatePrincipalAsync(context);
        if (context.Principal is null) return;

        if (now - seen > RenewEvery)
        {
            context.Properties.Items[LastSeen] = now.ToString("O");
            context.ShouldRenew = true;
        }
    }
}
