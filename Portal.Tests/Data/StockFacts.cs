using Dapper;
using Portal.Data.Accounts;
using Portal.Data.Catalog;
using Portal.Data.Db;
using Portal.Data.Ordering;
using Portal.Data.Replenishment;

namespace Portal.Tests.Data;

/// <summary>
/// The customer's own min/max levels on a real database: counts at, below and above the minimum, netting what is on
/// order and what was delivered since the count, packs and minimum order quantities, one order per site, exactly once
/// under two runs at once, counts refused all or nothing, and another account's rules, counts and sites not found.
/// </summary>
public sealed class StockFacts : IAsyncLifetime
{
    private readonly SqliteDatabase db = new();
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public ValueTask InitializeAsync() => db.InitializeAsync();
    public ValueTask DisposeAsync() => db.DisposeAsync();

    private StockLevels Stock => db.Get<StockLevels>();
    private ReplenishmentRun Run => db.Get<ReplenishmentRun>();

    private sealed record Shop(Guid AccountId, Guid SiteId, Guid OtherSiteId, Guid OwnerId, Guid ClerkId, IReadOnlyList<Product> Products)
    {
        public StockViewer Owner => new(AccountId, OwnerId, null);
        public StockViewer Clerk => new(AccountId, ClerkId, SiteId);
    }

    private async Task<Shop> ShopAsync(params (int Pack, int MinQuantity)[] products)
    {
        var accounts = db.Get<AccountStore>();
        var tag = DataSeed.Tag();
        var account = (await accounts.CreateAccountAsync(new NewAccount("Stock " + tag, null, "Europe/London"), Ct)).Value!;
        var site = (await accounts.AddSiteAsync(account.Id, new NewSite("S1", "Main store", "1 High St", null, "York", "YO1 1AA", "United Kingdom"), Ct)).Value!;
        var other = (await accounts.AddSiteAsync(account.Id, new NewSite("S2", "Depot", "2 Low St", null, "Leeds", "LS1 1AA", "United Kingdom"), Ct)).Value!;
        await using var c = await db.Get<ConnectionFactory>().OpenAsync(Ct);
        async Task<Guid> UserAsync(string who, string role, Guid? siteId)
        {
            var id = Guid.NewGuid();
            var email = $"{who.Replace(' ', '.').ToLowerInvariant()}-{tag.ToLowerInvariant()}@stock.test";
            await c.ExecuteAsync("""
                INSERT INTO Users (Id, AccountId, SiteId, DisplayName, UserName, NormalizedUserName, Email, NormalizedEmail, EmailConfirmed, CreatedUtc)
                VALUES (@Id, @AccountId, @SiteId, @Name, @Email, @Normal, @Email, @Normal, 1, @Now)
                """, new { Id = id, AccountId = account.Id, SiteId = siteId, Name = who, Email = email, Normal = email.ToUpperInvariant(), Now = db.Clock.GetUtcNow() });
            await c.ExecuteAsync("INSERT INTO UserRoles (UserId, RoleId) SELECT @UserId, Id FROM Roles WHERE Name = @Role", new { UserId = id, Role = role });
            return id;
        }
        var owner = await UserAsync("Olive Owner", Roles.Buyer, null);
        var clerk = await UserAsync("Cal Clerk", Roles.Buyer, site.Id);
        var made = await DataSeed.ProductsAsync(db, Math.Max(1, products.Length), 2m);
        var shaped = made.Select((p, i) => i < products.Length ? p with { PackSize = products[i].Pack, MinQuantity = products[i].MinQuantity } : p).ToList();
        await db.Get<CatalogStore>().UpsertAsync(shaped, Ct);
        return new Shop(account.Id, site.Id, other.Id, owner, clerk, shaped);
    }

    private async Task RuleAsync(Shop shop, Product product, int min, int max, Guid? siteId = null)
    {
        var added = await Stock.AddRuleAsync(shop.Owner, siteId ?? shop.SiteId, new StockRuleInput(product.Sku, min, max), Ct);
        Assert.True(added!.Succeeded, string.Join(" ", added.Errors.Values));
    }

