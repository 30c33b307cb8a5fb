using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Portal.Data.Accounts;
using Portal.Data.Demo;
using Portal.Data.Mail;

namespace Portal.Tests.Data;

public abstract class InvitationFacts(ProviderDatabase db)
{
    private const string Url = "https://portal.example.test";

    private async Task<(CustomerAccount Account, Site Site)> AccountAsync()
    {
        var accounts = db.Get<AccountStore>();
        var account = (await accounts.CreateAccountAsync(new NewAccount("Acme " + Guid.NewGuid().ToString("N")[..8], null, "Europe/London"))).Value!;
        var site = (await accounts.AddSiteAsync(account.Id, new NewSite("HQ", "Head office", "1 Road", null, "Town", "T1", "UK"))).Value!;
        return (account, site);
    }

    private static string Email() => $"i{Guid.NewGuid():N}@acme.test";

    /// <summary>The token of the invitation mail to <paramref name="to"/>, read from the .eml the outbox wrote.</summary>
    private async Task<string> TokenFromMailAsync(string to)
    {
        await db.Get<MailOutbox>().SendDueAsync();
        var mail = Directory.GetFiles(db.MailFolder, "*.eml").Select(File.ReadAllText).Single(m => m.Contains(to));
        var text = Portal.Tests.Web.Mails.Decode(mail);
        return System.Text.RegularExpressions.Regex.Match(text, @"/invitation\?token=([A-Za-z0-9_\-]+)").Groups[1].Value;
    }

    [Fact]
    public async Task An_invitation_is_mailed_and_accepting_it_creates_the_user_with_its_roles_and_site()
    {
        var (account, site) = await AccountAsync();
        var email = Email();
        await using var scope = db.Scope();
        var invitations = scope.ServiceProvider.GetRequiredService<Invitations>();
        var sent = await invitations.InviteAsync(new InvitationRequest(account.Id, email, "Ivy Invited", [Roles.Buyer, Roles.Approver], site.Id, null), Url);
        Assert.True(sent.Succeeded, string.Join(" ", sent.Errors.Values));
        Assert.Equal(db.Clock.GetUtcNow().AddDays(7), sent.Value!.ExpiresUtc);

        var token = await TokenFromMailAsync(email);
        Assert.NotEmpty(token);
        var accepted = await invitations.AcceptAsync(token, "Ivy-pass-2026!");
        Assert.True(accepted.Succeeded, string.Join(" ", accepted.Errors.Values));

        var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
        var user = await users.FindByEmailAsync(email);
        Assert.Equal(account.Id, user!.AccountId);
        Assert.Equal(site.Id, user.SiteId);
        Assert.True(await users.CheckPasswordAsync(user, "Ivy-pass-2026!"));
        Assert.Equal([Roles.Approver, Roles.Buyer], (await users.GetRolesAsync(user)).Order());

        var twice = await invitations.AcceptAsync(token, "Other-pass-2026!");
        Assert.Contains("already been used", twice.Errors[""]);
        Assert.Empty(await invitations.PendingAsync(account.Id));
    }

    [Fact]
    public async Task Bad_invitations_are_refused_with_a_reason_per_field()
    {
        var (account, _) = await AccountAsync();
        var (other, otherSite) = await AccountAsync();
        await using var scope = db.Scope();
        var invitations = scope.ServiceProvider.GetRequiredService<Invitations>();

        var bad = await invitations.InviteAsync(new InvitationRequest(account.Id, "nobody", "", [], null, null), Url);
        Assert.Equal(["DisplayName", "Email", "Roles"], bad.Errors.Keys.Order().ToArray());

        var supplierRole = await invitations.InviteAsync(new InvitationRequest(account.Id, Email(), "X", [Roles.SupplierAdmin], null, null), Url);
        Assert.Contains("Choose roles from", supplierRole.Errors["Roles"]);
        var customerRoleForStaff = await invitations.InviteAsync(new InvitationRequest(null, Email(), "X", [Roles.Buyer], null, null), Url);
        Assert.Contains("Choose roles from", customerRoleForStaff.Errors["Roles"]);

        var foreignSite = await invitations.InviteAsync(new InvitationRequest(account.Id, Email(), "X", [Roles.Buyer], otherSite.Id, null), Url);
        Assert.Equal("Choose one of the account's sites.", foreignSite.Errors["SiteId"]);
        Assert.Empty(await invitations.PendingAsync(account.Id));
        Assert.Empty(await invitations.PendingAsync(other.Id));
    }

