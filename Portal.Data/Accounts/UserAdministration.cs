using Microsoft.AspNetCore.Identity;

namespace Portal.Data.Accounts;

/// <summary>What an admin may change about a user: roles, home site, and whether they can sign in.</summary>
public sealed record UserChange(IReadOnlyCollection<string> Roles, Guid? SiteId, bool IsDisabled, string ConcurrencyStamp);

/// <summary>
/// Customer admins manage the users of their own account; supplier admins manage the supplier's staff. The user is
/// looked up within the caller's scope first, so a user of another account is simply not found.
/// </summary>
public sealed class UserAdministration(AccountStore accounts, UserManager<PortalUser> users, UserSessions sessions)
{
    /// <returns>null when no such user exists in the caller's scope (the page answers 404).</returns>
    public async Task<Outcome<AccountUser>?> ChangeAsync(Guid? accountId, Guid userId, Guid actingUserId, UserChange change, CancellationToken ct = default)
    {
        var row = accountId is { } id ? await accounts.GetUserAsync(id, userId, ct) : await accounts.GetSupplierStaffMemberAsync(userId, ct);
        if (row is null) return null;

        var allowed = Roles.AllowedFor(supplierUser: accountId is null);
        var adminRole = accountId is null ? Roles.SupplierAdmin : Roles.CustomerAdmin;
        var wanted = change.Roles.Distinct().ToList();
        var errors = new FieldErrors()
            .Add(wanted.Count == 0, "Roles", "Choose at least one role.")
            .Add(wanted.Any(r => !allowed.Contains(r)), "Roles", $"Choose roles from: {string.Join(", ", allowed)}.")
            .Add(userId == actingUserId && change.IsDisabled, "IsDisabled", "You cannot disable your own sign-in.")
            .Add(userId == actingUserId && !wanted.Contains(adminRole), "Roles", $"You cannot remove your own {adminRole} role.");
        if (accountId is { } account && change.SiteId is { } siteId)
            errors.Add(await accounts.GetSiteAsync(account, siteId, ct) is null, "SiteId", "Choose one of the account's sites.");
        errors.Add(accountId is null && change.SiteId is not null, "SiteId", "Supplier staff are not tied to a customer site.");
        if (errors.Any) return Outcome<AccountUser>.Failed(errors);

        var user = await users.FindByIdAsync(userId.ToString());
        if (user is null) return null;
        if (user.ConcurrencyStamp != change.ConcurrencyStamp)
            return Outcome<AccountUser>.Failed("", "Someone else changed this user while you were editing. The form now shows their changes; make yours again.");

        var disabling = change.IsDisabled && !user.IsDisabled;
        user.SiteId = change.SiteId;
        user.IsDisabled = change.IsDisabled;
        var result = await users.UpdateAsync(user);
        if (!result.Succeeded)
            return Outcome<AccountUser>.Failed("", "Someone else changed this user while you were editing. The form now shows their changes; make yours again.");

        var current = await users.GetRolesAsync(user);
        var toRemove = current.Except(wanted).ToList();
        var toAdd = wanted.Except(current).ToList();
        if (toRemove.Count > 0) await users.RemoveFromRolesAsync(user, toRemove);
        if (toAdd.Count > 0) await users.AddToRolesAsync(user, toAdd);
        // a new security stamp signs the user out everywhere at the next check, so a disabled user or a removed role takes effect
        if (disabling || toRemove.Count > 0) await users.UpdateSecurityStampAsync(user);
        // and a disabled user's open sessions end at once, on every node
        if (disabling) await sessions.EndAllAsync(user.Id, ct);

        var updated = accountId is { } a ? await accounts.GetUserAsync(a, userId, ct) : await accounts.GetSupplierStaffMemberAsync(userId, ct);
        return Outcome<AccountUser>.Ok(updated!);
    }
}