    private async Task CountAsync(Shop shop, params (Product Product, int OnHand)[] counts)
    {
        var recorded = await Stock.RecordCountsAsync(shop.Owner, shop.SiteId, counts.Select(x => new CountInput(x.Product.Sku, x.OnHand.ToString())).ToList(), CountSource.Sheet, false, Ct);
        Assert.True(recorded!.Succeeded, string.Join(" ", recorded.Errors.Values));
    }

    private async Task<List<(Guid Id, string Number, string Source, Guid SiteId, Guid PlacedByUserId)>> OrdersAsync(Guid accountId)
    {
        await using var c = await db.Get<ConnectionFactory>().OpenAsync(Ct);
        return (await c.QueryAsync<(Guid, string, string, Guid, Guid)>(
            "SELECT Id, Number, Source, SiteId, PlacedByUserId FROM Orders WHERE AccountId = @AccountId ORDER BY CreatedUtc, Number", new { AccountId = accountId })).ToList();
    }

    private async Task<Dictionary<string, int>> LinesAsync(Guid orderId)
    {
        await using var c = await db.Get<ConnectionFactory>().OpenAsync(Ct);
        return (await c.QueryAsync<(string, int)>("SELECT Sku, Quantity FROM OrderLines WHERE OrderId = @OrderId", new { OrderId = orderId })).ToDictionary(x => x.Item1, x => x.Item2);
    }

    /// <summary>Records a delivery of <paramref name="quantity"/> of the order's first line, as the desk leaves it.</summary>
    private async Task DeliverAsync(Guid orderId, int quantity, string status)
    {
        await using var c = await db.Get<ConnectionFactory>().OpenAsync(Ct);
        var shipment = Guid.NewGuid();
        var delivery = Guid.NewGuid();
        var now = db.Clock.GetUtcNow();
        await c.ExecuteAsync("INSERT INTO Shipments (Id, OrderId, Carrier, TrackingRef, ShippedUtc, ByUserId) VALUES (@Id, @OrderId, 'Van', NULL, @Now, NULL)", new { Id = shipment, OrderId = orderId, Now = now });
        await c.ExecuteAsync("INSERT INTO Deliveries (Id, ShipmentId, OrderId, DeliveredDate, RecordedUtc, ByUserId) VALUES (@Id, @ShipmentId, @OrderId, @Date, @Now, NULL)",
            new { Id = delivery, ShipmentId = shipment, OrderId = orderId, Date = DateOnly.FromDateTime(now.UtcDateTime), Now = now });
        await c.ExecuteAsync("INSERT INTO DeliveryLines (DeliveryId, LineNumber, Quantity) VALUES (@Id, 1, @Quantity)", new { Id = delivery, Quantity = quantity });
        await c.ExecuteAsync("UPDATE Orders SET Status = @Status WHERE Id = @Id", new { Id = orderId, Status = status });
    }

    [Fact]
    public async Task Counts_below_and_at_the_minimum_order_up_to_the_maximum_on_one_order_per_site_and_a_count_above_orders_nothing()
    {
        var shop = await ShopAsync((1, 1), (1, 1), (1, 1));
        var (below, at, above) = (shop.Products[0], shop.Products[1], shop.Products[2]);
        await RuleAsync(shop, below, 5, 20);
        await RuleAsync(shop, at, 5, 12);
        await RuleAsync(shop, above, 5, 20);
        await CountAsync(shop, (below, 2), (at, 5), (above, 6));

        var view = await Stock.SiteLevelsAsync(shop.Owner, shop.SiteId, Ct);
        Assert.Equal([18, 7, 0], view!.Levels.OrderBy(l => l.Level.Sku).Select(l => l.Next.Quantity));
        Assert.Contains("above the minimum", view.Levels.Single(l => l.Level.Sku == above.Sku).Next.Explanation);

        var run = await Run.RunAsync(Ct);
        Assert.Equal(1, run.Placed);
        var order = Assert.Single(await OrdersAsync(shop.AccountId));
        Assert.Equal((OrderSource.StockRule, shop.SiteId, shop.OwnerId), (order.Source, order.SiteId, order.PlacedByUserId));
        Assert.Equal(new Dictionary<string, int> { [below.Sku] = 18, [at.Sku] = 7 }, await LinesAsync(order.Id));
        Assert.Equal(("Main store"), (await Stock.StockOrderOfOrderAsync(shop.AccountId, order.Id, Ct))?.SiteName);

        // the same counts never order again, and the page says which order they led to
        Assert.Equal(0, (await Run.RunAsync(Ct)).Placed);
        var after = await Stock.SiteLevelsAsync(shop.Owner, shop.SiteId, Ct);
        Assert.Contains(order.Number, after!.Levels.Single(l => l.Level.Sku == below.Sku).Next.Explanation);
        Assert.Equal(18, after.Levels.Single(l => l.Level.Sku == below.Sku).Level.OnOrder);
    }

