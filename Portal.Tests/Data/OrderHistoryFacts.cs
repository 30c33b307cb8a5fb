using Dapper;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Portal.Data.Accounts;
using Portal.Data.Catalog;
using Portal.Data.Db;
using Portal.Data.Ordering;

namespace Portal.Tests.Data;

/// <summary>Order history through the data layer: the statements built from the filters given, the count, sites.</summary>
public abstract class OrderHistoryFacts(ProviderDatabase db)
{
    private sealed record Shop(Guid Account, Site London, Site Leeds, Guid User, Product Product);

    private async Task<Shop> ShopAsync()
    {
        var accounts = db.Get<AccountStore>();
        var account = (await accounts.CreateAccountAsync(new NewAccount("History " + Guid.NewGuid().ToString("N")[..8], null, "Europe/London"))).Value!;
        var london = (await accounts.AddSiteAsync(account.Id, new NewSite("LON", "London office", "1 Road", null, "London", "N1", "UK"))).Value!;
        var leeds = (await accounts.AddSiteAsync(account.Id, new NewSite("LDS", "Leeds depot", "2 Road", null, "Leeds", "LS1", "UK"))).Value!;
        await using var scope = db.Scope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
        var email = $"h{Guid.NewGuid():N}@example.test";
        var user = new PortalUser { UserName = email, Email = email, DisplayName = "Hilda Buyer", AccountId = account.Id, EmailConfirmed = true };
        Assert.True((await users.CreateAsync(user, "History-pass-2026!")).Succeeded);
        var catalog = db.Get<CatalogStore>();
        var category = await catalog.EnsureCategoryAsync("History things");
        var product = new Product
        {
            Id = Guid.NewGuid(), Sku = "H" + Guid.NewGuid().ToString("N")[..8].ToUpperInvariant(), Name = "History mug", CategoryId = category.Id, Description = "",
            Unit = "each", PackSize = 1, MinQuantity = 1, LeadTimeDays = 1, IsActive = true, ListPrice = 2.50m,
        };
        await catalog.UpsertAsync([product]);
        return new Shop(account.Id, london, leeds, user.Id, product);
    }

    private static int _number;

    /// <summary>Writes an order as the placement core leaves it, placed at <paramref name="createdUtc"/>.</summary>
    private async Task<string> OrderAsync(Shop shop, Site site, DateTimeOffset createdUtc, string status = OrderStatus.Submitted, string? po = null, bool withProduct = false)
    {
        var sql = db.Get<OrderingSql>();
        var id = Guid.NewGuid();
        var number = $"SO-H{Interlocked.Increment(ref _number):D6}{Guid.NewGuid().ToString("N")[..4]}";
        await using var c = await db.Get<ConnectionFactory>().OpenAsync();
        await c.ExecuteAsync(sql.InsertOrder, new
        {
            Id = id, AccountId = shop.Account, Number = number, SiteId = site.Id, PlacedByUserId = shop.User, Status = status, PoNumber = po,
            RequestedDeliveryDate = DateOnly.FromDateTime(createdUtc.UtcDateTime.AddDays(5)), Notes = (string?)null, Total = 10m, LineCount = 1,
            IdempotencyScope = "seed", IdempotencyKey = number, RequestHash = (string?)null, Source = OrderSource.Portal, CreatedUtc = createdUtc,
        });
        if (withProduct)
            await c.ExecuteAsync(sql.InsertOrderLine, new
            {
                OrderId = id, LineNumber = 1, ProductId = shop.Product.Id, shop.Product.Sku, shop.Product.Name, shop.Product.Unit, Quantity = 4,
                UnitPrice = 2.50m, LineTotal = 10m,
            });
        return number;
    }

    private OrderHistory History => db.Get<OrderHistory>();
    private static OrderFilter Filter(int page = 1, Guid? site = null, string? status = null) => new(status, site, null, null, null, null, page, 25);

