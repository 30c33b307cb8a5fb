namespace Portal.Data.Accounts;

/// <summary>Every statement of the Identity stores. Both dialects accept all of them as written.</summary>
public class IdentitySql(SqlDialect dialect) : ISqlStatements
{
    protected SqlDialect Dialect { get; } = dialect;

    private const string UserColumns = """
        Id, AccountId, SiteId, DisplayName, UserName, NormalizedUserName, Email, NormalizedEmail, EmailConfirmed,
        PasswordHash, SecurityStamp, ConcurrencyStamp, PhoneNumber, PhoneNumberConfirmed, TwoFactorEnabled,
        LockoutEnd, LockoutEnabled, AccessFailedCount, IsDisabled, CreatedUtc
        """;

    public virtual string InsertUser => $"""
        INSERT INTO Users ({UserColumns})
        VALUES (@Id, @AccountId, @SiteId, @DisplayName, @UserName, @NormalizedUserName, @Email, @NormalizedEmail, @EmailConfirmed,
                @PasswordHash, @SecurityStamp, @ConcurrencyStamp, @PhoneNumber, @PhoneNumberConfirmed, @TwoFactorEnabled,
                @LockoutEnd, @LockoutEnabled, @AccessFailedCount, @IsDisabled, @CreatedUtc)
        """;

    /// <summary>Optimistic: only the version the caller read is updated, and it gets a new stamp.</summary>
    public virtual string UpdateUser => """
        UPDATE Users SET
            SiteId = @SiteId, DisplayName = @DisplayName, UserName = @UserName, NormalizedUserName = @NormalizedUserName,
            Email = @Email, NormalizedEmail = @NormalizedEmail, EmailConfirmed = @EmailConfirmed,
            PasswordHash = @PasswordHash, SecurityStamp = @SecurityStamp, ConcurrencyStamp = @NewConcurrencyStamp,
            PhoneNumber = @PhoneNumber, PhoneNumberConfirmed = @PhoneNumberConfirmed, TwoFactorEnabled = @TwoFactorEnabled,
            LockoutEnd = @LockoutEnd, LockoutEnabled = @LockoutEnabled, AccessFailedCount = @AccessFailedCount,
            IsDisabled = @IsDisabled
        WHERE Id = @Id AND ConcurrencyStamp = @ConcurrencyStamp
        """;

    public virtual string DeleteUser => "DELETE FROM Users WHERE Id = @Id AND ConcurrencyStamp = @ConcurrencyStamp";

    public virtual string UserById => $"SELECT {UserColumns} FROM Users WHERE Id = @Id";
    public virtual string UserByName => $"SELECT {UserColumns} FROM Users WHERE NormalizedUserName = @NormalizedUserName";
    public virtual string UserByEmail => $"SELECT {UserColumns} FROM Users WHERE NormalizedEmail = @NormalizedEmail";
    public virtual string AllUsers => $"SELECT {UserColumns} FROM Users ORDER BY NormalizedUserName";

    public virtual string UsersInRole => $"""
        SELECT {UserColumns} FROM Users
        WHERE Id IN (SELECT ur.UserId FROM UserRoles ur WHERE ur.RoleId = @RoleId)
        """;

    public virtual string UsersForClaim => $"""
        SELECT {UserColumns} FROM Users
        WHERE Id IN (SELECT c.UserId FROM UserClaims c WHERE c.ClaimType = @ClaimType AND c.ClaimValue = @ClaimValue)
        """;

    public virtual string ClaimsOfUser => "SELECT UserId, ClaimType, ClaimValue FROM UserClaims WHERE UserId = @UserId";
    public virtual string InsertUserClaim => "INSERT INTO UserClaims (UserId, ClaimType, ClaimValue) VALUES (@UserId, @ClaimType, @ClaimValue)";
    public virtual string DeleteUserClaim => "DELETE FROM UserClaims WHERE UserId = @UserId AND ClaimType = @ClaimType AND ClaimValue = @ClaimValue";
    public virtual string ReplaceUserClaim => """
        UPDATE UserClaims SET ClaimType = @NewClaimType, ClaimValue = @NewClaimValue
        WHERE UserId = @UserId AND ClaimType = @ClaimType AND ClaimValue = @ClaimValue
        """;

