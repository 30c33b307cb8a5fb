using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using SignInResult = Microsoft.AspNetCore.Identity.SignInResult;

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

    // Sign-in answers the same, in the same time, whether or not the address is known: every attempt costs exactly one
    // password hash, and why a sign-in is refused (locked, disabled) is told only to someone who typed the right password.

    private static string? dummyHash;

    public override async Task<SignInResult> PasswordSignInAsync(string userName, string password, bool isPersistent, bool lockoutOnFailure)
    {
        var user = await UserManager.FindByNameAsync(userName);
        if (user is null)
        {
            Verify(null, password);
            return SignInResult.Failed;
        }
        return await PasswordSignInAsync(user, password, isPersistent, lockoutOnFailure);
    }

    public override async Task<SignInResult> CheckPasswordSignInAsync(PortalUser user, string password, bool lockoutOnFailure)
    {
        if (await PreSignInCheck(user) is { } refused)
            return Verify(user, password) ? refused : SignInResult.Failed;
        if (user.PasswordHash is null)
        {
            Verify(null, password);
            return SignInResult.Failed;
        }
        var result = await base.CheckPasswordSignInAsync(user, password, lockoutOnFailure);
        // a wrong password that just locked the sign-in reads like any wrong password
        return result.IsLockedOut ? SignInResult.Failed : result;
    }

    /// <summary>One password hash: the user's, or a stand-in of the same cost when there is none.</summary>
    private bool Verify(PortalUser? user, string password)
    {
        var hasher = UserManager.PasswordHasher;
        if (user?.PasswordHash is { } hash)
            return hasher.VerifyHashedPassword(user, hash, password ?? "") != PasswordVerificationResult.Failed;
        var stand = new PortalUser();
        hasher.VerifyHashedPassword(stand, dummyHash ??= hasher.HashPassword(stand, Guid.NewGuid().ToString()), password ?? "");
        return false;
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
    public static async Task SigningInAsync(CookieSigningInContext context)
    {
        context.Properties.Items[LastSeen] = context.HttpContext.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow().ToString("O");
        await ServerSessions.SigningInAsync(context);
    }

    public static async Task ValidatePrincipalAsync(CookieValidatePrincipalContext context)
    {
        if (!await ServerSessions.IsActiveAsync(context))
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(IdentityConstants.ApplicationScheme);
            return;
        }
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
            seen = now;
        }
        if (context.ShouldRenew) await ServerSessions.ExtendAsync(context);
        context.HttpContext.Items[EndsItem] = seen + TimeSpan.FromMinutes(minutes);
    }

    private static readonly object EndsItem = new();

    /// <summary>
    /// How long this request's session has before the server ends it for idleness (the page's warning counts down from
    /// it); null when the request is not signed in.
    /// </summary>
    public static TimeSpan? TimeLeft(HttpContext context) =>
        context.Items[EndsItem] is DateTimeOffset ends
            ? TimeSpan.FromSeconds(Math.Max(0, Math.Floor((ends - context.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow()).TotalSeconds)))
            : null;

    /// <summary>
    /// "Stay signed in": the idle clock starts again now (the cookie is issued again with the new time; the server-side
    /// session stays the same). Returns the time left afterwards.
    /// </summary>
    public static async Task<TimeSpan?> TouchAsync(HttpContext context)
    {
        var result = await context.AuthenticateAsync(IdentityConstants.ApplicationScheme);
        if (!result.Succeeded || result.Principal is null || result.Properties is null) return null;
        var now = context.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow();
        result.Properties.Items[LastSeen] = now.ToString("O");
        await context.SignInAsync(IdentityConstants.ApplicationScheme, result.Principal, result.Properties);
        var minutes = int.TryParse(result.Principal.FindFirstValue(PortalClaims.IdleMinutes), out var m) ? m : 15;
        context.Items[EndsItem] = now + TimeSpan.FromMinutes(minutes);
        return TimeLeft(context);
    }
}

/// <summary>
/// A server-side session per sign-in (the UserSessions table): the cookie carries the session id in its protected
/// properties, every signed-in request checks that the row still exists (one primary-key read), and signing out deletes
/// it, so a copied cookie is refused afterwards on every node of the farm. Rotating the security stamp instead would
/// sign the person out of every terminal at once and still need a user read per request to be immediate.
/// </summary>
public static class ServerSessions
{
    public const string Item = "portal:session";
    private static readonly object HttpItem = new();

    public static async Task SigningInAsync(CookieSigningInContext context)
    {
        // a refreshed sign-in (new roles, a changed password) keeps its session; a new sign-in starts one
        if (context.Properties.Items.TryGetValue(Item, out var existing) && Guid.TryParse(existing, out _)) return;
        if (!Guid.TryParse(context.Principal?.FindFirstValue(ClaimTypes.NameIdentifier), out var userId)) return;
        var sessions = context.HttpContext.RequestServices.GetRequiredService<UserSessions>();
        var id = await sessions.StartAsync(userId, context.Options.ExpireTimeSpan, context.HttpContext.RequestAborted);
        context.Properties.Items[Item] = id.ToString();
        context.HttpContext.Items[HttpItem] = id;
    }

    public static async Task<bool> IsActiveAsync(CookieValidatePrincipalContext context)
    {
        if (!context.Properties.Items.TryGetValue(Item, out var text) || !Guid.TryParse(text, out var id)) return false;
        context.HttpContext.Items[HttpItem] = id;
        if (!Guid.TryParse(context.Principal?.FindFirstValue(ClaimTypes.NameIdentifier), out var userId)) return false;
        var sessions = context.HttpContext.RequestServices.GetRequiredService<UserSessions>();
        return await sessions.IsActiveAsync(id, userId, context.HttpContext.RequestAborted);
    }

    public static Task ExtendAsync(CookieValidatePrincipalContext context) =>
        context.Properties.Items.TryGetValue(Item, out var text) && Guid.TryParse(text, out var id)
            ? context.HttpContext.RequestServices.GetRequiredService<UserSessions>().ExtendAsync(id, context.Options.ExpireTimeSpan)
            : Task.CompletedTask;

    public static async Task SigningOutAsync(CookieSigningOutContext context)
    {
        // the session was read when this request's cookie was validated; ending it refuses every copy of the cookie
        if (context.HttpContext.Items[HttpItem] is Guid id)
            await context.HttpContext.RequestServices.GetRequiredService<UserSessions>().EndAsync(id);
    }
}
