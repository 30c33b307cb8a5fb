using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Portal.Data.Accounts;

namespace Portal.Tests.Web.Api;

/// <summary>A key works only while its account is active and the user who made it may sign in.</summary>
public sealed class ApiKeyTests(PortalApp app) : IClassFixture<PortalApp>
{
    private async Task<string> KeyAsync(string accountName, string? madeBy)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var accounts = scope.ServiceProvider.GetRequiredService<AccountStore>();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
        var account = accountName.Length == 0 ? null : (await accounts.ListAccountsAsync(accountName, 1, 10)).Items.Single(a => a.Name == accountName);
        var maker = madeBy is null ? null : await users.FindByEmailAsync(madeBy);
        var made = await scope.ServiceProvider.GetRequiredService<ApiKeys>().CreateAsync(account?.Id, "test " + Guid.NewGuid().ToString("N")[..6], maker?.Id);
        return made.Value.Secret;
    }

    private async Task<HttpStatusCode> CallAsync(string key, string url)
    {
        var client = app.NewClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", key);
        return (await client.GetAsync(url)).StatusCode;
    }

    private async Task SetDisabledAsync(string email, bool disabled)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
        var user = (await users.FindByEmailAsync(email))!;
        user.IsDisabled = disabled;
        Assert.True((await users.UpdateAsync(user)).Succeeded);
    }

    [Fact]
    public async Task A_key_stops_working_at_once_when_the_user_who_made_it_is_disabled()
    {
        var customerKey = await KeyAsync("Northwind Traders", "approver@northwind.test");
        var supplierKey = await KeyAsync("", "manager@supplier.test");
        Assert.Equal(HttpStatusCode.OK, await CallAsync(customerKey, "/api/v1/sites"));
        Assert.Equal(HttpStatusCode.OK, await CallAsync(supplierKey, "/api/v1/supplier/orders"));

        await SetDisabledAsync("approver@northwind.test", true);
        await SetDisabledAsync("manager@supplier.test", true);
        Assert.Equal(HttpStatusCode.Unauthorized, await CallAsync(customerKey, "/api/v1/sites"));
        Assert.Equal(HttpStatusCode.Unauthorized, await CallAsync(supplierKey, "/api/v1/supplier/orders"));

        await SetDisabledAsync("approver@northwind.test", false);
        await SetDisabledAsync("manager@supplier.test", false);
        Assert.Equal(HttpStatusCode.OK, await CallAsync(customerKey, "/api/v1/sites"));
        Assert.Equal(HttpStatusCode.OK, await CallAsync(supplierKey, "/api/v1/supplier/orders"));
    }

    [Fact]
    public async Task A_key_stops_working_at_once_when_its_account_is_deactivated()
    {
        var key = await KeyAsync("Contoso Ltd", "buyer@contoso.test");
        Assert.Equal(HttpStatusCode.OK, await CallAsync(key, "/api/v1/sites"));

        await using var scope = app.Services.CreateAsyncScope();
        var accounts = scope.ServiceProvider.GetRequiredService<AccountStore>();
        var administration = scope.ServiceProvider.GetRequiredService<AccountAdministration>();
        var contoso = (await accounts.ListAccountsAsync("Contoso Ltd", 1, 10)).Items.Single(a => a.Name == "Contoso Ltd");
        var account = (await accounts.GetAccountAsync(contoso.Id))!;
        var profile = new AccountProfile(account.TimeZone, account.IdleTimeoutMinutes, account.AccountManagerUserId, IsActive: false, account.Version);
        Assert.True((await administration.UpdateAsync(contoso.Id, profile))!.Succeeded);

        Assert.Equal(HttpStatusCode.Unauthorized, await CallAsync(key, "/api/v1/sites"));
        Assert.Equal(HttpStatusCode.Unauthorized, await CallAsync(Portal.Data.Demo.DemoData.ContosoApiKey, "/api/v1/sites"));
    }
}
