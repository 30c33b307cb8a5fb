namespace Portal.Web.Pages.Accounts;

/// <summary>What an admin types to invite someone; shared by the customer admin's and the supplier admin's invite pages.</summary>
public sealed class InviteInput
{
    [System.ComponentModel.DataAnnotations.Display(Name = "E-mail address")]
    public string Email { get; set; } = "";

    [System.ComponentModel.DataAnnotations.Display(Name = "Name")]
    public string DisplayName { get; set; } = "";

    public List<string> Roles { get; set; } = [];

    [System.ComponentModel.DataAnnotations.Display(Name = "Site")]
    public Guid? SiteId { get; set; }
}

/// <summary>What an admin may change about a user; shared by the customer users and supplier staff edit pages.</summary>
public sealed class UserInput
{
    public List<string> Roles { get; set; } = [];

    [System.ComponentModel.DataAnnotations.Display(Name = "Site")]
    public Guid? SiteId { get; set; }

    [System.ComponentModel.DataAnnotations.Display(Name = "Disable this sign-in")]
    public bool IsDisabled { get; set; }

    public string ConcurrencyStamp { get; set; } = "";

    /// <summary>As typed (customer users only): empty for no limit.</summary>
    [System.ComponentModel.DataAnnotations.Display(Name = "Approval limit")]
    public string? ApprovalLimit { get; set; }

    public static UserInput From(AccountUser user) => new()
    {
        Roles = [.. user.RoleList], SiteId = user.SiteId, IsDisabled = user.IsDisabled, ConcurrencyStamp = user.ConcurrencyStamp,
        ApprovalLimit = user.ApprovalLimit?.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture),
    };
}

/// <summary>The view of the shared forms: which roles and sites may be chosen.</summary>
public sealed record UserFormView(IReadOnlyList<string> AllowedRoles, IReadOnlyList<Site> Sites, string SubmitText, string CancelHref, bool ShowApprovalLimit = false);

public sealed record UserTableView(IReadOnlyList<AccountUser> Users, bool ShowSite, Func<Guid, string>? EditHref, DateTimeOffset Now, TimeZoneInfo TimeZone, bool ShowApprovalLimit = false);

/// <summary>An account's ordering terms with what its open orders use of the credit limit (the credit check's own sum).</summary>
public sealed record AccountTermsView(AccountTerms Terms, decimal Used)
{
    public decimal? Left => Terms.CreditLimit is { } limit ? limit - Used : null;
}

public sealed record InvitationTableView(IReadOnlyList<Invitation> Invitations, bool CanRevoke, DateTimeOffset Now, TimeZoneInfo TimeZone);

public sealed record ApiKeysView(IReadOnlyList<ApiKey> Keys, string? NewSecret, string? NewKeyName = null, string? TypedName = null);

/// <summary>
/// Creating and revoking the integration API keys of one scope: a customer account, or (null) the supplier. A new key is
/// shown once: the create post redirects (post-redirect-get), carrying the secret in TempData (the data-protected cookie,
/// read once and then gone, never in the URL), so a refresh or the back button does not show it again.
/// </summary>
public abstract class ApiKeysPage(ApiKeys keys) : PageModel
{
    private const string NewSecretKey = "ApiKeys.NewSecret";
    private const string NewNameKey = "ApiKeys.NewName";

    public IReadOnlyList<ApiKey> Keys { get; private set; } = [];
    public string? NewSecret { get; private set; }
    public string? NewKeyName { get; private set; }
    public string? TypedName { get; private set; }

    protected abstract Guid? Scope { get; }
    protected abstract Guid UserId { get; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        NewSecret = TempData[NewSecretKey] as string;
        NewKeyName = TempData[NewNameKey] as string;
        // the page with the secret is never kept by the browser or a proxy: back or refresh asks the server, which has forgotten it
        if (NewSecret is not null) Response.Headers.CacheControl = "no-store";
        Keys = await keys.ListAsync(Scope, ct);
    }

    public async Task<IActionResult> OnPostCreateAsync(string? name, CancellationToken ct)
    {
        var outcome = await keys.CreateAsync(Scope, name, UserId, ct: ct);
        if (!outcome.Succeeded)
        {
            ModelState.AddModelError("name", outcome.Errors.Values.First());
            TypedName = name;
            Keys = await keys.ListAsync(Scope, ct);
            return Page();
        }
        TempData[NewSecretKey] = outcome.Value.Secret;
        TempData[NewNameKey] = name?.Trim();
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostRevokeAsync(Guid keyId, CancellationToken ct)
    {
        if (!await keys.RevokeAsync(Scope, keyId, ct)) return NotFound();
        TempData["Status"] = "The key was revoked; calls with it now get 401.";
        return RedirectToPage();
    }
}
