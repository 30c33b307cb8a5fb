using Portal.Data.Catalog;

namespace Portal.Tests.Rules;

public sealed class SearchIndexTests
{
    private static readonly Guid Bags = Guid.NewGuid(), Kitchen = Guid.NewGuid();

    private static Product P(string sku, string name, Guid category, int order, bool active = true) => new()
    {
        Id = Guid.NewGuid(), Sku = sku, Name = name, Description = name, CategoryId = category, CategoryName = category == Bags ? "Bags" : "Kitchen",
        CategorySortOrder = order, IsActive = active,
    };

    private static readonly SearchIndex Index = new(1, new[]
    {
        P("85099B", "Jumbo Bag Red Retrospot", Bags, 1),
        P("20725", "Lunch Bag Red Retrospot", Bags, 1),
        P("22423", "Regency Cakestand 3 Tier", Kitchen, 0),
        P("20727", "Lunch Bag Black Skull", Bags, 1),
        P("99999", "Lunch Bag Discontinued", Bags, 1, active: false),
        P("21212", "Pack Of 72 Retrospot Cake Cases", Kitchen, 0),
    }.OrderBy(p => p.Name).ThenBy(p => p.Sku).ToList());

    private static string[] Skus(string? q, Guid? category = null, ProductSort sort = ProductSort.Name, int page = 1, int size = 10) =>
        [.. Index.Search(new CatalogQuery(q, category, sort, page, size)).Items.Select(p => p.Sku)];

    [Fact]
    public void Every_word_must_start_a_word_of_the_product() =>
        Assert.Equal(["20727", "20725"], Skus("lunch ba"));

    [Fact]
    public void A_sku_finds_its_product_and_case_and_accents_do_not_matter()
    {
        Assert.Equal(["85099B"], Skus("85099b"));
        Assert.Equal(["22423"], Skus("RÉGENCY"));
    }

    [Fact]
    public void Products_no_longer_sold_are_not_found() => Assert.DoesNotContain("99999", Skus("lunch"));

    [Fact]
    public void Category_sort_and_paging_narrow_and_order_the_results()
    {
        Assert.Equal(["21212", "22423"], Skus(null, Kitchen));
        Assert.Equal(["20725", "20727", "21212", "22423", "85099B"], Skus(null, sort: ProductSort.Sku));
        Assert.Equal(["21212", "22423", "85099B", "20727", "20725"], Skus(null, sort: ProductSort.Category));
        var second = Index.Search(new CatalogQuery("retrospot", null, ProductSort.Name, 2, 2));
        Assert.Equal(3, second.Total);
        Assert.Equal(["21212"], second.Items.Select(p => p.Sku));
    }
}
