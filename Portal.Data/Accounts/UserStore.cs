using System.Security.Claims;
using Microsoft.AspNetCore.Identity;

namespace Portal.Data.Accounts;

/// <summary>
/// ASP.NET Core Identity's user store on Dapper. <see cref="UserStoreBase{TUser,TRole,TKey,TUserClaim,TUserRole,TUserLogin,TUserToken,TRoleClaim}"/>
/// supplies the property logic (authenticator key, recovery codes, lockout counters); this class only reads and writes rows.
/// </summary>
public sealed class UserStore(ConnectionFactory db, IdentitySql sql, TimeProvider clock, IdentityErrorDescriber? describer = null)
    : UserStoreBase<PortalUser, PortalRole, Guid, IdentityUserClaim<Guid>, IdentityUserRole<Guid>, IdentityUserLogin<Guid>,
        IdentityUserToken<Guid>, IdentityRoleClaim<Guid>>(describer ?? new IdentityErrorDescriber())
{
    public override IQueryable<PortalUser> Users
    {
        get
        {
            using var connection = db.OpenAsync().GetAwaiter().GetResult();
            return connection.Query<PortalUser>(sql.AllUsers).ToList().AsQueryable();
        }
    }

    public override async Task<IdentityResult> CreateAsync(PortalUser user, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        ArgumentNullException.ThrowIfNull(user);
        if (user.Id == Guid.Empty) user.Id = Guid.NewGuid();
        if (user.CreatedUtc == default) user.CreatedUtc = clock.GetUtcNow();
        user.ConcurrencyStamp ??= Guid.NewGuid().ToString();
        await using var connection = await db.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(sql.InsertUser, user, cancellationToken: cancellationToken));
        return IdentityResult.Success;
    }

    public override async Task<IdentityResult> UpdateAsync(PortalUser user, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        ArgumentNullException.ThrowIfNull(user);
        var newStamp = Guid.NewGuid().ToString();
        await using var connection = await db.OpenAsync(cancellationToken);
        var rows = await connection.ExecuteAsync(new CommandDefinition(sql.UpdateUser, new
        {
            user.Id, user.SiteId, user.DisplayName, user.UserName, user.NormalizedUserName, user.Email, user.NormalizedEmail,
            user.EmailConfirmed, user.PasswordHash, user.SecurityStamp, user.ConcurrencyStamp, NewConcurrencyStamp = newStamp,
            user.PhoneNumber, user.PhoneNumberConfirmed, user.TwoFactorEnabled, user.LockoutEnd, user.LockoutEnabled,
            user.AccessFailedCount, user.IsDisabled,
        }, cancellationToken: cancellationToken));
        if (rows == 0) return IdentityResult.Failed(ErrorDescriber.ConcurrencyFailure());
        user.ConcurrencyStamp = newStamp;
        return IdentityResult.Success;
    }

    public override async Task<IdentityResult> DeleteAsync(PortalUser user, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        await using var connection = await db.OpenAsync(cancellationToken);
        var rows = await connection.ExecuteAsync(new CommandDefinition(sql.DeleteUser, new { user.Id, user.ConcurrencyStamp }, cancellationToken: cancellationToken));
        return rows == 0 ? IdentityResult.Failed(ErrorDescriber.ConcurrencyFailure()) : IdentityResult.Success;
    }

    public override Task<PortalUser?> FindByIdAsync(string userId, CancellationToken cancellationToken = default) =>
        Guid.TryParse(userId, out var id) ? FindUserAsync(id, cancellationToken) : Task.FromResult<PortalUser?>(null);

    public override Task<PortalUser?> FindByNameAsync(string normalizedUserName, CancellationToken cancellationToken = default) =>
        QuerySingleAsync<PortalUser>(sql.UserByName, new { NormalizedUserName = normalizedUserName }, cancellationToken);

    public override Task<PortalUser?> FindByEmailAsync(string normalizedEmail, CancellationToken cancellationToken = default) =>
        QuerySingleAsync<PortalUser>(sql.UserByEmail, new { NormalizedEmail = normalizedEmail }, cancellationToken);

    protected override Task<PortalUser?> FindUserAsync(Guid userId, CancellationToken cancellationToken) =>
        QuerySingleAsync<PortalUser>(sql.UserById, new { Id = userId }, cancellationToken);

    protected override Task<IdentityUserLogin<Guid>?> FindUserLoginAsync(Guid userId, string loginProvider, string providerKey, CancellationToken cancellationToken) =>
        QuerySingleAsync<IdentityUserLogin<Guid>>(sql.FindLoginOfUser, new { UserId = userId, LoginProvider = loginProvider, ProviderKey = providerKey }, cancellationToken);

    protected override Task<IdentityUserLogin<Guid>?> FindUserLoginAsync(string loginProvider, string providerKey, CancellationToken cancellationToken) =>
        QuerySingleAsync<IdentityUserLogin<Guid>>(sql.FindLogin, new { LoginProvider = loginProvider, ProviderKey = providerKey }, cancellationToken);

    public override async Task<IList<Claim>> GetClaimsAsync(PortalUser user, CancellationToken cancellationToken = default)
    {
        var rows = await QueryAsync<IdentityUserClaim<Guid>>(sql.ClaimsOfUser, new { UserId = user.Id }, cancellationToken);
        return rows.Select(c => c.ToClaim()).ToList();
    }

    public override async Task AddClaimsAsync(PortalUser user, IEnumerable<Claim> claims, CancellationToken cancellationToken = default)
    {
        await using var connection = await db.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(sql.InsertUserClaim,
            claims.Select(c => new { UserId = user.Id, ClaimType = c.Type, ClaimValue = c.Value }).ToList(), cancellationToken: cancellationToken));
    }

    public override async Task ReplaceClaimAsync(PortalUser user, Claim claim, Claim newClaim, CancellationToken cancellationToken = default)
    {
        await using var connection = await db.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(sql.ReplaceUserClaim, new
        {
            UserId = user.Id, ClaimType = claim.Type, ClaimValue = claim.Value, NewClaimType = newClaim.Type, NewClaimValue = newClaim.Value,
        }, cancellationToken: cancellationToken));
    }

    public override async Task RemoveClaimsAsync(PortalUser user, IEnumerable<Claim> claims, CancellationToken cancellationToken = default)
    {
        await using var connection = await db.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(sql.DeleteUserClaim,
            claims.Select(c => new { UserId = user.Id, ClaimType = c.Type, ClaimValue = c.Value }).ToList(), cancellationToken: cancellationToken));
    }

    public override async Task<IList<PortalUser>> GetUsersForClaimAsync(Claim claim, CancellationToken cancellationToken = default) =>
        await QueryAsync<PortalUser>(sql.UsersForClaim, new { ClaimType = claim.Type, ClaimValue = claim.Value }, cancellationToken);

    protected override Task<IdentityUserToken<Guid>?> FindTokenAsync(PortalUser user, string loginProvider, string name, CancellationToken cancellationToken) =>
        QuerySingleAsync<IdentityUserToken<Guid>>(sql.FindToken, new { UserId = user.Id, LoginProvider = loginProvider, Name = name }, cancellationToken);

    /// <summary>Tokens (authenticator key, recovery codes) are written at once: update the row, or insert it when there is none.</summary>
    public override async Task SetTokenAsync(PortalUser user, string loginProvider, string name, string? value, CancellationToken cancellationToken)
    {
        var args = new { UserId = user.Id, LoginProvider = loginProvider, Name = name, Value = value };
        await using var connection = await db.OpenAsync(cancellationToken);
        await using var tx = await connection.BeginTransactionAsync(cancellationToken);
        var rows = await connection.ExecuteAsync(new CommandDefinition(sql.UpdateToken, args, tx, cancellationToken: cancellationToken));
        if (rows == 0)
            await connection.ExecuteAsync(new CommandDefinition(sql.InsertToken, args, tx, cancellationToken: cancellationToken));
        await tx.CommitAsync(cancellationToken);
    }

    protected override async Task AddUserTokenAsync(IdentityUserToken<Guid> token)
    {
        await using var connection = await db.OpenAsync();
        await connection.ExecuteAsync(sql.InsertToken, new { token.UserId, token.LoginProvider, token.Name, token.Value });
    }

    protected override async Task RemoveUserTokenAsync(IdentityUserToken<Guid> token)
    {
        await using var connection = await db.OpenAsync();
        await connection.ExecuteAsync(sql.DeleteToken, new { token.UserId, token.LoginProvider, token.Name });
    }

    public override async Task AddLoginAsync(PortalUser user, UserLoginInfo login, CancellationToken cancellationToken = default)
    {
        await using var connection = await db.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(sql.InsertLogin, new
        {
            login.LoginProvider, login.ProviderKey, login.ProviderDisplayName, UserId = user.Id,
        }, cancellationToken: cancellationToken));
    }

    public override async Task RemoveLoginAsync(PortalUser user, string loginProvider, string providerKey, CancellationToken cancellationToken = default)
    {
        await using var connection = await db.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(sql.DeleteLogin, new
        {
            UserId = user.Id, LoginProvider = loginProvider, ProviderKey = providerKey,
        }, cancellationToken: cancellationToken));
    }

    public override async Task<IList<UserLoginInfo>> GetLoginsAsync(PortalUser user, CancellationToken cancellationToken = default)
    {
        var rows = await QueryAsync<IdentityUserLogin<Guid>>(sql.LoginsOfUser, new { UserId = user.Id }, cancellationToken);
        return rows.Select(l => new UserLoginInfo(l.LoginProvider, l.ProviderKey, l.ProviderDisplayName)).ToList();
    }

    public override async Task<IList<PortalUser>> GetUsersInRoleAsync(string normalizedRoleName, CancellationToken cancellationToken = default)
    {
        var role = await FindRoleAsync(normalizedRoleName, cancellationToken);
        if (role is null) return [];
        return await QueryAsync<PortalUser>(sql.UsersInRole, new { RoleId = role.Id }, cancellationToken);
    }

    public override async Task AddToRoleAsync(PortalUser user, string normalizedRoleName, CancellationToken cancellationToken = default)
    {
        var role = await FindRoleAsync(normalizedRoleName, cancellationToken)
            ?? throw new InvalidOperationException($"Role {normalizedRoleName} does not exist.");
        if (await FindUserRoleAsync(user.Id, role.Id, cancellationToken) is not null) return;
        await using var connection = await db.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(sql.InsertUserRole, new { UserId = user.Id, RoleId = role.Id }, cancellationToken: cancellationToken));
    }

    public override async Task RemoveFromRoleAsync(PortalUser user, string normalizedRoleName, CancellationToken cancellationToken = default)
    {
        var role = await FindRoleAsync(normalizedRoleName, cancellationToken);
        if (role is null) return;
        await using var connection = await db.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(sql.DeleteUserRole, new { UserId = user.Id, RoleId = role.Id }, cancellationToken: cancellationToken));
    }

    public override async Task<IList<string>> GetRolesAsync(PortalUser user, CancellationToken cancellationToken = default) =>
        await QueryAsync<string>(sql.RolesOfUser, new { UserId = user.Id }, cancellationToken);

    public override async Task<bool> IsInRoleAsync(PortalUser user, string normalizedRoleName, CancellationToken cancellationToken = default)
    {
        var role = await FindRoleAsync(normalizedRoleName, cancellationToken);
        return role is not null && await FindUserRoleAsync(user.Id, role.Id, cancellationToken) is not null;
    }

    protected override Task<PortalRole?> FindRoleAsync(string normalizedRoleName, CancellationToken cancellationToken) =>
        QuerySingleAsync<PortalRole>(sql.RoleByName, new { NormalizedName = normalizedRoleName }, cancellationToken);

    protected override Task<IdentityUserRole<Guid>?> FindUserRoleAsync(Guid userId, Guid roleId, CancellationToken cancellationToken) =>
        QuerySingleAsync<IdentityUserRole<Guid>>(sql.FindUserRole, new { UserId = userId, RoleId = roleId }, cancellationToken);

    private async Task<T?> QuerySingleAsync<T>(string statement, object args, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        await using var connection = await db.OpenAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<T>(new CommandDefinition(statement, args, cancellationToken: cancellationToken));
    }

    private async Task<List<T>> QueryAsync<T>(string statement, object args, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        await using var connection = await db.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<T>(new CommandDefinition(statement, args, cancellationToken: cancellationToken))).ToList();
    }
}