    [Fact]
    public async Task The_total_is_right_on_full_part_filled_and_empty_pages_and_the_newest_order_comes_first()
    {
        var shop = await ShopAsync();
        var start = new DateTimeOffset(2026, 10, 1, 8, 0, 0, TimeSpan.Zero);
        var numbers = new List<string>();
        for (var i = 0; i < 30; i++) numbers.Add(await OrderAsync(shop, shop.London, start.AddHours(i)));
        for (var i = 0; i < 5; i++) numbers.Add(await OrderAsync(shop, shop.Leeds, start.AddHours(100 + i), OrderStatus.Delivered));

        var first = (await History.ViewAsync(shop.Account, null, Filter()))!;
        Assert.Equal(35, first.Orders.Total);
        Assert.Equal(25, first.Orders.Items.Count);
        Assert.Equal(numbers[^1], first.Orders.Items[0].Number);
        Assert.Equal(["LDS", "LON"], first.Sites.Select(s => s.Code).ToArray());
        Assert.Equal("Europe/London", first.Zone.Id);

        var second = (await History.ViewAsync(shop.Account, null, Filter(2)))!;
        Assert.Equal((10, 35), (second.Orders.Items.Count, second.Orders.Total));
        Assert.Equal(numbers[0], second.Orders.Items[^1].Number);
        var beyond = (await History.ViewAsync(shop.Account, null, Filter(3)))!;
        Assert.Equal((0, 35), (beyond.Orders.Items.Count, beyond.Orders.Total));

        var delivered = (await History.ViewAsync(shop.Account, null, Filter(status: OrderStatus.Delivered)))!;
        Assert.Equal((5, 5), (delivered.Orders.Items.Count, delivered.Orders.Total));
        var leeds = (await History.ViewAsync(shop.Account, null, Filter(site: shop.Leeds.Id)))!;
        Assert.All(leeds.Orders.Items, o => Assert.Equal("Leeds depot", o.SiteName));
        Assert.Equal(5, leeds.Orders.Total);
        Assert.Equal(0, (await History.ViewAsync(shop.Account, null, Filter(status: OrderStatus.Closed)))!.Orders.Total);
    }

    [Fact]
    public async Task A_user_limited_to_a_site_gets_that_sites_orders_whatever_site_they_ask_for()
    {
        var shop = await ShopAsync();
        var at = new DateTimeOffset(2026, 10, 2, 8, 0, 0, TimeSpan.Zero);
        var london = await OrderAsync(shop, shop.London, at, po: "SITE-TEST", withProduct: true);
        var leeds = await OrderAsync(shop, shop.Leeds, at.AddMinutes(1), po: "SITE-TEST", withProduct: true);

        foreach (var asked in new Guid?[] { null, shop.Leeds.Id, shop.London.Id })
        {
            var view = (await History.ViewAsync(shop.Account, shop.London.Id, Filter(site: asked)))!;
            Assert.Equal([london], view.Orders.Items.Select(o => o.Number).ToArray());
            Assert.Equal(1, view.Orders.Total);
            Assert.Equal(["LON"], view.Sites.Select(s => s.Code).ToArray());

            var csv = new StringWriter();
            await History.ExportAsync(shop.Account, shop.London.Id, Filter(site: asked), csv);
            Assert.Contains(london + ",", csv.ToString());
            Assert.DoesNotContain(leeds, csv.ToString());
        }
        // without the limit both are there, so the limit is what hid Leeds
        Assert.Equal(2, (await History.ViewAsync(shop.Account, null, Filter()))!.Orders.Total);
    }

