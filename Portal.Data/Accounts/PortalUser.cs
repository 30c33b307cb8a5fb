using Microsoft.AspNetCore.Identity;

namespace Portal.Data.Accounts;

/// <summary>A person who signs in. Belongs to exactly one customer account, or (AccountId null) to the supplier.</summary>
public sealed class PortalUser : IdentityUser<Guid>
{
    public Guid? AccountId { get; set; }

    /// <summary>The ship-to site the user works from; null means all sites of the account.</summary>
    public Guid? SiteId { get; set; }

    public string DisplayName { get; set; } = "";

    /// <summary>Disabled by an admin: cannot sign in; nothing is deleted.</summary>
    public bool IsDisabled { get; set; }

    public DateTimeOffset CreatedUtc { get; set; }

    public bool IsSupplierStaff => AccountId is null;
}

public sealed class PortalRole : IdentityRole<Guid>;
