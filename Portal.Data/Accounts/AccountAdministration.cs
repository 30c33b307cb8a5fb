using Microsoft.AspNetCore.Identity;

namespace Portal.Data.Accounts;

public sealed record AccountProfile(string TimeZone, int IdleTimeoutMinutes, Guid? AccountManagerUserId, bool IsActive, int Version);

/// <summary>
/// The supplier admin's settings of a customer account. Deactivating an account keeps everything; its users can no
/// longer sign in, and those signed in are signed out at their next security check (within a minute).
/// </summary>
public sealed class AccountAdministration(ConnectionFactory db, AccountSql sql, AccountStore accounts, UserManager<PortalUser> users)
{
    public async Task<Outcome<CustomerAccount>?> UpdateAsync(Guid accountId, AccountProfile profile, CancellationToken ct = default)
    {
        if (await accounts.GetAccountAsync(accountId, ct) is not { } account) return null;
        var managers = (await accounts.AccountManagersAsync(ct)).Select(u => u.Id).ToHashSet();
        var errors = new FieldErrors()
            .Add(!TimeZones.IsKnown(profile.TimeZone), "TimeZone", "Choose a time zone from the list.")
            .Add(profile.IdleTimeoutMinutes is < AccountStore.MinIdleMinutes or > AccountStore.MaxIdleMinutes, "IdleTimeoutMinutes",
                $"Idle sign-out must be between {AccountStore.MinIdleMinutes} and {AccountStore.MaxIdleMinutes} minutes.")
            .Add(profile.AccountManagerUserId is { } m && !managers.Contains(m), "AccountManagerUserId", "Choose one of the supplier's account managers.");
        if (errors.Any) return Outcome<CustomerAccount>.Failed(errors);

        await using (var c = await db.OpenAsync(ct))
        {
            var rows = await c.ExecuteAsync(new CommandDefinition(sql.UpdateProfile, new
            {
                AccountId = accountId, profile.TimeZone, profile.IdleTimeoutMinutes, profile.AccountManagerUserId, profile.IsActive, profile.Version,
            }, cancellationToken: ct));
            if (rows == 0) return Outcome<CustomerAccount>.Failed("", "Someone else changed this account meanwhile; the form shows the account as it is now.");
        }
        if (account.IsActive && !profile.IsActive)
            foreach (var member in await accounts.GetUsersAsync(accountId, ct))
                if (await users.FindByIdAsync(member.Id.ToString()) is { } user) await users.UpdateSecurityStampAsync(user);
        return Outcome<CustomerAccount>.Ok((await accounts.GetAccountAsync(accountId, ct))!);
    }
}