    [Fact]
    public async Task Every_combination_of_filters_finds_the_order_it_describes_and_not_one_that_differs_in_any_of_them()
    {
        var shop = await ShopAsync();
        var at = new DateTimeOffset(2026, 10, 14, 12, 0, 0, TimeSpan.Zero);
        var target = await OrderAsync(shop, shop.Leeds, at, OrderStatus.Shipped, "PO-50%_OFF", withProduct: true);
        await OrderAsync(shop, shop.London, at.AddDays(20), OrderStatus.Submitted, "PO-OTHER"); // differs in every filter but "placed from"
        var day = DateOnly.FromDateTime(at.UtcDateTime);
        for (var f = 0; f <= (int)HistoryFilters.All; f++)
        {
            var given = (HistoryFilters)f;
            OrderFilter Describe(bool wrong) => new(
                given.HasFlag(HistoryFilters.Status) ? (wrong ? OrderStatus.Closed : OrderStatus.Shipped) : null,
                given.HasFlag(HistoryFilters.Site) ? (wrong ? shop.London.Id : shop.Leeds.Id) : null,
                given.HasFlag(HistoryFilters.From) ? (wrong ? day.AddDays(1) : day) : null,
                given.HasFlag(HistoryFilters.To) ? (wrong ? day.AddDays(-1) : day) : null,
                given.HasFlag(HistoryFilters.PoNumber) ? (wrong ? "50%x" : "50%_off") : null,
                given.HasFlag(HistoryFilters.Sku) ? (wrong ? "NOPE-1" : shop.Product.Sku.ToLowerInvariant()) : null);
            var found = (await History.ViewAsync(shop.Account, null, Describe(false)))!.Orders;
            Assert.True(found.Items.Any(o => o.Number == target), $"{given}: the order is found");
            Assert.Equal((given & ~HistoryFilters.From) == HistoryFilters.None ? 2 : 1, found.Total);
            if (given != HistoryFilters.None)
                Assert.True((await History.ViewAsync(shop.Account, null, Describe(true)))!.Orders.Items.All(o => o.Number != target), $"{given}: a wrong value does not find it");
        }
    }

    [Fact]
    public async Task The_open_filter_finds_every_order_not_yet_delivered_or_ended_and_none_that_is()
    {
        var shop = await ShopAsync();
        var at = new DateTimeOffset(2026, 10, 20, 9, 0, 0, TimeSpan.Zero);
        var byStatus = new Dictionary<string, string>();
        foreach (var (status, i) in OrderStatus.All.Select((s, i) => (s, i)))
            byStatus[status] = await OrderAsync(shop, i % 2 == 0 ? shop.London : shop.Leeds, at.AddMinutes(i), status, withProduct: true);
        var open = (await History.ViewAsync(shop.Account, null, Filter() with { Status = OrderFilter.OpenStatus }))!.Orders;
        Assert.Equal(OrderStatus.Open.Select(s => byStatus[s]).Order().ToArray(), open.Items.Select(o => o.Number).Order().ToArray());
        Assert.Equal(OrderStatus.Open.Count, open.Total);
        // with another filter it still holds: open orders of Leeds only
        var leeds = (await History.ViewAsync(shop.Account, null, Filter(site: shop.Leeds.Id) with { Status = OrderFilter.OpenStatus }))!.Orders;
        Assert.All(leeds.Items, o => Assert.Contains(o.Status, OrderStatus.Open));
        Assert.All(leeds.Items, o => Assert.Equal(shop.Leeds.Id, o.SiteId));
        Assert.NotEmpty(leeds.Items);
    }

    [Fact]
    public async Task Another_accounts_history_is_empty_and_an_unknown_account_has_none()
    {
        var mine = await ShopAsync();
        var theirs = await ShopAsync();
        await OrderAsync(theirs, theirs.London, new DateTimeOffset(2026, 10, 3, 8, 0, 0, TimeSpan.Zero));
        Assert.Equal(0, (await History.ViewAsync(mine.Account, null, Filter(site: theirs.London.Id)))!.Orders.Total);
        Assert.Null(await History.ViewAsync(Guid.NewGuid(), null, Filter()));
    }
}

public sealed class OrderHistoryFacts_Sqlite(SqliteDatabase db) : OrderHistoryFacts(db), IClassFixture<SqliteDatabase>;
public sealed class OrderHistoryFacts_SqlServer(SqlServerDatabase db) : OrderHistoryFacts(db), IClassFixture<SqlServerDatabase>;
