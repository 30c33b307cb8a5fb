using Dapper;
using Portal.Data.Accounts;
using Portal.Data.Db;

namespace Portal.Tests.Data;

public abstract class AccountStoreFacts(ProviderDatabase db)
{
    private AccountStore Accounts => db.Get<AccountStore>();
    private static string Unique(string name) => $"{name} {Guid.NewGuid().ToString("N")[..6]}";

    [Fact]
    public async Task A_new_account_is_read_back_with_its_settings_and_its_national_account()
    {
        var parent = (await Accounts.CreateAccountAsync(new NewAccount(Unique("National"), null, "Europe/London", 20))).Value!;
        var child = await Accounts.CreateAccountAsync(new NewAccount(Unique("Branch"), parent.Id, "Europe/Paris", 10));
        Assert.True(child.Succeeded);

        var read = await Accounts.GetAccountAsync(child.Value!.Id);
        Assert.Equal(parent.Name, read!.ParentName);
        Assert.Equal("Europe/Paris", read.TimeZone);
        Assert.Equal(10, read.IdleTimeoutMinutes);
        Assert.True(read.IsActive);
        Assert.Equal(db.Clock.GetUtcNow(), read.CreatedUtc);
    }

    [Fact]
    public async Task Bad_account_input_is_refused_field_by_field()
    {
        var existing = (await Accounts.CreateAccountAsync(new NewAccount(Unique("Taken"), null, "UTC"))).Value!;
        var outcome = await Accounts.CreateAccountAsync(new NewAccount(existing.Name, Guid.NewGuid(), "Nowhere/Atlantis", 1));
        Assert.False(outcome.Succeeded);
        Assert.Equal("An account with this name already exists.", outcome.Errors["Name"]);
        Assert.Equal("Choose a time zone from the list.", outcome.Errors["TimeZone"]);
        Assert.Contains("between 2 and 480", outcome.Errors["IdleTimeoutMinutes"]);
        Assert.Equal("The national account chosen as parent does not exist.", outcome.Errors["ParentAccountId"]);
        Assert.Contains("Enter the account's name", (await Accounts.CreateAccountAsync(new NewAccount("  ", null, "UTC"))).Errors["Name"]);
    }

    [Fact]
    public async Task Site_codes_are_upper_case_and_unique_within_an_account()
    {
        var a = (await Accounts.CreateAccountAsync(new NewAccount(Unique("Sites A"), null, "UTC"))).Value!;
        var b = (await Accounts.CreateAccountAsync(new NewAccount(Unique("Sites B"), null, "UTC"))).Value!;
        var site = await Accounts.AddSiteAsync(a.Id, new NewSite("lon-1", "London", "1 Road", null, "London", "N1", "UK"));
        Assert.Equal("LON-1", site.Value!.Code);
        Assert.Contains("already has a site with code LON-1", (await Accounts.AddSiteAsync(a.Id, new NewSite("LON-1", "Again", "2 Road", null, "London", "N1", "UK"))).Errors["Code"]);
        Assert.True((await Accounts.AddSiteAsync(b.Id, new NewSite("LON-1", "Other account", "3 Road", null, "London", "N1", "UK"))).Succeeded);

        var missing = await Accounts.AddSiteAsync(a.Id, new NewSite("", "", "", null, "", "", ""));
        Assert.Equal(["AddressLine1", "City", "Code", "Country", "Name", "PostalCode"], missing.Errors.Keys.Order().ToArray());
    }

    [Fact]
    public async Task Another_accounts_site_is_not_found()
    {
        var a = (await Accounts.CreateAccountAsync(new NewAccount(Unique("Own"), null, "UTC"))).Value!;
        var b = (await Accounts.CreateAccountAsync(new NewAccount(Unique("Other"), null, "UTC"))).Value!;
        var site = (await Accounts.AddSiteAsync(b.Id, new NewSite("X1", "Theirs", "1 Road", null, "Town", "1", "UK"))).Value!;
        Assert.NotNull(await Accounts.GetSiteAsync(b.Id, site.Id));
        Assert.Null(await Accounts.GetSiteAsync(a.Id, site.Id));
        Assert.Empty(await Accounts.GetSitesAsync(a.Id));
    }

