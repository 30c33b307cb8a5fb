using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Portal.Data.Accounts;

namespace Portal.Tests.Web;

/// <summary>
/// Tenant isolation, page by page: a user of one account who asks for any page or record of another account by id gets
/// 404 — the same answer as for an id that does not exist — never the record and never "forbidden".
/// </summary>
public sealed class IsolationTests(PortalApp app) : IClassFixture<PortalApp>
{
    private async Task<(Guid Northwind, Guid Contoso, AccountUser NorthwindBuyer, AccountUser ContosoBuyer, AccountUser DeskAgent)> IdsAsync()
    {
        var accounts = app.Services.GetRequiredService<AccountStore>();
        var list = (await accounts.ListAccountsAsync(null, 1, 100)).Items;
        var northwind = list.Single(a => a.Name == "Northwind Traders").Id;
        var contoso = list.Single(a => a.Name == "Contoso Ltd").Id;
        var nwBuyer = (await accounts.GetUsersAsync(northwind)).Single(u => u.Email == "buyer@northwind.test");
        var coBuyer = (await accounts.GetUsersAsync(contoso)).Single(u => u.Email == "buyer@contoso.test");
        var desk = (await accounts.GetSupplierStaffAsync()).Single(u => u.Email == "desk@supplier.test");
        return (northwind, contoso, nwBuyer, coBuyer, desk);
    }

