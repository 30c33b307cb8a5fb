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

    public static UserInput From(AccountUser user) => new()
    {
        Roles = [.. user.RoleList], SiteId = user.SiteId, IsDisabled = user.IsDisabled, ConcurrencyStamp = user.ConcurrencyStamp,
    };
}

/// <summary>The view of the shared forms: which roles and sites may be chosen.</summary>
public sealed record UserFormView(IReadOnlyList<string> AllowedRoles, IReadOnlyList<Site> Sites, string SubmitText, string CancelHref);

public sealed record UserTableView(IReadOnlyList<AccountUser> Users, bool ShowSite, Func<Guid, string>? EditHref, DateTimeOffset Now, TimeZoneInfo TimeZone);

public sealed record InvitationTableView(IReadOnlyList<Invitation> Invitations, bool CanRevoke, DateTimeOffset Now, TimeZoneInfo TimeZone);

public sealed record ApiKeysView(IReadOnlyList<ApiKey> Keys, string? NewSecret);

/// <summary>Creating and revoking the integration API keys of one scope: a customer account, or (null) the supplier.</summary>
public abstract class ApiKeysPage(ApiKeys keys) : PageModel
{
    public IReadOnlyList<ApiKey> Keys { get; private set; } = [];
    public string? NewSecret { get; private set; }

    protected abstract Guid? Scope { get; }
    protected abstract Guid UserId { get; }

    public async Task OnGetAsync(CancellationToken ct) => Keys = await keys.ListAsync(Scope, ct);

    public async Task<IActionResult> OnPostCreateAsync(string? name, CancellationToken ct)
    {
        var outcome = await keys.CreateAsync(Scope, name, UserId, ct: ct);
        if (!outcome.Succeeded) ModelState.AddModelError("name", outcome.Errors.Values.First());
        else NewSecret = outcome.Value.Secret;
        Keys = await keys.ListAsync(Scope, ct);
        return Page();
    }

    public async Task<IActionResult> OnPostRevokeAsync(Guid keyId, CancellationToken ct)
    {
        if (!await keys.RevokeAsync(Scope, keyId, ct)) return NotFound();
        TempData["Status"] = "The key was revoked; calls with it now get 401.";
        return RedirectToPage();
    }
}
