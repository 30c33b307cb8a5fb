using Dapper;
using Portal.Data.Accounts;
using Portal.Data.Catalog;
using Portal.Data.Db;
using Portal.Data.Fulfilment;
using Portal.Data.Ordering;

namespace Portal.Tests.Data;

/// <summary>A customer account with one site and one buyer, made for one test.</summary>
public sealed record FactCustomer(Guid AccountId, Guid SiteId, Guid UserId)
{
    public Buyer Buyer => new(AccountId, UserId, SiteId);
}

/// <summary>
/// Rows the ordering, catalog and fulfilment facts stand on, made through the data layer where it has a way in and with
/// plain inserts for the buyer and an order as it stands after placement (order placement has its own facts).
/// </summary>
public static class DataSeed
{
    public static string Tag() => Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static async Task<FactCustomer> CustomerAsync(ProviderDatabase db)
    {
        var accounts = db.Get<AccountStore>();
        var account = (await accounts.CreateAccountAsync(new NewAccount("Facts " + Tag(), null, "UTC"), Ct)).Value!;
        var site = (await accounts.AddSiteAsync(account.Id, new NewSite("S-" + Tag(), "Main site", "1 Road", null, "Town", "T1 1AA", "UK"), Ct)).Value!;
        var userId = Guid.NewGuid();
        var email = $"buyer-{Tag().ToLowerInvariant()}@facts.test";
        await using var c = await db.Get<ConnectionFactory>().OpenAsync(Ct);
        await c.ExecuteAsync("""
            INSERT INTO Users (Id, AccountId, SiteId, DisplayName, UserName, NormalizedUserName, Email, NormalizedEmail, EmailConfirmed, CreatedUtc)
            VALUES (@Id, @AccountId, @SiteId, 'Fact Buyer', @Email, @Normal, @Email, @Normal, 1, @Now)
            """, new { Id = userId, AccountId = account.Id, SiteId = site.Id, Email = email, Normal = email.ToUpperInvariant(), Now = db.Clock.GetUtcNow() });
        return new FactCustomer(account.Id, site.Id, userId);
    }

    public static async Task<IReadOnlyList<Product>> ProductsAsync(ProviderDatabase db, int count, decimal price = 10m)
    {
        var catalog = db.Get<CatalogStore>();
        var category = await catalog.EnsureCategoryAsync("Facts", 0, Ct);
        var tag = Tag();
        var skus = Enumerable.Range(1, count).Select(i => $"F{tag}-{i:000}").ToList();
        await catalog.UpsertAsync(skus.Select(s => new Product { Sku = s, Name = "Fact product " + s, CategoryId = category.Id, ListPrice = price, LeadTimeDays = 1 }), Ct);
        var found = await catalog.BySkusAsync(skus, Ct);
        return skus.Select(s => found[s]).ToList();
    }

    /// <summary>A submitted order of the given lines, as order placement leaves it.</summary>
    public static async Task<Order> SubmittedOrderAsync(ProviderDatabase db, FactCustomer who, IReadOnlyList<(Product Product, int Quantity)> lines)
    {
        var id = Guid.NewGuid();
        var number = "F" + Tag();
        await using (var c = await db.Get<ConnectionFactory>().OpenAsync(Ct))
        {
            await c.ExecuteAsync("""
                INSERT INTO Orders (Id, AccountId, Number, SiteId, PlacedByUserId, Status, PoNumber, RequestedDeliveryDate, Notes, Total, LineCount,
                                    IdempotencyKey, CreatedUtc, Version)
                VALUES (@Id, @AccountId, @Number, @SiteId, @UserId, 'Submitted', NULL, @Requested, NULL, @Total, @LineCount, @Key, @Now, 1)
                """, new
            {
                Id = id, who.AccountId, Number = number, who.SiteId, who.UserId, Requested = new DateOnly(2026, 12, 4),
                Total = lines.Sum(l => l.Product.ListPrice * l.Quantity), LineCount = lines.Count, Key = "seed-" + number, Now = db.Clock.GetUtcNow(),
            });
            await c.ExecuteAsync("""
                INSERT INTO OrderLines (OrderId, LineNumber, ProductId, Sku, Name, Unit, Quantity, UnitPrice, LineTotal)
                VALUES (@OrderId, @LineNumber, @ProductId, @Sku, @Name, @Unit, @Quantity, @UnitPrice, @LineTotal)
                """, lines.Select((l, i) => new
            {
                OrderId = id, LineNumber = i + 1, ProductId = l.Product.Id, l.Product.Sku, l.Product.Name, l.Product.Unit, l.Quantity,
                UnitPrice = l.Product.ListPrice, LineTotal = l.Product.ListPrice * l.Quantity,
            }).ToList());
        }
        return (await db.Get<OrderDesk>().GetAsync(number, Ct))!;
    }

    /// <summary>A confirmed order: every line promised in full for a date ahead.</summary>
    public static async Task<Order> ConfirmedOrderAsync(ProviderDatabase db, FactCustomer who, Guid deskUserId, IReadOnlyList<(Product Product, int Quantity)> lines)
    {
        var order = await SubmittedOrderAsync(db, who, lines);
        var confirmed = await db.Get<OrderDesk>().ConfirmAsync(order.Number, deskUserId,
            lines.Select((l, i) => new PromiseInput(i + 1, new DateOnly(2026, 12, 4), l.Quantity)).ToList(), Ct);
        Assert.True(confirmed!.Succeeded, string.Join(" ", confirmed.Errors.Values));
        return confirmed.Value!;
    }

    /// <summary>
    /// Runs the work on <paramref name="count"/> threads of its own, released together by a barrier (thread-pool tasks
    /// would start one or two at a time on a small machine), and returns every result.
    /// </summary>
    public static Task<T[]> AllAtOnceAsync<T>(int count, Func<int, Task<T>> work)
    {
        var results = new T[count];
        var errors = new Exception?[count];
        using var barrier = new Barrier(count);
        var threads = Enumerable.Range(0, count).Select(i => new Thread(() =>
        {
            barrier.SignalAndWait();
            try { results[i] = work(i).GetAwaiter().GetResult(); }
            catch (Exception ex) { errors[i] = ex; }
        })).ToList();
        foreach (var t in threads) t.Start();
        foreach (var t in threads) t.Join();
        if (errors.Any(e => e is not null)) throw new AggregateException("a concurrent call failed", errors.OfType<Exception>());
        return Task.FromResult(results);
    }
}
