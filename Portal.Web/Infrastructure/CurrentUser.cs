using System.Security.Claims;

namespace Portal.Web.Infrastructure;

/// <summary>Claim types the portal adds to the sign-in cookie.</summary>
public static class PortalClaims
{
    public const string AccountId = "portal:account";
    public const string AccountName = "portal:account_name";
    public const string SiteId = "portal:site";
    public const string SiteName = "portal:site_name";
    public const string DisplayName = "portal:name";
    public const string IdleMinutes = "portal:idle";
    /// <summary>The integration API key a request came with (the API's sign-in; never in the cookie).</summary>
    public const string ApiKeyId = "portal:api_key";
}

/// <summary>
/// The signed-in user as the pages and the integration API see them: a person signed in with the cookie, or a system
/// calling with an API key. The account id that scopes every customer query comes from here — from the signed-in user
/// or the key — never from the URL, a form field or a request body.
/// </summary>
public sealed class CurrentUser(IHttpContextAccessor http)
{
    private ClaimsPrincipal Principal => http.HttpContext?.User ?? new ClaimsPrincipal();

    public bool IsSignedIn => Principal.Identity?.IsAuthenticated == true;

    /// <summary>The person; for an API key, the user who made the key (Guid.Empty for keys made without one).</summary>
    public Guid UserId => Guid.TryParse(Principal.FindFirstValue(ClaimTypes.NameIdentifier), out var id) ? id : Guid.Empty;

    /// <summary>The API key the request came with; null for people signed in with the cookie.</summary>
    public Guid? ApiKeyId => Guid.TryParse(Principal.FindFirstValue(PortalClaims.ApiKeyId), out var id) ? id : null;

    /// <summary>The user's customer account; null for the supplier's staff.</summary>
    public Guid? AccountId => Guid.TryParse(Principal.FindFirstValue(PortalClaims.AccountId), out var id) ? id : null;

    /// <summary>The customer account, for pages that only customers reach (their folder policy guarantees one).</summary>
    public Guid RequiredAccountId => AccountId ?? throw new InvalidOperationException("This page or endpoint needs a customer account.");

    public string? AccountName => Principal.FindFirstValue(PortalClaims.AccountName);
    public Guid? SiteId => Guid.TryParse(Principal.FindFirstValue(PortalClaims.SiteId), out var id) ? id : null;
    public string? SiteName => Principal.FindFirstValue(PortalClaims.SiteName);
    public string DisplayName => Principal.FindFirstValue(PortalClaims.DisplayName) ?? Principal.Identity?.Name ?? "";
    public string Email => Principal.FindFirstValue(ClaimTypes.Email) ?? Principal.Identity?.Name ?? "";
    public bool IsSupplierStaff => IsSignedIn && AccountId is null;
    public IReadOnlyList<string> Roles => Principal.FindAll(ClaimTypes.Role).Select(c => c.Value).ToList();
    public bool IsInRole(string role) => Principal.IsInRole(role);

    /// <summary>The user as order pages see them: their account, their own site if limited to one, whether they administer the account.</summary>
    public Portal.Data.Ordering.OrderViewer OrderViewer => new(RequiredAccountId, UserId, SiteId, IsInRole(Portal.Data.Accounts.Roles.CustomerAdmin));

    public Portal.Data.Ordering.Approver Approver => new(RequiredAccountId, UserId, SiteId);
}