    [Fact]
    public async Task What_is_on_order_and_what_was_delivered_since_the_count_is_netted_and_nothing_is_ordered_when_that_reaches_the_maximum()
    {
        var shop = await ShopAsync((1, 1), (1, 1));
        var (netted, covered) = (shop.Products[0], shop.Products[1]);
        await RuleAsync(shop, netted, 5, 20);
        await RuleAsync(shop, covered, 5, 20);
        var customer = new FactCustomer(shop.AccountId, shop.SiteId, shop.OwnerId);
        await DataSeed.SubmittedOrderAsync(db, customer, [(netted, 10)]);
        var bigOrder = await DataSeed.SubmittedOrderAsync(db, customer, [(covered, 30)]);
        await CountAsync(shop, (netted, 2), (covered, 1));
        // 12 of the 30 arrive after the count: still 18 on order, 12 delivered since; 1 + 30 is above the maximum either way
        db.Clock.Advance(TimeSpan.FromHours(1));
        await DeliverAsync(bigOrder.Id, 12, OrderStatus.PartiallyShipped);

        var view = await Stock.SiteLevelsAsync(shop.Owner, shop.SiteId, Ct);
        var c = view!.Levels.Single(l => l.Level.Sku == covered.Sku);
        Assert.Equal((18, 12, 0), (c.Level.OnOrder, c.Level.DeliveredSinceCount, c.Next.Quantity));
        Assert.Equal(8, view.Levels.Single(l => l.Level.Sku == netted.Sku).Next.Quantity);

        Assert.Equal(1, (await Run.RunAsync(Ct)).Placed);
        var orders = await OrdersAsync(shop.AccountId);
        var stockOrder = Assert.Single(orders, o => o.Source == OrderSource.StockRule);
        Assert.Equal(new Dictionary<string, int> { [netted.Sku] = 8 }, await LinesAsync(stockOrder.Id));
    }

    [Fact]
    public async Task A_count_that_ordered_does_not_order_again_once_its_order_is_delivered()
    {
        var shop = await ShopAsync((1, 1));
        var product = shop.Products[0];
        await RuleAsync(shop, product, 5, 20);
        await CountAsync(shop, (product, 2));
        Assert.Equal(1, (await Run.RunAsync(Ct)).Placed);
        db.Clock.Advance(TimeSpan.FromDays(2));
        await DeliverAsync((await OrdersAsync(shop.AccountId))[0].Id, 18, OrderStatus.Delivered);
        Assert.Equal(0, (await Run.RunAsync(Ct)).Placed);
        // a new count at the minimum orders again
        await CountAsync(shop, (product, 4));
        Assert.Equal(1, (await Run.RunAsync(Ct)).Placed);
        Assert.Equal(2, (await OrdersAsync(shop.AccountId)).Count);
    }

    [Theory]
    [InlineData(6, 1, 2, 20, 18)]   // 18 is three packs of 6
    [InlineData(6, 1, 3, 20, 18)]   // 17 rounded up to three packs
    [InlineData(5, 1, 3, 20, 20)]   // 17 rounded up to four packs of 5
    [InlineData(1, 24, 10, 20, 24)] // 10 raised to the minimum order of 24
    [InlineData(5, 12, 18, 20, 15)] // 2 raised to the minimum of 12, in packs of 5
    public async Task The_quantity_is_rounded_up_to_the_pack_and_at_least_the_minimum_order_quantity(int pack, int minimumOrder, int onHand, int max, int expected)
    {
        Assert.Equal(expected, StockMath.OrderQuantity(max, onHand, 0, pack, minimumOrder));
        var shop = await ShopAsync((pack, minimumOrder));
        await RuleAsync(shop, shop.Products[0], onHand, max);
        await CountAsync(shop, (shop.Products[0], onHand));
        Assert.Equal(1, (await Run.RunAsync(Ct)).Placed);
        Assert.Equal(expected, (await LinesAsync((await OrdersAsync(shop.AccountId))[0].Id))[shop.Products[0].Sku]);
    }

