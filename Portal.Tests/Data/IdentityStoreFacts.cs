using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Portal.Data.Accounts;

namespace Portal.Tests.Data;

/// <summary>ASP.NET Core Identity's UserManager over the Dapper stores: what the Identity UI pages rely on.</summary>
public abstract class IdentityStoreFacts(ProviderDatabase db)
{
    private async Task<(AsyncServiceScope Scope, UserManager<PortalUser> Users, PortalUser User)> NewUserAsync(string password = "Good-pass-2026!")
    {
        var scope = db.Scope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
        var email = $"u{Guid.NewGuid():N}@example.test";
        var user = new PortalUser { UserName = email, Email = email, DisplayName = "Test User" };
        var created = await users.CreateAsync(user, password);
        Assert.True(created.Succeeded, string.Join(" ", created.Errors.Select(e => e.Description)));
        return (scope, users, user);
    }

    [Fact]
    public async Task A_user_is_found_by_name_and_email_and_their_password_checks()
    {
        var (scope, users, user) = await NewUserAsync();
        await using var _ = scope;
        var byEmail = await users.FindByEmailAsync(user.Email!.ToUpperInvariant());
        Assert.Equal(user.Id, byEmail!.Id);
        Assert.Equal(user.Id, (await users.FindByNameAsync(user.UserName!))!.Id);
        Assert.True(await users.CheckPasswordAsync(byEmail, "Good-pass-2026!"));
        Assert.False(await users.CheckPasswordAsync(byEmail, "wrong"));
        Assert.Equal("Test User", byEmail.DisplayName);
    }

    [Fact]
    public async Task Roles_and_claims_are_stored()
    {
        var (scope, users, user) = await NewUserAsync();
        await using var _ = scope;
        Assert.True((await users.AddToRolesAsync(user, [Roles.Buyer, Roles.Approver])).Succeeded);
        Assert.Equal([Roles.Approver, Roles.Buyer], (await users.GetRolesAsync(user)).Order());
        Assert.True(await users.IsInRoleAsync(user, Roles.Buyer));
        await users.RemoveFromRoleAsync(user, Roles.Buyer);
        Assert.False(await users.IsInRoleAsync(user, Roles.Buyer));
        Assert.Contains(await users.GetUsersInRoleAsync(Roles.Approver), u => u.Id == user.Id);

        await users.AddClaimAsync(user, new Claim("department", "purchasing"));
        await users.ReplaceClaimAsync(user, new Claim("department", "purchasing"), new Claim("department", "finance"));
        Assert.Equal("finance", (await users.GetClaimsAsync(user)).Single().Value);
        await users.RemoveClaimAsync(user, new Claim("department", "finance"));
        Assert.Empty(await users.GetClaimsAsync(user));
    }

    [Fact]
    public async Task Five_failed_attempts_lock_the_user_for_fifteen_minutes()
    {
        var (scope, users, user) = await NewUserAsync();
        await using var _ = scope;
        for (var i = 0; i < 5; i++) await users.AccessFailedAsync(user);
        var reloaded = await users.FindByIdAsync(user.Id.ToString());
        Assert.True(await users.IsLockedOutAsync(reloaded!));
        Assert.InRange((reloaded!.LockoutEnd!.Value - DateTimeOffset.UtcNow).TotalMinutes, 14, 15.1);
    }

    [Fact]
    public async Task Authenticator_key_and_recovery_codes_are_kept_and_a_code_redeems_once()
    {
        var (scope, users, user) = await NewUserAsync();
        await using var _ = scope;
        await users.ResetAuthenticatorKeyAsync(user);
        var key = await users.GetAuthenticatorKeyAsync(user);
        Assert.False(string.IsNullOrEmpty(key));
        Assert.Equal(key, await users.GetAuthenticatorKeyAsync((await users.FindByIdAsync(user.Id.ToString()))!));

        var codes = (await users.GenerateNewTwoFactorRecoveryCodesAsync(user, 10))!.ToList();
        Assert.Equal(10, await users.CountRecoveryCodesAsync(user));
        Assert.True((await users.RedeemTwoFactorRecoveryCodeAsync(user, codes[0])).Succeeded);
        Assert.False((await users.RedeemTwoFactorRecoveryCodeAsync(user, codes[0])).Succeeded);
        Assert.Equal(9, await users.CountRecoveryCodesAsync(user));

        await users.SetTwoFactorEnabledAsync(user, true);
        Assert.True((await users.FindByIdAsync(user.Id.ToString()))!.TwoFactorEnabled);
    }

    [Fact]
    public async Task Saving_a_stale_copy_of_a_user_fails_with_a_concurrency_error()
    {
        var (scope, users, user) = await NewUserAsync();
        await using var _ = scope;
        await using var other = db.Scope();
        var otherUsers = other.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
        var copy = (await otherUsers.FindByIdAsync(user.Id.ToString()))!;

        user.DisplayName = "First writer";
        Assert.True((await users.UpdateAsync(user)).Succeeded);
        copy.DisplayName = "Second writer";
        var stale = await otherUsers.UpdateAsync(copy);
        Assert.False(stale.Succeeded);
        Assert.Equal(nameof(IdentityErrorDescriber.ConcurrencyFailure), stale.Errors.Single().Code);
        Assert.Equal("First writer", (await users.FindByIdAsync(user.Id.ToString()))!.DisplayName);
    }
}

public sealed class IdentityStoreFacts_Sqlite(SqliteDatabase db) : IdentityStoreFacts(db), IClassFixture<SqliteDatabase>;
public sealed class IdentityStoreFacts_SqlServer(SqlServerDatabase db) : IdentityStoreFacts(db), IClassFixture<SqlServerDatabase>;
