namespace Portal.Data.Accounts;

/// <summary>Statements for the supplier, customer accounts, sites and account user lists.</summary>
public class AccountSql(SqlDialect dialect) : ISqlStatements
{
    public virtual string SupplierRow => "SELECT Id, Name FROM Supplier";
    public virtual string InsertSupplier => "INSERT INTO Supplier (Id, Name, CreatedUtc) VALUES (@Id, @Name, @CreatedUtc)";

    private const string AccountColumns = """
        a.Id, a.Name, a.ParentAccountId, p.Name AS ParentName, a.TimeZone, a.IdleTimeoutMinutes, a.IsActive, a.CreatedUtc, a.Version,
        a.AccountManagerUserId, am.DisplayName AS AccountManagerName
        """;

    public virtual string InsertAccount => """
        INSERT INTO CustomerAccounts (Id, Name, ParentAccountId, TimeZone, IdleTimeoutMinutes, IsActive, CreatedUtc, Version)
        VALUES (@Id, @Name, @ParentAccountId, @TimeZone, @IdleTimeoutMinutes, @IsActive, @CreatedUtc, 1)
        """;

    public virtual string AccountById => $"""
        SELECT {AccountColumns}
        FROM CustomerAccounts a LEFT JOIN CustomerAccounts p ON p.Id = a.ParentAccountId LEFT JOIN Users am ON am.Id = a.AccountManagerUserId
        WHERE a.Id = @AccountId
        """;

    public virtual string AccountByName => $"""
        SELECT {AccountColumns}
        FROM CustomerAccounts a LEFT JOIN CustomerAccounts p ON p.Id = a.ParentAccountId LEFT JOIN Users am ON am.Id = a.AccountManagerUserId
        WHERE a.Name = @Name {dialect.IgnoreCase}
        """;

    public virtual string AccountCount => "SELECT COUNT(*) FROM CustomerAccounts";

    public virtual string AccountSummaries => $"""
        SELECT a.Id, a.Name, p.Name AS ParentName, a.TimeZone, a.IsActive,
               (SELECT COUNT(*) FROM Sites s WHERE s.AccountId = a.Id) AS SiteCount,
               (SELECT COUNT(*) FROM Users u WHERE u.AccountId = a.Id) AS UserCount
        FROM CustomerAccounts a LEFT JOIN CustomerAccounts p ON p.Id = a.ParentAccountId
        WHERE (@Search IS NULL OR a.Name LIKE @Search ESCAPE '\')
        ORDER BY a.Name
        {dialect.Page}
        """;

    public virtual string AccountSummaryCount => """
        SELECT COUNT(*) FROM CustomerAccounts a WHERE (@Search IS NULL OR a.Name LIKE @Search ESCAPE '\')
        """;

    /// <summary>Optimistic: the account's own settings, only if nobody changed them since they were read.</summary>
    public virtual string UpdateIdleTimeout => """
        UPDATE CustomerAccounts SET IdleTimeoutMinutes = @IdleTimeoutMinutes, Version = Version + 1
        WHERE Id = @AccountId AND Version = @Version
        """;

    /// <summary>The supplier's settings of an account, if nobody changed the account since it was read.</summary>
    public virtual string UpdateProfile => """
        UPDATE CustomerAccounts SET TimeZone = @TimeZone, IdleTimeoutMinutes = @IdleTimeoutMinutes, AccountManagerUserId = @AccountManagerUserId,
            IsActive = @IsActive, Version = Version + 1
        WHERE Id = @AccountId AND Version = @Version
        """;

    private const string SiteColumns = "Id, AccountId, Code, Name, AddressLine1, AddressLine2, City, PostalCode, Country, IsActive";

    public virtual string InsertSite => $"""
        INSERT INTO Sites ({SiteColumns})
        VALUES (@Id, @AccountId, @Code, @Name, @AddressLine1, @AddressLine2, @City, @PostalCode, @Country, @IsActive)
        """;

    public virtual string SitesOfAccount => $"SELECT {SiteColumns} FROM Sites WHERE AccountId = @AccountId ORDER BY Code";
    public virtual string SiteOfAccount => $"SELECT {SiteColumns} FROM Sites WHERE Id = @SiteId AND AccountId = @AccountId";
    public virtual string SiteCodeTaken => "SELECT COUNT(*) FROM Sites WHERE AccountId = @AccountId AND Code = @Code";

    private string UserRows(string where) => $"""
        SELECT u.Id, u.AccountId, u.DisplayName, u.Email, u.SiteId, s.Name AS SiteName, u.IsDisabled, u.LockoutEnd, u.ConcurrencyStamp, u.ApprovalLimit,
               (SELECT {dialect.StringAgg("r.Name")} FROM UserRoles ur JOIN Roles r ON r.Id = ur.RoleId WHERE ur.UserId = u.Id) AS RoleNames
        FROM Users u LEFT JOIN Sites s ON s.Id = u.SiteId
        WHERE {where}
        """;

    public virtual string UsersOfAccount => UserRows("u.AccountId = @AccountId") + " ORDER BY u.DisplayName";
    public virtual string UserOfAccount => UserRows("u.AccountId = @AccountId AND u.Id = @UserId");
    public virtual string SupplierStaff => UserRows("u.AccountId IS NULL") + " ORDER BY u.DisplayName";
    public virtual string SupplierStaffMember => UserRows("u.AccountId IS NULL AND u.Id = @UserId");
    public virtual string AccountTerms => "SELECT Id, Name, ParentAccountId, TimeZone, CreditLimit, RequirePoNumber, IsActive FROM CustomerAccounts WHERE Id = @AccountId";
}