    [Fact]
    public async Task Two_runs_at_once_over_many_sites_place_one_order_per_site()
    {
        var shop = await ShopAsync((1, 1), (1, 1));
        var accounts = db.Get<AccountStore>();
        var sites = new List<Guid> { shop.SiteId };
        for (var i = 0; i < 11; i++)
            sites.Add((await accounts.AddSiteAsync(shop.AccountId, new NewSite($"X{i}", $"Store {i}", "1 Road", null, "Town", "T1 1AA", "UK"), Ct)).Value!.Id);
        foreach (var site in sites)
        {
            foreach (var p in shop.Products)
                Assert.True((await Stock.AddRuleAsync(shop.Owner, site, new StockRuleInput(p.Sku, 5, 10), Ct))!.Succeeded);
            Assert.True((await Stock.RecordCountsAsync(shop.Owner, site, shop.Products.Select(p => new CountInput(p.Sku, "1")).ToList(), CountSource.Api, false, Ct))!.Succeeded);
        }
        var runs = await DataSeed.AllAtOnceAsync(2, _ => Run.RunAsync(Ct));
        Assert.Equal(12, runs.Sum(r => r.Placed));
        var orders = await OrdersAsync(shop.AccountId);
        Assert.Equal(12, orders.Count);
        Assert.Equal(sites.Order(), orders.Select(o => o.SiteId).Order());
        foreach (var o in orders) Assert.Equal(2, (await LinesAsync(o.Id)).Count);
        Assert.Equal(0, (await Run.RunAsync(Ct)).Placed);
    }

    [Fact]
    public async Task A_run_that_stopped_after_claiming_is_taken_over_later_with_the_same_key_and_places_one_order()
    {
        var shop = await ShopAsync((1, 1));
        var product = shop.Products[0];
        await RuleAsync(shop, product, 5, 20);
        await CountAsync(shop, (product, 2));
        var level = (await Stock.SiteLevelsAsync(shop.Owner, shop.SiteId, Ct))!.Levels[0].Level;
        var key = StockRun.TriggerKeyOf([level.CountId!.Value]);
        var sql = db.Get<StockSql>();
        var now = db.Clock.GetUtcNow();
        var claim = Guid.NewGuid();
        await using (var c = await db.Get<ConnectionFactory>().OpenAsync(Ct))
        {
            // the run claimed, placed the order, and stopped before recording it
            await c.ExecuteAsync(sql.ClaimStockOrder, new
            {
                shop.SiteId, TriggerKey = key, Id = claim, shop.AccountId, PlacerUserId = (Guid?)shop.OwnerId, Outcome = StockOrderOutcome.Claimed,
                Reason = (string?)null, ClaimedUntilUtc = now + StockRun.ClaimFor, Now = now,
            });
            await c.ExecuteAsync(sql.ClaimCount, new { CountId = level.CountId, StockOrderId = claim, product.Id, ProductId = product.Id, OnHand = 2, OnOrder = 0, Quantity = 18 });
        }
        var placed = await db.Get<OrderPlacement>().PlaceAsync(new Placer(shop.AccountId, shop.OwnerId), new OrderDraft
        {
            SiteId = shop.SiteId, Lines = [new DraftLine(product.Id, 18)], RequestedDeliveryDate = DeliveryDates.Earliest(now, "Europe/London", 1),
            IdempotencyScope = StockRun.ScopeOf(shop.SiteId), IdempotencyKey = key, Source = OrderSource.StockRule,
        }, Ct);
        Assert.True(placed.Succeeded);

        Assert.Equal(0, (await Run.RunAsync(Ct)).Placed); // the claim still holds
        db.Clock.Advance(StockRun.ClaimFor + TimeSpan.FromMinutes(1));
        Assert.Equal(1, (await Run.RunAsync(Ct)).Placed); // taken over: the placement core answers with the first order
        Assert.Single(await OrdersAsync(shop.AccountId));
        Assert.Contains(placed.Order!.Number, (await Stock.SiteLevelsAsync(shop.Owner, shop.SiteId, Ct))!.Levels[0].Next.Explanation);
        Assert.Equal(0, (await Run.RunAsync(Ct)).Placed);
    }