    [Fact]
    public async Task Another_accounts_user_is_not_found_when_read_or_changed_by_id()
    {
        var ids = await IdsAsync();
        var contosoAdmin = await app.SignedInAsync("buyer@contoso.test");

        Assert.Equal(HttpStatusCode.OK, (await contosoAdmin.GetAsync($"/account/users/{ids.ContosoBuyer.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await contosoAdmin.GetAsync($"/account/users/{ids.NorthwindBuyer.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await contosoAdmin.GetAsync($"/account/users/{ids.DeskAgent.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await contosoAdmin.GetAsync($"/account/users/{Guid.NewGuid()}")).StatusCode);

        var post = await contosoAdmin.PostFormAsync("/account/users/invite",
            [new("Input.Roles", "Buyer"), new("Input.IsDisabled", "true"), new("Input.ConcurrencyStamp", ids.NorthwindBuyer.ConcurrencyStamp)],
            $"/account/users/{ids.NorthwindBuyer.Id}");
        Assert.Equal(HttpStatusCode.NotFound, post.StatusCode);

        // the Northwind buyer was not touched and still signs in
        var buyer = await app.SignedInAsync("buyer@northwind.test");
        Assert.Equal(HttpStatusCode.OK, (await buyer.GetAsync("/")).StatusCode);
    }

    [Fact]
    public async Task Another_accounts_invitation_cannot_be_withdrawn()
    {
        var northwindAdmin = await app.SignedInAsync("admin@northwind.test");
        await northwindAdmin.PostFormAsync("/account/users/invite", [new("Input.DisplayName", "Iris"), new("Input.Email", "iris@northwind.test"), new("Input.Roles", "Buyer")]);
        var invitations = app.Services.CreateScope().ServiceProvider.GetRequiredService<Invitations>();
        var ids = await IdsAsync();
        var iris = (await invitations.PendingAsync(ids.Northwind)).Single(i => i.Email == "iris@northwind.test");

        var contosoAdmin = await app.SignedInAsync("buyer@contoso.test");
        var revoke = await contosoAdmin.PostFormAsync("/account/users", [], $"/account/users?handler=Revoke&invitationId={iris.Id}");
        Assert.Equal(HttpStatusCode.NotFound, revoke.StatusCode);
        var supplierRevoke = await (await app.SignedInAsync("admin@supplier.test")).PostFormAsync("/desk/staff", [], $"/desk/staff?handler=Revoke&invitationId={iris.Id}");
        Assert.Equal(HttpStatusCode.NotFound, supplierRevoke.StatusCode);

        Assert.Contains(await invitations.PendingAsync(ids.Northwind), i => i.Id == iris.Id);
        Assert.DoesNotContain("iris@northwind.test", await contosoAdmin.GetPageAsync("/account/users"));
    }

    [Fact]
    public async Task Customer_pages_show_only_the_users_own_account()
    {
        var contosoAdmin = await app.SignedInAsync("buyer@contoso.test");
        var users = await contosoAdmin.GetPageAsync("/account/users");
        Assert.Contains("buyer@contoso.test", users);
        Assert.DoesNotContain("northwind", users, StringComparison.OrdinalIgnoreCase);
        var sites = await contosoAdmin.GetPageAsync("/account/sites");
        Assert.Contains("CON-DUB", sites);
        // Northwind's sites, by code and name (not the bare "NW-" prefix: a random form token on the page can hold it)
        foreach (var other in new[] { "NW-LON", "NW-MAN", "NW-EDI", "London head office", "Manchester depot", "Edinburgh store" })
            Assert.DoesNotContain(other, sites);
        var invite = await contosoAdmin.GetPageAsync("/account/users/invite");
        Assert.DoesNotContain("NW-LON", invite);
    }

    [Fact]
    public async Task A_site_of_another_account_cannot_be_given_to_a_user()
    {
        var ids = await IdsAsync();
        var northwindSite = (await app.Services.GetRequiredService<AccountStore>().GetSitesAsync(ids.Northwind))[0];
        var contosoAdmin = await app.SignedInAsync("buyer@contoso.test");
        var response = await contosoAdmin.PostFormAsync("/account/users/invite",
            [new("Input.DisplayName", "Sid"), new("Input.Email", "sid@contoso.test"), new("Input.Roles", "Buyer"), new("Input.SiteId", northwindSite.Id.ToString())]);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Choose one of the account's sites", (await response.Content.ReadAsStringAsync()).Text());
    }

    [Fact]
    public async Task Supplier_pages_with_ids_answer_404_for_ids_that_are_not_theirs()
    {
        var ids = await IdsAsync();
        var supplierAdmin = await app.SignedInAsync("admin@supplier.test");
        Assert.Equal(HttpStatusCode.OK, (await supplierAdmin.GetAsync($"/desk/accounts/{ids.Contoso}")).StatusCode);
        foreach (var url in new[]
                 {
                     $"/desk/accounts/{Guid.NewGuid()}", $"/desk/accounts/{Guid.NewGuid()}/invite", $"/desk/accounts/{Guid.NewGuid()}/sites/new",
                     $"/desk/accounts/{Guid.NewGuid()}/edit", $"/desk/accounts/{Guid.NewGuid()}/prices", "/desk/orders/SO-0", "/desk/catalog/product?sku=NO-SUCH-SKU",
                     $"/desk/staff/{ids.ContosoBuyer.Id}", $"/desk/staff/{Guid.NewGuid()}",
                 })
            Assert.True((await supplierAdmin.GetAsync(url)).StatusCode == HttpStatusCode.NotFound, url);

        var post = await supplierAdmin.PostFormAsync("/desk/staff/invite",
            [new("Input.Roles", "DeskAgent"), new("Input.ConcurrencyStamp", ids.ContosoBuyer.ConcurrencyStamp)], $"/desk/staff/{ids.ContosoBuyer.Id}");
        Assert.Equal(HttpStatusCode.NotFound, post.StatusCode);
    }

    [Fact]
    public async Task Customer_users_cannot_open_supplier_pages()
    {
        var ids = await IdsAsync();
        var customerAdmin = await app.SignedInAsync("admin@northwind.test");
        foreach (var url in new[] { "/desk/accounts", $"/desk/accounts/{ids.Northwind}", $"/desk/accounts/{ids.Contoso}", $"/desk/accounts/{ids.Northwind}/edit",
                     $"/desk/accounts/{ids.Northwind}/prices", "/desk/orders", "/desk/catalog", "/desk/api-keys", "/desk/staff", "/desk/jobs" })
        {
            var response = await customerAdmin.GetAsync(url);
            Assert.True(response.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.Forbidden, url);
            if (response.StatusCode == HttpStatusCode.Redirect)
                Assert.Contains("AccessDenied", response.Headers.Location!.ToString());
        }
        var buyer = await app.SignedInAsync("buyer@northwind.test");
        Assert.Contains("AccessDenied", (await buyer.GetAsync("/account/users")).Headers.Location!.ToString());
    }
}
