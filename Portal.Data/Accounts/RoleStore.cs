using System.Security.Claims;
using Microsoft.AspNetCore.Identity;

namespace Portal.Data.Accounts;

/// <summary>ASP.NET Core Identity's role store on Dapper.</summary>
public sealed class RoleStore(ConnectionFactory db, IdentitySql sql, IdentityErrorDescriber? describer = null)
    : RoleStoreBase<PortalRole, Guid, IdentityUserRole<Guid>, IdentityRoleClaim<Guid>>(describer ?? new IdentityErrorDescriber())
{
    public override IQueryable<PortalRole> Roles
    {
        get
        {
            using var connection = db.OpenAsync().GetAwaiter().GetResult();
            return connection.Query<PortalRole>(sql.AllRoles).ToList().AsQueryable();
        }
    }

    public override async Task<IdentityResult> CreateAsync(PortalRole role, CancellationToken cancellationToken = default)
    {
        if (role.Id == Guid.Empty) role.Id = Guid.NewGuid();
        role.ConcurrencyStamp ??= Guid.NewGuid().ToString();
        await using var connection = await db.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(sql.InsertRole, role, cancellationToken: cancellationToken));
        return IdentityResult.Success;
    }

    public override async Task<IdentityResult> UpdateAsync(PortalRole role, CancellationToken cancellationToken = default)
    {
        var newStamp = Guid.NewGuid().ToString();
        await using var connection = await db.OpenAsync(cancellationToken);
        var rows = await connection.ExecuteAsync(new CommandDefinition(sql.UpdateRole, new
        {
            role.Id, role.Name, role.NormalizedName, role.ConcurrencyStamp, NewConcurrencyStamp = newStamp,
        }, cancellationToken: cancellationToken));
        if (rows == 0) return IdentityResult.Failed(ErrorDescriber.ConcurrencyFailure());
        role.ConcurrencyStamp = newStamp;
        return IdentityResult.Success;
    }

    public override async Task<IdentityResult> DeleteAsync(PortalRole role, CancellationToken cancellationToken = default)
    {
        await using var connection = await db.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(sql.DeleteRole, new { role.Id }, cancellationToken: cancellationToken));
        return IdentityResult.Success;
    }

    public override async Task<PortalRole?> FindByIdAsync(string id, CancellationToken cancellationToken = default)
    {
        if (!Guid.TryParse(id, out var roleId)) return null;
        await using var connection = await db.OpenAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<PortalRole>(new CommandDefinition(sql.RoleById, new { Id = roleId }, cancellationToken: cancellationToken));
    }

    public override async Task<PortalRole?> FindByNameAsync(string normalizedName, CancellationToken cancellationToken = default)
    {
        await using var connection = await db.OpenAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<PortalRole>(new CommandDefinition(sql.RoleByName, new { NormalizedName = normalizedName }, cancellationToken: cancellationToken));
    }

    public override async Task<IList<Claim>> GetClaimsAsync(PortalRole role, CancellationToken cancellationToken = default)
    {
        await using var connection = await db.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<IdentityRoleClaim<Guid>>(new CommandDefinition(sql.ClaimsOfRole, new { RoleId = role.Id }, cancellationToken: cancellationToken));
        return rows.Select(c => c.ToClaim()).ToList();
    }

    public override async Task AddClaimAsync(PortalRole role, Claim claim, CancellationToken cancellationToken = default)
    {
        await using var connection = await db.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(sql.InsertRoleClaim, new { RoleId = role.Id, ClaimType = claim.Type, ClaimValue = claim.Value }, cancellationToken: cancellationToken));
    }

    public override async Task RemoveClaimAsync(PortalRole role, Claim claim, CancellationToken cancellationToken = default)
    {
        await using var connection = await db.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(sql.DeleteRoleClaim, new { RoleId = role.Id, ClaimType = claim.Type, ClaimValue = claim.Value }, cancellationToken: cancellationToken));
    }
}
