using Dapper;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Portal.Data;
using Portal.Data.Accounts;
using Portal.Data.Catalog;
using Portal.Data.Db;
using Portal.Data.Demo;
using Portal.Data.Ordering;

namespace Portal.Tests.Data;

/// <summary>
/// The one order-placement core, on each database: the rules a person passes at checkout hold for every adapter, and
/// the races a farm or two browser tabs produce (one cart twice, parallel orders against one credit limit) cannot
/// place what the rules forbid.
/// </summary>
public abstract class OrderPlacementFacts(ProviderDatabase db)
{
    private OrderPlacement Placement => db.Get<OrderPlacement>();
    private Carts Carts => db.Get<Carts>();

    /// <summary>A fresh account with one site and its people, so each fact has its own credit and approvals.</summary>
    private sealed record Shop(Guid AccountId, Guid SiteId, Guid OtherSiteId, Guid BuyerId, Guid ApproverId, Guid AdminId, Product Product, int Quantity, decimal LineTotal);

    private async Task<Shop> ShopAsync(decimal? creditLimit = null, decimal? buyerApprovalLimit = null)
    {
        await using (var seed = db.Scope()) await seed.ServiceProvider.GetRequiredService<DemoData>().SeedAsync();
        var accounts = db.Get<AccountStore>();
        var tag = Guid.NewGuid().ToString("N")[..8];
        var account = (await accounts.CreateAccountAsync(new NewAccount($"Shop {tag}", null, "Europe/London"))).Value!;
        var site = (await accounts.AddSiteAsync(account.Id, new NewSite("S1", "Main", "1 High St", null, "York", "YO1 1AA", "United Kingdom"))).Value!;
        var other = (await accounts.AddSiteAsync(account.Id, new NewSite("S2", "Depot", "2 Low St", null, "Leeds", "LS1 1AA", "United Kingdom"))).Value!;
        await using var scope = db.Scope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
        async Task<Guid> UserAsync(string who, params string[] roles)
        {
            var user = new PortalUser { Id = Guid.NewGuid(), AccountId = account.Id, DisplayName = who, UserName = $"{who}-{tag}@shop.test", Email = $"{who}-{tag}@shop.test", EmailConfirmed = true };
            Assert.True((await users.CreateAsync(user, DemoData.Password)).Succeeded);
            Assert.True((await users.AddToRolesAsync(user, roles)).Succeeded);
            return user.Id;
        }
        var buyer = await UserAsync("buyer", Roles.Buyer);
        var approver = await UserAsync("approver", Roles.Approver);
        var admin = await UserAsync("admin", Roles.CustomerAdmin, Roles.Buyer);
        var settings = db.Get<OrderingSettings>();
        Assert.True((await settings.SetTermsAsync(account.Id, creditLimit, requirePoNumber: false)).Succeeded);
        if (buyerApprovalLimit is { } limit) Assert.True((await settings.SetApprovalLimitAsync(account.Id, buyer, limit)).Succeeded);
        var product = (await db.Get<CatalogStore>().AllAsync()).First(p => p.IsActive && p.ListPrice > 1m);
        var quantity = (Math.Max(product.MinQuantity, 1) + product.PackSize - 1) / product.PackSize * product.PackSize;
        return new Shop(account.Id, site.Id, other.Id, buyer, approver, admin, product, quantity, Money.Round(product.ListPrice * quantity));
    }

    private DateOnly DeliveryDate => DeliveryDates.AddBusinessDays(DateOnly.FromDateTime(db.Clock.GetUtcNow().UtcDateTime), 30);

    private OrderDraft Draft(Shop shop, string? key = null, int? quantity = null, string scope = "test") => new()
    {
        SiteId = shop.SiteId, Lines = [new DraftLine(shop.Product.Id, quantity ?? shop.Quantity)], RequestedDeliveryDate = DeliveryDate,
        IdempotencyScope = scope, IdempotencyKey = key ?? Guid.NewGuid().ToString("N"), Fingerprint = $"{quantity ?? shop.Quantity}", Source = OrderSource.Api,
    };

    private async Task<IReadOnlyList<Order>> OrdersOfAsync(Guid accountId) =>
        await db.Get<Orders>().SinceAsync(accountId, DateTimeOffset.MinValue);

    private async Task<int> MailsAboutAsync(string number)
    {
        await using var c = await db.Get<ConnectionFactory>().OpenAsync();
        return await c.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM MailOutbox WHERE Subject LIKE @Pattern", new { Pattern = $"Order {number} %" });
    }