    [Fact]
    public async Task Counts_with_a_bad_row_are_refused_field_by_field_and_none_is_saved()
    {
        var shop = await ShopAsync((1, 1), (1, 1), (1, 1));
        await RuleAsync(shop, shop.Products[0], 5, 20);
        await RuleAsync(shop, shop.Products[1], 5, 20);
        var noRule = shop.Products[2].Sku;
        var refused = await Stock.RecordCountsAsync(shop.Owner, shop.SiteId,
        [
            new(shop.Products[0].Sku, "7"), new(shop.Products[1].Sku, "-1"), new("NOPE-1", "3"), new(noRule, "3"), new(shop.Products[0].Sku, "4"),
            new(shop.Products[1].Sku, "2000000"), new(shop.Products[1].Sku, "lots"),
        ], CountSource.Csv, false, Ct);
        Assert.Equal(["Counts[1].OnHand", "Counts[2].Sku", "Counts[3].Sku", "Counts[4].Sku", "Counts[5].Sku", "Counts[6].Sku"], refused!.Errors.Keys.Order());
        Assert.Contains("below 0", refused.Errors["Counts[1].OnHand"]);
        Assert.Contains("no stock rule", refused.Errors["Counts[3].Sku"]);
        Assert.Contains("No product", refused.Errors["Counts[2].Sku"]);
        var absurd = await Stock.RecordCountsAsync(shop.Owner, shop.SiteId, [new(shop.Products[1].Sku, "2000000")], CountSource.Csv, false, Ct);
        Assert.Contains("more than a shelf holds", absurd!.Errors["Counts[0].OnHand"]);
        var words = await Stock.RecordCountsAsync(shop.Owner, shop.SiteId, [new(shop.Products[1].Sku, "lots")], CountSource.Csv, false, Ct);
        Assert.Contains("not a whole number", words!.Errors["Counts[0].OnHand"]);
        Assert.All((await Stock.SiteLevelsAsync(shop.Owner, shop.SiteId, Ct))!.Levels, l => Assert.Null(l.Level.CountedOnHand));

        // on the count sheet a blank field is a rule not counted this time
        var sheet = await Stock.RecordCountsAsync(shop.Owner, shop.SiteId, [new(shop.Products[0].Sku, "9"), new(shop.Products[1].Sku, " ")], CountSource.Sheet, true, Ct);
        Assert.Equal(1, sheet!.Value);
    }

    [Fact]
    public async Task A_rule_needs_a_known_sku_once_per_site_and_a_maximum_above_the_minimum()
    {
        var shop = await ShopAsync((1, 1));
        await RuleAsync(shop, shop.Products[0], 5, 20);
        var twice = await Stock.AddRuleAsync(shop.Owner, shop.SiteId, new StockRuleInput(shop.Products[0].Sku, 1, 2), Ct);
        Assert.Contains("already has a rule", twice!.Errors["Sku"]);
        var bad = await Stock.AddRuleAsync(shop.Owner, shop.SiteId, new StockRuleInput("NOPE", -1, null), Ct);
        Assert.Equal(["MaxLevel", "MinLevel", "Sku"], bad!.Errors.Keys.Order());
        var upside = await Stock.AddRuleAsync(shop.Owner, shop.OtherSiteId, new StockRuleInput(shop.Products[0].Sku, 10, 10), Ct);
        Assert.Equal(["MaxLevel"], upside!.Errors.Keys);
        // the same SKU at another site is another rule
        Assert.True((await Stock.AddRuleAsync(shop.Owner, shop.OtherSiteId, new StockRuleInput(shop.Products[0].Sku, 1, 10), Ct))!.Succeeded);
    }

