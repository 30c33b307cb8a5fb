using Portal.Data.Ordering;

namespace Portal.Tests.Data;

public abstract class CartFacts(ProviderDatabase db)
{
    private Carts Carts => db.Get<Carts>();
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Adding_a_product_already_in_the_cart_adds_to_its_quantity()
    {
        var who = await DataSeed.CustomerAsync(db);
        var products = await DataSeed.ProductsAsync(db, 2);
        await Carts.AddAsync(who.Buyer, [(products[0].Id, 2), (products[1].Id, 1)], Ct);
        await Carts.AddAsync(who.Buyer, [(products[0].Id, 3)], Ct);

        var cart = await Carts.GetAsync(who.Buyer, Ct);
        Assert.Equal([(products[0].Sku, 5), (products[1].Sku, 1)], cart.Lines.Select(l => (l.Product.Sku, l.Quantity)));
        Assert.Equal(3, cart.Version);
    }

    [Fact]
    public async Task The_same_product_added_many_times_at_once_loses_no_quantity_and_makes_one_cart()
    {
        // a double click and a second tab: every add lands, on one line of one cart
        var who = await DataSeed.CustomerAsync(db);
        var product = (await DataSeed.ProductsAsync(db, 1))[0];

        await DataSeed.AllAtOnceAsync(10, async _ => { await Carts.AddAsync(who.Buyer, [(product.Id, 1)], Ct); return 0; });

        var cart = await Carts.GetAsync(who.Buyer, Ct);
        Assert.Equal(10, Assert.Single(cart.Lines).Quantity);
        Assert.Equal(11, cart.Version);
    }

    [Fact]
    public async Task Another_buyers_cart_is_not_touched()
    {
        var a = await DataSeed.CustomerAsync(db);
        var b = await DataSeed.CustomerAsync(db);
        var product = (await DataSeed.ProductsAsync(db, 1))[0];
        await Carts.AddAsync(a.Buyer, [(product.Id, 4)], Ct);
        Assert.Empty((await Carts.GetAsync(b.Buyer, Ct)).Lines);
        Assert.Equal(0, await Carts.LineCountAsync(b.Buyer, Ct));
    }
}

public sealed class CartFacts_Sqlite(SqliteDatabase db) : CartFacts(db), IClassFixture<SqliteDatabase>;
public sealed class CartFacts_SqlServer(SqlServerDatabase db) : CartFacts(db), IClassFixture<SqlServerDatabase>;
