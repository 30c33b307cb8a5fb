using System.Globalization;
using CsvHelper;
using CsvHelper.Configuration;
using Portal.Data.Catalog;

namespace Portal.Data.Demo;

/// <summary>
/// The demo catalog: 320 products with the shape of a real wholesaler's (the most ordered stock codes of the UCI "Online
/// Retail" data set, shipped inside this assembly), and contract prices with quantity breaks for the demo accounts.
/// </summary>
public sealed class DemoCatalog(CatalogStore catalog, TimeProvider clock)
{
    public sealed record Row(string Sku, string Name, string Category, string Unit, int PackSize, int MinQuantity, int LeadTimeDays, decimal ListPrice);

    public static IReadOnlyList<Row> Rows()
    {
        using var stream = typeof(DemoCatalog).Assembly.GetManifestResourceStream("demo-products.csv")!;
        using var reader = new StreamReader(stream);
        using var csv = new CsvReader(reader, new CsvConfiguration(CultureInfo.InvariantCulture) { AllowComments = true, Comment = '#' });
        return csv.GetRecords<Row>().ToList();
    }

    public async Task<IReadOnlyList<Product>> SeedProductsAsync(CancellationToken ct = default)
    {
        var rows = Rows();
        var categories = new Dictionary<string, Guid>();
        foreach (var (name, i) in rows.Select(r => r.Category).Distinct().Order().Select((n, i) => (n, i)))
            categories[name] = (await catalog.EnsureCategoryAsync(name, i, ct)).Id;
        var products = rows.Select(r => new Product
        {
            Id = Guid.NewGuid(), Sku = r.Sku, Name = r.Name, CategoryId = categories[r.Category], Unit = r.Unit, PackSize = r.PackSize,
            MinQuantity = r.MinQuantity, LeadTimeDays = r.LeadTimeDays, ListPrice = r.ListPrice, IsActive = true,
            Description = $"{r.Name}. {r.Category}, sold {(r.PackSize > 1 ? $"in packs of {r.PackSize}" : "singly")}; ships in {r.LeadTimeDays} business day{(r.LeadTimeDays == 1 ? "" : "s")}.",
        }).ToList();
        await catalog.UpsertAsync(products, ct);
        return products;
    }

    /// <summary>A contract on every <paramref name="every"/>-th product: a discount, and a deeper one from ten packs up.</summary>
    public async Task SeedContractAsync(Guid accountId, IReadOnlyList<Product> products, int every, int offset, decimal discount, CancellationToken ct = default)
    {
        var from = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime).AddMonths(-1);
        var prices = products.Where((_, i) => i % every == offset).SelectMany(p => new[]
        {
            new ContractPrice { AccountId = accountId, ProductId = p.Id, MinQuantity = 1, UnitPrice = Money.Round(p.ListPrice * (1 - discount)), ValidFrom = from, ValidTo = from.AddYears(2) },
            new ContractPrice { AccountId = accountId, ProductId = p.Id, MinQuantity = p.PackSize * 10, UnitPrice = Money.Round(p.ListPrice * (1 - discount - 0.05m)), ValidFrom = from, ValidTo = from.AddYears(2) },
        });
        await catalog.AddContractPricesAsync(prices, ct);
    }
}