    [Fact]
    public async Task Another_accounts_rules_counts_and_sites_are_not_found_and_a_user_limited_to_one_site_sees_only_it()
    {
        var shop = await ShopAsync((1, 1));
        var other = await ShopAsync((1, 1));
        await RuleAsync(shop, shop.Products[0], 5, 20);
        var rule = (await Stock.SiteLevelsAsync(shop.Owner, shop.SiteId, Ct))!.Levels[0].Level;
        Assert.Null(await Stock.SiteLevelsAsync(other.Owner, shop.SiteId, Ct));
        Assert.Null(await Stock.RuleAsync(other.Owner, rule.Id, Ct));
        Assert.Null(await Stock.UpdateRuleAsync(other.Owner, rule.Id, rule.Version, new StockRuleInput(null, 1, 2), Ct));
        Assert.False(await Stock.DeleteRuleAsync(other.Owner, rule.Id, Ct));
        Assert.Null(await Stock.AddRuleAsync(other.Owner, shop.SiteId, new StockRuleInput(shop.Products[0].Sku, 1, 2), Ct));
        Assert.Null(await Stock.RecordCountsAsync(other.Owner, shop.SiteId, [new(shop.Products[0].Sku, "1")], CountSource.Api, false, Ct));
        // the clerk is limited to the main store: the depot is not theirs
        Assert.NotNull(await Stock.SiteLevelsAsync(shop.Clerk, shop.SiteId, Ct));
        Assert.Null(await Stock.SiteLevelsAsync(shop.Clerk, shop.OtherSiteId, Ct));
        Assert.True(await Stock.DeleteRuleAsync(shop.Owner, rule.Id, Ct));
        Assert.Empty((await Stock.SiteLevelsAsync(shop.Owner, shop.SiteId, Ct))!.Levels);
    }

    [Fact]
    public async Task Between_counts_on_hand_is_estimated_from_the_usage_and_the_date_the_minimum_is_reached_is_given()
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById("Europe/London");
        var day0 = new DateTimeOffset(2026, 11, 2, 9, 0, 0, TimeSpan.Zero);
        // 100, then 10 days later 50 with 30 delivered between: 80 used in 10 days, 8 a day
        var estimate = StockMath.Estimate([(day0, 100), (day0.AddDays(10), 50)], [(day0.AddDays(5), 30)], 10, day0.AddDays(13), zone);
        Assert.Equal(26, estimate.OnHandNow);
        Assert.Equal(8, estimate.UsagePerDay!.Value, 3);
        Assert.Equal(new DateOnly(2026, 11, 17), estimate.MinimumReached); // 50 − 10 = 40 at 8 a day: 5 days after the last count
        Assert.False(estimate.AlreadyAtMinimum);
        var one = StockMath.Estimate([(day0, 100)], [], 10, day0.AddDays(3), zone);
        Assert.Equal((100, null, (DateOnly?)null), (one.OnHandNow, one.UsagePerDay, one.MinimumReached));
    }

    [Fact]
    public async Task A_stock_rule_whose_maker_can_no_longer_order_fails_once_with_the_reason_and_the_run_is_recorded_with_it()
    {
        var shop = await ShopAsync((1, 1));
        await RuleAsync(shop, shop.Products[0], 5, 20);
        await CountAsync(shop, (shop.Products[0], 1));
        await using (var c = await db.Get<ConnectionFactory>().OpenAsync(Ct))
            await c.ExecuteAsync("UPDATE Users SET IsDisabled = 1 WHERE Id = @Id", new { Id = shop.OwnerId });
        var empty = await db.Get<RunLog>().RunsAsync(1, false, Ct);
        var run = await Run.RunAsync(Ct);
        Assert.Equal(1, run.Failed);
        var problem = Assert.Single(run.Problems);
        Assert.Equal((RunProblem.StockRule, shop.AccountId, "Main store"), (problem.Kind, problem.AccountId, problem.Subject));
        Assert.Contains("can still order", problem.Reason);
        Assert.Equal(RunSummary.None, await Run.RunAsync(Ct)); // failed once; a new count tries again
        Assert.Empty(await OrdersAsync(shop.AccountId));

        var log = db.Get<RunLog>();
        var stored = await log.RunsAsync(1, failedOnly: true, Ct);
        var failedRun = Assert.Single(stored.Items);
        Assert.Equal(1, failedRun.Failed);
        Assert.Contains("can still order", Assert.Single(failedRun.Problems).Reason);
        Assert.Equal(empty.Total + 1, (await log.RunsAsync(1, false, Ct)).Total); // the empty run was not stored
        Assert.Equal(RunLog.ThisHost, Assert.Single(await log.HeartbeatsAsync(Ct)).Host);
    }
}