    [Fact]
    public async Task Two_checkouts_of_one_cart_at_once_place_one_order()
    {
        var shop = await ShopAsync();
        var buyer = new Buyer(shop.AccountId, shop.BuyerId, shop.SiteId);
        for (var round = 0; round < 3; round++)
        {
            await Carts.AddAsync(buyer, [(shop.Product.Id, shop.Quantity)]);
            var tabs = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => Task.Run(() =>
                Carts.CheckoutAsync(buyer, new CheckoutInput(null, DeliveryDate, null, Guid.NewGuid().ToString("N"))))));
            Assert.Single(tabs, t => t.Succeeded);
            Assert.Single(tabs, t => !t.Succeeded);
        }
        Assert.Equal(3, (await OrdersOfAsync(shop.AccountId)).Count);
        Assert.Empty((await Carts.GetAsync(buyer)).Lines);
    }

    [Fact]
    public async Task Parallel_orders_cannot_together_pass_a_credit_limit_that_each_alone_fits()
    {
        var probe = await ShopAsync();
        var shop = await ShopAsync(creditLimit: Money.Round(probe.LineTotal * 1.5m));
        var placer = new Placer(shop.AccountId, shop.BuyerId);
        var placed = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => Task.Run(() => Placement.PlaceAsync(placer, Draft(shop)))));
        Assert.All(placed, p => Assert.True(p.Succeeded, string.Join(" ", p.Errors.Values)));
        Assert.Single(placed, p => p.Order!.Status == OrderStatus.Submitted);
        Assert.Equal(5, placed.Count(p => p.Order!.Status == OrderStatus.CreditHold));
    }

    [Fact]
    public async Task An_order_and_its_email_are_written_together_and_a_refused_order_writes_neither()
    {
        var shop = await ShopAsync();
        var placed = await Placement.PlaceAsync(new Placer(shop.AccountId, shop.BuyerId), Draft(shop));
        Assert.Equal(1, await MailsAboutAsync(placed.Order!.Number));

        var refused = await Placement.PlaceAsync(new Placer(shop.AccountId, shop.BuyerId), Draft(shop, quantity: 0));
        Assert.False(refused.Succeeded);
        Assert.Contains("at least 1", refused.Errors["lines[0].quantity"]);
        Assert.Single(await OrdersOfAsync(shop.AccountId));
    }

    [Fact]
    public async Task A_key_gives_its_sender_the_first_order_again_refuses_another_request_and_belongs_to_one_sender()
    {
        var shop = await ShopAsync();
        var placer = new Placer(shop.AccountId, shop.BuyerId);
        var first = await Placement.PlaceAsync(placer, Draft(shop, "key-1"));
        var again = await Placement.PlaceAsync(placer, Draft(shop, "key-1"));
        Assert.True(again.Replayed);
        Assert.Equal(first.Order!.Number, again.Order!.Number);

        var other = await Placement.PlaceAsync(placer, Draft(shop, "key-1", quantity: shop.Quantity * 2));
        Assert.True(other.KeyReusedForAnotherRequest);
        Assert.Null(other.Order);

        var otherSender = await Placement.PlaceAsync(placer, Draft(shop, "key-1", scope: "another-api-key"));
        Assert.False(otherSender.Replayed);
        Assert.NotEqual(first.Order.Number, otherSender.Order!.Number);
        var differentCase = await Placement.PlaceAsync(placer, Draft(shop, "KEY-1"));
        Assert.False(differentCase.Replayed);
        Assert.Equal(3, (await OrdersOfAsync(shop.AccountId)).Count);
    }

    [Fact]
    public async Task Nobody_orders_for_a_site_they_may_not_use_as_a_disabled_user_or_for_a_deactivated_account()
    {
        var shop = await ShopAsync();
        await using (var scope = db.Scope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
            var buyer = (await users.FindByIdAsync(shop.BuyerId.ToString()))!;
            buyer.SiteId = shop.SiteId;
            await users.UpdateAsync(buyer);
        }
        var otherSite = await Placement.PlaceAsync(new Placer(shop.AccountId, shop.BuyerId), Draft(shop) with { SiteId = shop.OtherSiteId });
        Assert.Equal("You may order only for your own site.", otherSite.Errors["SiteId"]);
        var foreignSite = await Placement.PlaceAsync(new Placer(shop.AccountId, shop.AdminId), Draft(shop) with { SiteId = Guid.NewGuid() });
        Assert.Contains("active sites", foreignSite.Errors["SiteId"]);

        await using (var c = await db.Get<ConnectionFactory>().OpenAsync())
            await c.ExecuteAsync("UPDATE Users SET IsDisabled = 1 WHERE Id = @Id", new { Id = shop.BuyerId });
        Assert.Contains("cannot place orders", (await Placement.PlaceAsync(new Placer(shop.AccountId, shop.BuyerId), Draft(shop))).Errors[""]);

        await using (var c = await db.Get<ConnectionFactory>().OpenAsync())
            await c.ExecuteAsync("UPDATE CustomerAccounts SET IsActive = 0 WHERE Id = @Id", new { Id = shop.AccountId });
        Assert.Contains("deactivated", (await Placement.PlaceAsync(new Placer(shop.AccountId, shop.AdminId), Draft(shop))).Errors[""]);
        Assert.Empty(await OrdersOfAsync(shop.AccountId));
    }

    [Fact]
    public async Task Delivery_dates_past_a_year_ahead_and_control_characters_are_refused()
    {
        var shop = await ShopAsync();
        var placed = await Placement.PlaceAsync(new Placer(shop.AccountId, shop.BuyerId), Draft(shop) with
        {
            RequestedDeliveryDate = DeliveryDates.AddBusinessDays(DeliveryDate, 400), PoNumber = "PO\u0007", Notes = "fine\r\nbut\u001b",
        });
        Assert.Contains("a year ahead", placed.Errors["RequestedDeliveryDate"]);
        Assert.Contains("control characters", placed.Errors["PoNumber"]);
        Assert.Contains("control characters", placed.Errors["Notes"]);
    }

    [Fact]
    public async Task Nobody_approves_their_own_order_and_an_approver_limit_must_cover_it()
    {
        var shop = await ShopAsync(buyerApprovalLimit: 0.01m);
        var settings = db.Get<OrderingSettings>();
        // the admin is also an approver with no limit; the approver's own limit is below the order
        await using (var scope = db.Scope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
            await users.AddToRoleAsync((await users.FindByIdAsync(shop.AdminId.ToString()))!, Roles.Approver);
        }
        Assert.True((await settings.SetApprovalLimitAsync(shop.AccountId, shop.AdminId, 0.01m)).Succeeded);
        Assert.True((await settings.SetApprovalLimitAsync(shop.AccountId, shop.ApproverId, 0.02m)).Succeeded);

        var own = await Placement.PlaceAsync(new Placer(shop.AccountId, shop.AdminId), Draft(shop));
        Assert.Equal(OrderStatus.PendingApproval, own.Order!.Status);
        var approvals = db.Get<Approvals>();
        Assert.Contains("another approver", (await approvals.DecideAsync(new Approver(shop.AccountId, shop.AdminId, null), own.Order.Number, true, null))!.Errors[""]);
        Assert.Contains("over your own approval limit", (await approvals.DecideAsync(new Approver(shop.AccountId, shop.ApproverId, null), own.Order.Number, true, null))!.Errors[""]);
        Assert.Null(await approvals.DecideAsync(new Approver(shop.AccountId, shop.BuyerId, null), "SO-0", true, null));
        Assert.Contains("Only an approver", (await approvals.DecideAsync(new Approver(shop.AccountId, shop.BuyerId, null), own.Order.Number, true, null))!.Errors[""]);

        Assert.True((await settings.SetApprovalLimitAsync(shop.AccountId, shop.ApproverId, null)).Succeeded);
        var approved = await approvals.DecideAsync(new Approver(shop.AccountId, shop.ApproverId, null), own.Order.Number, true, null);
        Assert.Equal(OrderStatus.Submitted, approved!.Value!.Status);
    }

    [Fact]
    public async Task Approving_counts_the_order_once_against_the_credit_limit()
    {
        var probe = await ShopAsync();
        var shop = await ShopAsync(creditLimit: Money.Round(probe.LineTotal * 1.5m), buyerApprovalLimit: 0.01m);
        var waiting = await Placement.PlaceAsync(new Placer(shop.AccountId, shop.BuyerId), Draft(shop));
        Assert.Equal(OrderStatus.PendingApproval, waiting.Order!.Status);
        var approved = await db.Get<Approvals>().DecideAsync(new Approver(shop.AccountId, shop.ApproverId, null), waiting.Order.Number, true, null);
        Assert.Equal(OrderStatus.Submitted, approved!.Value!.Status);
    }

    [Fact]
    public async Task Only_the_placer_or_a_customer_admin_cancels_and_a_site_limited_buyer_sees_only_their_site()
    {
        var shop = await ShopAsync();
        var orders = db.Get<Orders>();
        var atDepot = (await Placement.PlaceAsync(new Placer(shop.AccountId, shop.AdminId), Draft(shop) with { SiteId = shop.OtherSiteId })).Order!;
        var atMain = (await Placement.PlaceAsync(new Placer(shop.AccountId, shop.AdminId), Draft(shop))).Order!;

        var limitedBuyer = new OrderViewer(shop.AccountId, shop.BuyerId, shop.SiteId, IsCustomerAdmin: false);
        Assert.Null(await orders.GetAsync(limitedBuyer, atDepot.Number));
        Assert.Null(await orders.CancelAsync(limitedBuyer, atDepot.Number));
        Assert.NotNull(await orders.GetAsync(limitedBuyer, atMain.Number));
        Assert.Contains("can cancel it", (await orders.CancelAsync(limitedBuyer, atMain.Number))!.Errors[""]);
        Assert.Null(await orders.GetAsync(new OrderViewer(Guid.NewGuid(), shop.AdminId, null, true), atMain.Number));

        var placer = new OrderViewer(shop.AccountId, shop.AdminId, null, IsCustomerAdmin: false);
        Assert.Equal(OrderStatus.Cancelled, (await orders.CancelAsync(placer, atMain.Number))!.Value!.Status);
        var admin = new OrderViewer(shop.AccountId, shop.ApproverId, null, IsCustomerAdmin: true);
        Assert.Equal(OrderStatus.Cancelled, (await orders.CancelAsync(admin, atDepot.Number))!.Value!.Status);
    }
}

public sealed class OrderPlacementFacts_Sqlite(SqliteDatabase db) : OrderPlacementFacts(db), IClassFixture<SqliteDatabase>;
public sealed class OrderPlacementFacts_SqlServer(SqlServerDatabase db) : OrderPlacementFacts(db), IClassFixture<SqlServerDatabase>;
