using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Portal.Web.Api;

/// <summary>
/// Authenticates integration calls by the <c>X-Api-Key</c> header. A customer key signs in as its account (the account id
/// comes from the key, never from the request); a supplier key as the supplier's systems.
/// </summary>
public sealed class ApiKeyAuthentication(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, ApiKeys keys)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";
    public const string Header = "X-Api-Key";
    public const string KeyIdClaim = PortalClaims.ApiKeyId;
    public const string CustomerRole = "ApiCustomer";
    public const string SupplierRole = "ApiSupplier";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!Request.Headers.TryGetValue(Header, out var values) || string.IsNullOrWhiteSpace(values.ToString()))
            return AuthenticateResult.NoResult();
        var key = await keys.FindActiveAsync(values.ToString(), Context.RequestAborted);
        // looked up on every request: a revoked key, a deactivated account or a disabled maker stops the key at once
        if (key is null) return AuthenticateResult.Fail("Unknown or revoked API key, or its account is deactivated or its maker disabled.");
        var claims = new List<Claim>
        {
            new(KeyIdClaim, key.Id.ToString()),
            new(ClaimTypes.Name, key.Name),
            new(ClaimTypes.Role, key.AccountId is null ? SupplierRole : CustomerRole),
        };
        if (key.AccountId is { } account) claims.Add(new Claim(PortalClaims.AccountId, account.ToString()));
        if (key.CreatedByUserId is { } user) claims.Add(new Claim(ClaimTypes.NameIdentifier, user.ToString()));
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName)), SchemeName));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        await Results.Problem(title: "An API key is needed", statusCode: 401,
            detail: $"Send a valid key in the {Header} header. Keys are made by the account's admin (customers) or the supplier's admin.").ExecuteAsync(Context);
    }

    protected override async Task HandleForbiddenAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status403Forbidden;
        await Results.Problem(title: "This key may not call this endpoint", statusCode: 403).ExecuteAsync(Context);
    }
}