    [Fact]
    public async Task The_account_list_pages_and_searches_wildcards_literally()
    {
        var tag = Guid.NewGuid().ToString("N")[..6];
        foreach (var name in new[] { $"{tag} 100% Paper", $"{tag} 100 Paper", $"{tag} A_B", $"{tag} AxB" })
            Assert.True((await Accounts.CreateAccountAsync(new NewAccount(name, null, "UTC"))).Succeeded);

        Assert.Equal([$"{tag} 100% Paper"], (await Accounts.ListAccountsAsync($"{tag} 100%", 1, 10)).Items.Select(a => a.Name));
        Assert.Equal([$"{tag} A_B"], (await Accounts.ListAccountsAsync($"{tag} A_", 1, 10)).Items.Select(a => a.Name));

        var first = await Accounts.ListAccountsAsync(tag, 1, 3);
        var second = await Accounts.ListAccountsAsync(tag, 2, 3);
        Assert.Equal(4, first.Total);
        Assert.Equal(3, first.Items.Count);
        Assert.Single(second.Items);
        Assert.Equal(2, first.PageCount);
        Assert.Empty(first.Items.Select(a => a.Name).Intersect(second.Items.Select(a => a.Name)));
    }

    [Fact]
    public async Task A_stale_settings_change_is_refused_and_changes_nothing()
    {
        var account = (await Accounts.CreateAccountAsync(new NewAccount(Unique("Idle"), null, "UTC", 15))).Value!;
        var first = await Accounts.SetIdleTimeoutAsync(account.Id, 30, account.Version);
        Assert.True(first.Succeeded);
        var stale = await Accounts.SetIdleTimeoutAsync(account.Id, 5, account.Version);
        Assert.False(stale.Succeeded);
        Assert.Contains("Someone else changed this account's settings", stale.Errors["IdleTimeoutMinutes"]);
        Assert.Equal(30, (await Accounts.GetAccountAsync(account.Id))!.IdleTimeoutMinutes);
    }

    [Fact]
    public async Task Instants_and_ids_survive_the_round_trip_exactly()
    {
        var account = (await Accounts.CreateAccountAsync(new NewAccount(Unique("Round trip"), null, "UTC"))).Value!;
        var read = await Accounts.GetAccountAsync(account.Id);
        Assert.Equal(account.Id, read!.Id);
        Assert.Equal(account.CreatedUtc, read.CreatedUtc);
        Assert.Equal(TimeSpan.Zero, read.CreatedUtc.Offset);
    }
}

public sealed class AccountStoreFacts_Sqlite(SqliteDatabase db) : AccountStoreFacts(db), IClassFixture<SqliteDatabase>
{
    [Fact]
    public async Task The_embedded_database_runs_in_wal_mode_with_foreign_keys_on()
    {
        await using var connection = await db.Get<ConnectionFactory>().OpenAsync(TestContext.Current.CancellationToken);
        Assert.Equal("wal", await connection.ExecuteScalarAsync<string>("PRAGMA journal_mode"));
        Assert.Equal(1L, await connection.ExecuteScalarAsync<long>("PRAGMA foreign_keys"));
        Assert.True(await connection.ExecuteScalarAsync<long>("PRAGMA busy_timeout") >= 5000);
    }

    [Fact]
    public void Migrating_again_runs_nothing()
    {
        var again = new Migrator(db.Options, Microsoft.Extensions.Logging.Abstractions.NullLogger<Migrator>.Instance).Migrate();
        Assert.Empty(again.ScriptsRun);
    }
}

public sealed class AccountStoreFacts_SqlServer(SqlServerDatabase db) : AccountStoreFacts(db), IClassFixture<SqlServerDatabase>;
