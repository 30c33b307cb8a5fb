using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Logging;
using Portal.Data.Accounts;

namespace Portal.Data.Demo;

/// <summary>
/// Seeds an empty database with a supplier, the national account Northwind Traders (three sites), the single-site
/// account Contoso Ltd, and one user per role. Runs only on a database with no supplier yet, so a restart adds nothing.
/// </summary>
public sealed class DemoData(AccountStore accounts, UserManager<PortalUser> users, DemoCatalog catalog, Ordering.OrderingSettings ordering, ApiKeys apiKeys, Service.Tickets tickets, Relationships.DemoWorkspace workspace, ILogger<DemoData> logger)
{
    public const string Password = "Portal-demo-2026!";
    public const string SupplierName = "Harbour Wholesale Supplies";

    public static readonly IReadOnlyList<(string Email, string Name, string Account, string[] Roles)> Users =
    [
        ("buyer@northwind.test", "Nadia Buyer", "Northwind Traders", [Roles.Buyer]),
        ("approver@northwind.test", "Oscar Approver", "Northwind Traders", [Roles.Approver]),
        ("admin@northwind.test", "Alice Admin", "Northwind Traders", [Roles.CustomerAdmin]),
        ("buyer@contoso.test", "Conor Buyer", "Contoso Ltd", [Roles.Buyer, Roles.CustomerAdmin]),
        ("desk@supplier.test", "Dana Desk", "", [Roles.DeskAgent]),
        ("manager@supplier.test", "Max Manager", "", [Roles.AccountManager]),
        ("admin@supplier.test", "Sam Supplier-Admin", "", [Roles.SupplierAdmin]),
    ];

    /// <returns>true when it seeded; false when the database already had data.</returns>
    public async Task<bool> SeedAsync(CancellationToken ct = default)
    {
        if (await accounts.GetSupplierAsync(ct) is not null || await accounts.CountAccountsAsync(ct) > 0)
            return false;

        await accounts.CreateSupplierAsync(SupplierName, ct);

        var northwind = Must(await accounts.CreateAccountAsync(new NewAccount("Northwind Traders", null, "Europe/London", 15), ct));
        var london = Must(await accounts.AddSiteAsync(northwind.Id, new NewSite("NW-LON", "London head office", "12 Wharf Road", null, "London", "N1 7GU", "United Kingdom"), ct));
        Must(await accounts.AddSiteAsync(northwind.Id, new NewSite("NW-MAN", "Manchester depot", "Unit 4, Trafford Park", "Ashburton Road West", "Manchester", "M17 1RN", "United Kingdom"), ct));
        Must(await accounts.AddSiteAsync(northwind.Id, new NewSite("NW-EDI", "Edinburgh store", "88 Leith Walk", null, "Edinburgh", "EH6 5HB", "United Kingdom"), ct));

        var contoso = Must(await accounts.CreateAccountAsync(new NewAccount("Contoso Ltd", null, "Europe/Dublin", 30), ct));
        Must(await accounts.AddSiteAsync(contoso.Id, new NewSite("CON-DUB", "Dublin office", "5 Grand Canal Square", null, "Dublin", "D02 P820", "Ireland"), ct));

        foreach (var (email, name, accountName, roles) in Users)
        {
            var account = accountName switch { "Northwind Traders" => northwind, "Contoso Ltd" => contoso, _ => null };
            var user = new PortalUser
            {
                Id = Guid.NewGuid(), AccountId = account?.Id, DisplayName = name, UserName = email, Email = email, EmailConfirmed = true,
                LockoutEnabled = true,
                // the Northwind buyer orders for the London site only; everyone else sees all of their account's sites
                SiteId = email == "buyer@northwind.test" ? london.Id : null,
            };
            Check(await users.CreateAsync(user, Password), email);
            Check(await users.AddToRolesAsync(user, roles), email);
        }
        // the catalog, contract prices (Northwind's national contract, Contoso's own) and ordering terms
        var products = await catalog.SeedProductsAsync(ct);
        await catalog.SeedContractAsync(northwind.Id, products, every: 4, offset: 0, discount: 0.10m, ct);
        await catalog.SeedContractAsync(contoso.Id, products, every: 6, offset: 1, discount: 0.08m, ct);
        Must(await ordering.SetTermsAsync(northwind.Id, creditLimit: 25_000m, requirePoNumber: true, ct));
        Must(await ordering.SetTermsAsync(contoso.Id, creditLimit: 1_500m, requirePoNumber: false, ct));
        var nadia = await users.FindByEmailAsync("buyer@northwind.test");
        Must(await ordering.SetApprovalLimitAsync(northwind.Id, nadia!.Id, 500m, ct));

        // integration API keys with known values, for trying the API against the demo (never in production data)
        foreach (var (account, name, owner, secret) in ApiKeysToSeed(northwind.Id, contoso.Id))
            Must(await apiKeys.CreateAsync(account, name, (await users.FindByEmailAsync(owner))!.Id, secret, ct));

        await SeedRequestsAsync(northwind.Id, contoso.Id, london.Id, ct);
        // the account manager looks after both accounts, which get a few weeks of (demo) health for the workspace
        await workspace.SeedAsync((await users.FindByEmailAsync("manager@supplier.test"))!.Id, [(northwind.Id, northwind.Name), (contoso.Id, contoso.Name)], ct);

        logger.LogInformation("Demo data seeded: {Accounts} accounts, {Users} users (password {Password}), {Products} products", 2, Users.Count, Password, products.Count);
        return true;
    }

