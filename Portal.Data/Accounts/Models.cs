namespace Portal.Data.Accounts;

public sealed record Supplier(Guid Id, string Name);

/// <summary>A customer account: the tenant. A national account has sites and may be the parent of other accounts.</summary>
public sealed record CustomerAccount
{
    public Guid Id { get; init; }
    public string Name { get; init; } = "";
    public Guid? ParentAccountId { get; init; }
    public string? ParentName { get; init; }
    public string TimeZone { get; init; } = "Europe/London";
    public int IdleTimeoutMinutes { get; init; } = 15;
    public bool IsActive { get; init; } = true;
    public DateTimeOffset CreatedUtc { get; init; }
    public int Version { get; init; }
    public Guid? AccountManagerUserId { get; init; }
    public string? AccountManagerName { get; init; }
}

public sealed record Site
{
    public Guid Id { get; init; }
    public Guid AccountId { get; init; }
    public string Code { get; init; } = "";
    public string Name { get; init; } = "";
    public string AddressLine1 { get; init; } = "";
    public string? AddressLine2 { get; init; }
    public string City { get; init; } = "";
    public string PostalCode { get; init; } = "";
    public string Country { get; init; } = "";
    public bool IsActive { get; init; } = true;

    public string Address => string.Join(", ", new[] { AddressLine1, AddressLine2, City, PostalCode, Country }
        .Where(p => !string.IsNullOrWhiteSpace(p)));
}

/// <summary>A row of an account's user list: who they are, what they may do, and whether they can sign in.</summary>
public sealed record AccountUser
{
    public Guid Id { get; init; }
    public Guid? AccountId { get; init; }
    public string DisplayName { get; init; } = "";
    public string Email { get; init; } = "";
    public Guid? SiteId { get; init; }
    public string? SiteName { get; init; }
    public bool IsDisabled { get; init; }
    public DateTimeOffset? LockoutEnd { get; init; }
    public string RoleNames { get; init; } = "";
    public string ConcurrencyStamp { get; init; } = "";

    /// <summary>Orders of this user above this total wait for an approver; null: no limit (customer users only).</summary>
    public decimal? ApprovalLimit { get; init; }

    public IReadOnlyList<string> RoleList => RoleNames.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}

public sealed record AccountSummary
{
    public Guid Id { get; init; }
    public string Name { get; init; } = "";
    public string? ParentName { get; init; }
    public string TimeZone { get; init; } = "";
    public bool IsActive { get; init; }
    public int SiteCount { get; init; }
    public int UserCount { get; init; }
}

/// <summary>What an account orders under: its time zone, national account, credit limit and PO rule.</summary>
public sealed record AccountTerms
{
    public Guid Id { get; init; }
    public string Name { get; init; } = "";
    public Guid? ParentAccountId { get; init; }
    public string TimeZone { get; init; } = "UTC";
    public decimal? CreditLimit { get; init; }
    public bool RequirePoNumber { get; init; }
    public bool IsActive { get; init; } = true;

    /// <summary>The account's own date today (in its time zone): for "today" in forms, price validity and lead times.</summary>
    public DateOnly Today(TimeProvider clock) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(clock.GetUtcNow(), TimeZoneInfo.FindSystemTimeZoneById(TimeZone)).DateTime);
}