    [Fact]
    public async Task Expired_withdrawn_and_unknown_links_are_refused_and_a_weak_password_keeps_the_invitation()
    {
        var (account, _) = await AccountAsync();
        await using var scope = db.Scope();
        var invitations = scope.ServiceProvider.GetRequiredService<Invitations>();

        var weakEmail = Email();
        await invitations.InviteAsync(new InvitationRequest(account.Id, weakEmail, "Weak", [Roles.Buyer], null, null), Url);
        var weakToken = await TokenFromMailAsync(weakEmail);
        Assert.True((await invitations.AcceptAsync(weakToken, "short")).Errors.ContainsKey("Password"));
        Assert.True((await invitations.AcceptAsync(weakToken, "Strong-pass-2026!")).Succeeded);

        var revokedEmail = Email();
        var revoked = (await invitations.InviteAsync(new InvitationRequest(account.Id, revokedEmail, "Rev", [Roles.Buyer], null, null), Url)).Value!;
        var revokedToken = await TokenFromMailAsync(revokedEmail);
        var (other, _) = await AccountAsync();
        Assert.False(await invitations.RevokeAsync(other.Id, revoked.Id));
        Assert.True(await invitations.RevokeAsync(account.Id, revoked.Id));
        Assert.Contains("withdrawn", (await invitations.AcceptAsync(revokedToken, "Strong-pass-2026!")).Errors[""]);

        Assert.Contains("not valid", (await invitations.AcceptAsync("made-up-token", "Strong-pass-2026!")).Errors[""]);

        var lateEmail = Email();
        await invitations.InviteAsync(new InvitationRequest(account.Id, lateEmail, "Late", [Roles.Buyer], null, null), Url);
        var lateToken = await TokenFromMailAsync(lateEmail);
        db.Clock.Advance(TimeSpan.FromDays(8));
        Assert.Contains("expired", (await invitations.AcceptAsync(lateToken, "Strong-pass-2026!")).Errors[""]);
        Assert.Null(await scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>().FindByEmailAsync(lateEmail));
    }

    [Fact]
    public async Task Re_inviting_an_address_withdraws_only_the_inviting_accounts_earlier_invitation()
    {
        var (first, _) = await AccountAsync();
        var (second, _) = await AccountAsync();
        var email = Email();
        await using var scope = db.Scope();
        var invitations = scope.ServiceProvider.GetRequiredService<Invitations>();

        var fromFirst = (await invitations.InviteAsync(new InvitationRequest(first.Id, email, "Shared Person", [Roles.Buyer], null, null), Url)).Value!;
        var fromSecond = (await invitations.InviteAsync(new InvitationRequest(second.Id, email, "Shared Person", [Roles.Buyer], null, null), Url)).Value!;
        Assert.Equal([fromFirst.Id], (await invitations.PendingAsync(first.Id)).Select(i => i.Id));
        Assert.Equal([fromSecond.Id], (await invitations.PendingAsync(second.Id)).Select(i => i.Id));

        // the second account re-invites: its own earlier invitation goes, the first account's stays
        var again = (await invitations.InviteAsync(new InvitationRequest(second.Id, email, "Shared Person", [Roles.Approver], null, null), Url)).Value!;
        Assert.Equal([again.Id], (await invitations.PendingAsync(second.Id)).Select(i => i.Id));
        Assert.Equal([fromFirst.Id], (await invitations.PendingAsync(first.Id)).Select(i => i.Id));

        // and withdrawing is only ever the inviting account's
        Assert.False(await invitations.RevokeAsync(second.Id, fromFirst.Id));
        Assert.False(await invitations.RevokeAsync(null, fromFirst.Id));
        Assert.Single(await invitations.PendingAsync(first.Id));
    }

    [Fact]
    public async Task An_address_in_use_in_another_account_is_answered_like_any_new_address_and_only_its_owner_is_told()
    {
        var (mine, _) = await AccountAsync();
        var (theirs, _) = await AccountAsync();
        await using var scope = db.Scope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
        var taken = Email();
        Assert.True((await users.CreateAsync(new PortalUser { UserName = taken, Email = taken, DisplayName = "Theirs", AccountId = theirs.Id }, "Theirs-pass-2026!")).Succeeded);
        var invitations = scope.ServiceProvider.GetRequiredService<Invitations>();

        var fresh = await invitations.InviteAsync(new InvitationRequest(mine.Id, Email(), "New Person", [Roles.Buyer], null, null), Url);
        var inUse = await invitations.InviteAsync(new InvitationRequest(mine.Id, taken, "Their Person", [Roles.Buyer], null, null), Url);
        Assert.True(fresh.Succeeded);
        Assert.True(inUse.Succeeded, string.Join(" ", inUse.Errors.Values));
        Assert.Contains(await invitations.PendingAsync(mine.Id), i => i.Email == taken);
        Assert.True((await invitations.CheckInviteeAsync(taken, "Their Person", mine.Id)).Any == false);

        // the owner of the address gets a mail without a link that says why
        await db.Get<MailOutbox>().SendDueAsync();
        var mail = Portal.Tests.Web.Mails.Decode(Directory.GetFiles(db.MailFolder, "*.eml").Select(File.ReadAllText).Single(m => m.Contains(taken)));
        Assert.Contains("already has a sign-in", mail);
        Assert.DoesNotContain("/invitation?token=", mail);

        // an address of the inviting account itself is still refused with a reason
        var own = Email();
        Assert.True((await users.CreateAsync(new PortalUser { UserName = own, Email = own, DisplayName = "Mine", AccountId = mine.Id }, "Mine-pass-2026!")).Succeeded);
        var ownAgain = await invitations.InviteAsync(new InvitationRequest(mine.Id, own, "Mine", [Roles.Buyer], null, null), Url);
        Assert.Contains("already has a sign-in", ownAgain.Errors["Email"]);
    }