    /// <summary>A few service desk requests in different states (no mail is sent for them).</summary>
    private async Task SeedRequestsAsync(Guid northwind, Guid contoso, Guid london, CancellationToken ct)
    {
        async Task<Service.TicketViewer> CustomerAsync(string email, Guid account, Guid? site, bool admin) =>
            Service.TicketViewer.Customer(account, (await users.FindByEmailAsync(email))!.Id, site, admin, (await users.FindByEmailAsync(email))!.DisplayName);
        var deskUser = (await users.FindByEmailAsync("desk@supplier.test"))!;
        var desk = Service.TicketViewer.Desk(deskUser.Id, deskUser.DisplayName);
        var nadia = await CustomerAsync("buyer@northwind.test", northwind, london, false);
        var alice = await CustomerAsync("admin@northwind.test", northwind, null, true);
        var conor = await CustomerAsync("buyer@contoso.test", contoso, null, true);

        Must(await tickets.CreateAsync(nadia, new Service.NewTicket
        {
            Kind = Service.TicketKind.QualityComplaint, Impact = Service.TicketImpact.Moderate, Subject = "Six mugs arrived chipped",
            Body = "Six of the **Heart mugs** in our last delivery arrived chipped at the rim. Could you replace them?",
        }, ct));
        var billing = Must(await tickets.CreateAsync(alice, new Service.NewTicket
        {
            Kind = Service.TicketKind.BillingQuery, Impact = Service.TicketImpact.Minor, Subject = "Invoice shows the list price, not our contract price",
            Body = "Our last invoice charges the *list price* for the cake stands. Our contract price applies, doesn't it?",
        }, ct));
        var ticket = Must((await tickets.AssignAsync(desk, billing.Number, deskUser.Id, billing.Version, ct))!);
        Must((await tickets.ReplyAsync(desk, ticket.Number, new Service.TicketReply
        {
            Body = "Dear Alice,\n\nthank you. Could you send us the invoice number, so that we can correct it?\n\nKind regards,\nDana",
            Status = Service.TicketStatus.WaitingOnCustomer,
        }, ct, notify: false))!);
        var question = Must(await tickets.CreateAsync(conor, new Service.NewTicket
        {
            Kind = Service.TicketKind.ProductQuestion, Impact = Service.TicketImpact.Minor, Subject = "Do you stock recycled lunch bags?",
            Body = "We would like to switch to recycled lunch bags. Which of yours are recycled?",
        }, ct));
        Must((await tickets.ReplyAsync(desk, question.Number, new Service.TicketReply
        {
            Body = "Dear Conor,\n\nall our *Jumbo* lunch bags are made of recycled material.\n\nKind regards,\nDana", Status = Service.TicketStatus.Resolved,
        }, ct, notify: false))!);
        Must((await tickets.ReplyAsync(desk, question.Number, new Service.TicketReply { Body = "Customer asked by phone for the catalogue page too.", Internal = true }, ct, notify: false))!);
    }

    public const string NorthwindApiKey = "demo-northwind-api-key";
    public const string ContosoApiKey = "demo-contoso-api-key";
    public const string SupplierApiKey = "demo-supplier-api-key";

    private static IEnumerable<(Guid? Account, string Name, string Owner, string Secret)> ApiKeysToSeed(Guid northwind, Guid contoso) =>
    [
        (northwind, "Northwind purchasing system (demo)", "admin@northwind.test", NorthwindApiKey),
        (contoso, "Contoso purchasing system (demo)", "buyer@contoso.test", ContosoApiKey),
        (null, "Supplier ERP (demo)", "admin@supplier.test", SupplierApiKey),
    ];

    private static T Must<T>(Outcome<T> outcome) => outcome.Succeeded
        ? outcome.Value!
        : throw new InvalidOperationException("Demo data is invalid: " + string.Join("; ", outcome.Errors.Values));

    private static void Check(IdentityResult result, string who)
    {
        if (!result.Succeeded)
            throw new InvalidOperationException($"Demo user {who}: " + string.Join("; ", result.Errors.Select(e => e.Description)));
    }
}