    public virtual string LoginsOfUser => "SELECT LoginProvider, ProviderKey, ProviderDisplayName, UserId FROM UserLogins WHERE UserId = @UserId";
    public virtual string FindLogin => "SELECT LoginProvider, ProviderKey, ProviderDisplayName, UserId FROM UserLogins WHERE LoginProvider = @LoginProvider AND ProviderKey = @ProviderKey";
    public virtual string FindLoginOfUser => "SELECT LoginProvider, ProviderKey, ProviderDisplayName, UserId FROM UserLogins WHERE UserId = @UserId AND LoginProvider = @LoginProvider AND ProviderKey = @ProviderKey";
    public virtual string InsertLogin => "INSERT INTO UserLogins (LoginProvider, ProviderKey, ProviderDisplayName, UserId) VALUES (@LoginProvider, @ProviderKey, @ProviderDisplayName, @UserId)";
    public virtual string DeleteLogin => "DELETE FROM UserLogins WHERE UserId = @UserId AND LoginProvider = @LoginProvider AND ProviderKey = @ProviderKey";

    public virtual string FindToken => "SELECT UserId, LoginProvider, Name, Value FROM UserTokens WHERE UserId = @UserId AND LoginProvider = @LoginProvider AND Name = @Name";
    public virtual string InsertToken => "INSERT INTO UserTokens (UserId, LoginProvider, Name, Value) VALUES (@UserId, @LoginProvider, @Name, @Value)";
    public virtual string UpdateToken => "UPDATE UserTokens SET Value = @Value WHERE UserId = @UserId AND LoginProvider = @LoginProvider AND Name = @Name";
    public virtual string DeleteToken => "DELETE FROM UserTokens WHERE UserId = @UserId AND LoginProvider = @LoginProvider AND Name = @Name";

    public virtual string RolesOfUser => """
        SELECT r.Name FROM Roles r JOIN UserRoles ur ON ur.RoleId = r.Id
        WHERE ur.UserId = @UserId ORDER BY r.Name
        """;
    public virtual string FindUserRole => "SELECT UserId, RoleId FROM UserRoles WHERE UserId = @UserId AND RoleId = @RoleId";
    public virtual string InsertUserRole => "INSERT INTO UserRoles (UserId, RoleId) VALUES (@UserId, @RoleId)";
    public virtual string DeleteUserRole => "DELETE FROM UserRoles WHERE UserId = @UserId AND RoleId = @RoleId";

    public virtual string InsertRole => "INSERT INTO Roles (Id, Name, NormalizedName, ConcurrencyStamp) VALUES (@Id, @Name, @NormalizedName, @ConcurrencyStamp)";
    public virtual string UpdateRole => """
        UPDATE Roles SET Name = @Name, NormalizedName = @NormalizedName, ConcurrencyStamp = @NewConcurrencyStamp
        WHERE Id = @Id AND ConcurrencyStamp = @ConcurrencyStamp
        """;
    public virtual string DeleteRole => "DELETE FROM Roles WHERE Id = @Id";
    public virtual string RoleById => "SELECT Id, Name, NormalizedName, ConcurrencyStamp FROM Roles WHERE Id = @Id";
    public virtual string RoleByName => "SELECT Id, Name, NormalizedName, ConcurrencyStamp FROM Roles WHERE NormalizedName = @NormalizedName";
    public virtual string AllRoles => "SELECT Id, Name, NormalizedName, ConcurrencyStamp FROM Roles ORDER BY Name";
    public virtual string ClaimsOfRole => "SELECT RoleId, ClaimType, ClaimValue FROM RoleClaims WHERE RoleId = @RoleId";
    public virtual string InsertRoleClaim => "INSERT INTO RoleClaims (RoleId, ClaimType, ClaimValue) VALUES (@RoleId, @ClaimType, @ClaimValue)";
    public virtual string DeleteRoleClaim => "DELETE FROM RoleClaims WHERE RoleId = @RoleId AND ClaimType = @ClaimType AND ClaimValue = @ClaimValue";
}