    [Fact]
    public async Task An_admin_changes_their_own_accounts_users_only_and_cannot_lock_themselves_out()
    {
        var (account, site) = await AccountAsync();
        var (other, _) = await AccountAsync();
        await using var scope = db.Scope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
        var admin = new PortalUser { UserName = Email(), DisplayName = "Admin", AccountId = account.Id };
        admin.Email = admin.UserName;
        var buyer = new PortalUser { UserName = Email(), DisplayName = "Buyer", AccountId = account.Id };
        buyer.Email = buyer.UserName;
        await users.CreateAsync(admin, "Admin-pass-2026!");
        await users.CreateAsync(buyer, "Buyer-pass-2026!");
        await users.AddToRoleAsync(admin, Roles.CustomerAdmin);
        await users.AddToRoleAsync(buyer, Roles.Buyer);
        var administration = scope.ServiceProvider.GetRequiredService<UserAdministration>();
        var stamp = (await users.FindByIdAsync(buyer.Id.ToString()))!.ConcurrencyStamp!;

        Assert.Null(await administration.ChangeAsync(other.Id, buyer.Id, admin.Id, new UserChange([Roles.Buyer], null, true, stamp)));

        var changed = await administration.ChangeAsync(account.Id, buyer.Id, admin.Id, new UserChange([Roles.Buyer, Roles.Approver], site.Id, true, stamp));
        Assert.True(changed!.Succeeded);
        Assert.True(changed.Value!.IsDisabled);
        Assert.Equal("Head office", changed.Value.SiteName);
        Assert.Equal([Roles.Approver, Roles.Buyer], changed.Value.RoleList.Order());

        var stale = await administration.ChangeAsync(account.Id, buyer.Id, admin.Id, new UserChange([Roles.Buyer], null, false, stamp));
        Assert.Contains("Someone else changed this user", stale!.Errors[""]);

        var adminStamp = (await users.FindByIdAsync(admin.Id.ToString()))!.ConcurrencyStamp!;
        var self = await administration.ChangeAsync(account.Id, admin.Id, admin.Id, new UserChange([Roles.Buyer], null, true, adminStamp));
        Assert.Equal(["IsDisabled", "Roles"], self!.Errors.Keys.Order().ToArray());
    }
}

public sealed class InvitationFacts_Sqlite(SqliteDatabase db) : InvitationFacts(db), IClassFixture<SqliteDatabase>;
public sealed class InvitationFacts_SqlServer(SqlServerDatabase db) : InvitationFacts(db), IClassFixture<SqlServerDatabase>;

/// <summary>Demo data on a database of its own: it seeds only an empty one.</summary>
public abstract class DemoDataFacts(ProviderDatabase db)
{
    [Fact]
    public async Task Demo_data_is_seeded_once_and_every_demo_user_can_sign_in()
    {
        await using var scope = db.Scope();
        var demo = scope.ServiceProvider.GetRequiredService<DemoData>();
        var first = await demo.SeedAsync();
        var second = await demo.SeedAsync();
        Assert.True(first);
        Assert.Equal(DemoData.SupplierName, (await db.Get<AccountStore>().GetSupplierAsync())!.Name);
        Assert.False(second);

        var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
        foreach (var (email, _, _, roles) in DemoData.Users)
        {
            var user = await users.FindByEmailAsync(email);
            Assert.True(await users.CheckPasswordAsync(user!, DemoData.Password), email);
            Assert.Equal(roles.Order(), (await users.GetRolesAsync(user!)).Order());
        }
        var accounts = db.Get<AccountStore>();
        var list = (await accounts.ListAccountsAsync("Northwind Traders", 1, 10)).Items.Single();
        Assert.Equal(3, list.SiteCount);
        Assert.Equal(1, (await accounts.ListAccountsAsync("Contoso Ltd", 1, 10)).Items.Single().SiteCount);
    }
}

public sealed class DemoDataFacts_Sqlite(SqliteDatabase db) : DemoDataFacts(db), IClassFixture<SqliteDatabase>;
public sealed class DemoDataFacts_SqlServer(SqlServerDatabase db) : DemoDataFacts(db), IClassFixture<SqlServerDatabase>;
