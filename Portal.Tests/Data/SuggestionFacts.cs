using Dapper;
using Portal.Data.Accounts;
using Portal.Data.Catalog;
using Portal.Data.Db;
using Portal.Data.Ordering;
using Portal.Data.Replenishment;

namespace Portal.Tests.Data;

/// <summary>Suggestions from buying rhythm read from a site's real order history: due items, and what is left out.</summary>
public sealed class SuggestionFacts : IAsyncLifetime
{
    private readonly SqliteDatabase db = new();
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public ValueTask InitializeAsync() => db.InitializeAsync();
    public ValueTask DisposeAsync() => db.DisposeAsync();

    /// <summary>Orders of the site <paramref name="daysAgo"/> days back, one line each, with the given status.</summary>
    private async Task OrderedAsync(FactCustomer who, Product product, int quantity, string status, params int[] daysAgo)
    {
        await using var c = await db.Get<ConnectionFactory>().OpenAsync(Ct);
        foreach (var days in daysAgo)
        {
            var id = Guid.NewGuid();
            var number = "H" + DataSeed.Tag();
            await c.ExecuteAsync("""
                INSERT INTO Orders (Id, AccountId, Number, SiteId, PlacedByUserId, Status, PoNumber, RequestedDeliveryDate, Notes, Total, LineCount, IdempotencyKey, CreatedUtc, Version)
                VALUES (@Id, @AccountId, @Number, @SiteId, @UserId, @Status, NULL, @Requested, NULL, @Total, 1, @Number, @Created, 1)
                """, new { Id = id, who.AccountId, Number = number, who.SiteId, who.UserId, Status = status, Requested = new DateOnly(2026, 1, 5), Total = product.ListPrice * quantity, Created = db.Clock.GetUtcNow().AddDays(-days) });
            await c.ExecuteAsync("""
                INSERT INTO OrderLines (OrderId, LineNumber, ProductId, Sku, Name, Unit, Quantity, UnitPrice, LineTotal)
                VALUES (@OrderId, 1, @ProductId, @Sku, @Name, @Unit, @Quantity, @UnitPrice, @LineTotal)
                """, new { OrderId = id, ProductId = product.Id, product.Sku, product.Name, product.Unit, Quantity = quantity, UnitPrice = product.ListPrice, LineTotal = product.ListPrice * quantity });
        }
    }

    private Task<IReadOnlyList<Suggestion>> DueAsync(FactCustomer who) =>
        db.Get<Suggestions>().DueAsync(new Buyer(who.AccountId, who.UserId, who.SiteId), ct: Ct);

    [Fact]
    public async Task An_item_the_site_orders_every_three_weeks_is_suggested_with_its_usual_quantity_made_orderable()
    {
        var who = await DataSeed.CustomerAsync(db);
        var catalog = db.Get<CatalogStore>();
        var category = await catalog.EnsureCategoryAsync("Facts", 0, Ct);
        var sku = "PK" + DataSeed.Tag();
        await catalog.UpsertAsync([new Product { Sku = sku, Name = "Packed napkins", CategoryId = category.Id, ListPrice = 2m, PackSize = 5, MinQuantity = 10 }], Ct);
        var packed = (await catalog.BySkuAsync(sku, Ct))!;
        await OrderedAsync(who, packed, 12, OrderStatus.Delivered, 67, 46, 25);

        var suggestion = Assert.Single(await DueAsync(who));
        Assert.Equal(sku, suggestion.Product.Sku);
        Assert.Equal(("every 3 weeks", "25 days ago", 12), (suggestion.Rhythm.Every, suggestion.Rhythm.LastOrderedAgo, suggestion.Rhythm.UsualQuantity));
        Assert.Equal(15, suggestion.Quantity); // 12 rounded up to whole packs of 5
        Assert.Null(QuantityRules.Check(packed, suggestion.Quantity));
    }

    [Fact]
    public async Task Items_on_an_open_order_on_an_active_schedule_or_in_the_cart_are_not_suggested()
    {
        var who = await DataSeed.CustomerAsync(db);
        var products = await DataSeed.ProductsAsync(db, 4);
        foreach (var p in products) await OrderedAsync(who, p, 4, OrderStatus.Closed, 70, 49, 28);
        Assert.Equal(4, (await DueAsync(who)).Count);

        await OrderedAsync(who, products[0], 4, OrderStatus.Shipped, 3); // on the way
        await db.Get<Carts>().AddAsync(new Buyer(who.AccountId, who.UserId, who.SiteId), [(products[1].Id, 4)], Ct);
        var made = await db.Get<Schedules>().CreateAsync(new ScheduleViewer(who.AccountId, who.UserId, true), new ScheduleInput
        {
            Name = "Weekly", SiteId = who.SiteId, Cron = "0 9 * * MON", StartDate = new DateOnly(2026, 11, 24), Lines = [new(products[2].Sku, 4)],
        }, Ct);
        Assert.True(made.Succeeded, string.Join(" ", made.Errors.Values));

        Assert.Equal([products[3].Sku], (await DueAsync(who)).Select(s => s.Product.Sku));
    }

    [Fact]
    public async Task Orders_of_another_site_or_account_and_cancelled_orders_make_no_rhythm()
    {
        var who = await DataSeed.CustomerAsync(db);
        var other = await DataSeed.CustomerAsync(db);
        var secondSite = (await db.Get<AccountStore>().AddSiteAsync(who.AccountId, new NewSite("S2-" + DataSeed.Tag(), "Second", "2 Road", null, "Town", "T2 2AA", "UK"), Ct)).Value!;
        var p = (await DataSeed.ProductsAsync(db, 1))[0];
        await OrderedAsync(who with { SiteId = secondSite.Id }, p, 4, OrderStatus.Delivered, 70, 49, 28);
        await OrderedAsync(other, p, 4, OrderStatus.Delivered, 70, 49, 28);
        await OrderedAsync(who, p, 4, OrderStatus.Delivered, 70, 49);
        await OrderedAsync(who, p, 4, OrderStatus.Cancelled, 28);
        await OrderedAsync(who, p, 4, OrderStatus.Rejected, 21);

        Assert.Empty(await DueAsync(who));
        Assert.Single(await DueAsync(other));
    }
}
