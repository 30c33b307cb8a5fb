using System.Text;
using Dapper;
using Portal.Data.Catalog;
using Portal.Data.Db;
using Portal.Data.Ordering;

namespace Portal.Tests.Data;

public abstract class CatalogFacts(ProviderDatabase db)
{
    private CatalogStore Catalog => db.Get<CatalogStore>();
    private CatalogImport Import => db.Get<CatalogImport>();
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private const string ProductHeader = "Sku,Name,Description,Category,Unit,PackSize,MinQuantity,LeadTimeDays,ListPrice,Active\n";

    private async Task<int> CountAsync(string sql, object args)
    {
        await using var c = await db.Get<ConnectionFactory>().OpenAsync(Ct);
        return await c.ExecuteScalarAsync<int>(sql, args);
    }

    [Fact]
    public async Task Importing_a_product_again_updates_it_by_sku()
    {
        var category = await Catalog.EnsureCategoryAsync("Upserts", 0, Ct);
        var sku = "UP-" + DataSeed.Tag();
        await Catalog.UpsertAsync([new Product { Sku = sku.ToLowerInvariant(), Name = "First", CategoryId = category.Id, ListPrice = 1.5m }], Ct);
        var first = (await Catalog.BySkuAsync(sku, Ct))!;
        await Catalog.UpsertAsync([new Product { Sku = " " + sku + " ", Name = "Second", CategoryId = category.Id, ListPrice = 2.25m, PackSize = 6 }], Ct);

        var second = (await Catalog.BySkuAsync(sku, Ct))!;
        Assert.Equal(first.Id, second.Id);
        Assert.Equal(("Second", 2.25m, 6), (second.Name, second.ListPrice, second.PackSize));
        Assert.Equal(1, await CountAsync("SELECT COUNT(*) FROM Products WHERE Sku = @Sku", new { Sku = sku }));
    }

    [Fact]
    public async Task Imports_of_the_same_new_products_at_once_all_succeed_and_make_each_product_and_category_once()
    {
        var tag = DataSeed.Tag();
        var csv = ProductHeader + string.Concat(Enumerable.Range(1, 25).Select(i => $"C{tag}-{i:00},Racing {i},,Race {tag},each,1,1,1,{i}.50,true\n"));

        var import = Import; // resolved here: the SQL Server class skips before any thread starts
        var applied = await DataSeed.AllAtOnceAsync(6, async i =>
        {
            // each import its own order of rows, as files from different people would be
            var lines = csv.TrimEnd('\n').Split('\n');
            var body = i % 2 == 0 ? lines.Skip(1) : lines.Skip(1).Reverse();
            return await import.ApplyProductsAsync(CatalogImport.ParseProducts(lines[0] + "\n" + string.Join("\n", body)), Ct);
        });

        Assert.All(applied, Assert.True);
        Assert.Equal(25, await CountAsync("SELECT COUNT(*) FROM Products WHERE Sku LIKE @Prefix", new { Prefix = $"C{tag}-%" }));
        Assert.Equal(1, await CountAsync("SELECT COUNT(*) FROM Categories WHERE Name = @Name", new { Name = $"Race {tag}" }));
        Assert.Equal(25, (await Catalog.SearchAsync(new CatalogQuery($"C{tag}", null, ProductSort.Sku, 1, 50), Ct)).Total);
    }

    [Fact]
    public async Task A_category_is_the_same_whatever_the_case_it_is_typed_in()
    {
        var name = "Office " + DataSeed.Tag().ToLowerInvariant();
        var first = await Catalog.EnsureCategoryAsync(name, 0, Ct);
        var again = await Catalog.EnsureCategoryAsync(name.ToUpperInvariant(), 0, Ct);
        Assert.Equal(first.Id, again.Id);
        Assert.Equal(name, again.Name);
    }

    [Fact]
    public async Task A_price_for_the_same_account_product_break_and_start_date_replaces_the_earlier_one()
    {
        var who = await DataSeed.CustomerAsync(db);
        var product = (await DataSeed.ProductsAsync(db, 1))[0];
        var from = new DateOnly(2026, 1, 1);
        ContractPrice Price(decimal amount) => new() { AccountId = who.AccountId, ProductId = product.Id, MinQuantity = 10, UnitPrice = amount, ValidFrom = from };

        await Catalog.AddContractPricesAsync([Price(8.00m)], Ct);
        await Catalog.AddContractPricesAsync([Price(7.50m)], Ct);
        await Catalog.ReplaceContractPricesAsync([Price(7.25m) with { ValidTo = new DateOnly(2026, 12, 31) }], Ct);

        var list = await Catalog.PriceListAsync(who.AccountId, Ct);
        var row = Assert.Single(list);
        Assert.Equal((7.25m, new DateOnly(2026, 12, 31)), (row.UnitPrice, row.ValidTo));
        var book = await Catalog.PriceBookAsync(who.AccountId, null, new DateOnly(2026, 6, 1), Ct);
        Assert.Equal(7.25m, book.PriceOf(product.Id, product.ListPrice, 10).UnitPrice);
    }

    [Fact]
    public async Task Price_imports_at_once_leave_one_price_per_account_product_break_and_start_date()
    {
        var who = await DataSeed.CustomerAsync(db);
        var products = await DataSeed.ProductsAsync(db, 10);
        var from = new DateOnly(2026, 1, 1);

        await DataSeed.AllAtOnceAsync(6, async i =>
        {
            var rows = products.Select(p => new ContractPrice { AccountId = who.AccountId, ProductId = p.Id, MinQuantity = 1, UnitPrice = 5m + i, ValidFrom = from });
            await Catalog.ReplaceContractPricesAsync(i % 2 == 0 ? rows : rows.Reverse(), Ct);
            return i;
        });

        var list = await Catalog.PriceListAsync(who.AccountId, Ct);
        Assert.Equal(10, list.Count);
        Assert.Single(list.Select(r => r.UnitPrice).Distinct()); // one import won every row: each ran as a whole
    }

    [Fact]
    public async Task Money_with_more_than_four_decimals_is_refused_with_a_clear_message()
    {
        var sku = "M-" + DataSeed.Tag();
        var rows = CatalogImport.ParseProducts(ProductHeader + $"{sku},Precise,,Money,each,1,1,1,1.23456,true\n{sku}B,Exact,,Money,each,1,1,1,1.2345,true\n");
        Assert.Equal(["List price can have at most 4 decimal places (was 1.23456)."], rows[0].Problems);
        Assert.True(rows[1].Ok);
        Assert.True(await Import.ApplyProductsAsync([rows[1]], Ct));
        Assert.Equal(1.2345m, (await Catalog.BySkuAsync(sku + "B", Ct))!.ListPrice);

        var who = await DataSeed.CustomerAsync(db);
        var name = (await db.Get<Portal.Data.Accounts.AccountStore>().GetAccountAsync(who.AccountId, Ct))!.Name;
        var prices = await Import.ParsePricesAsync($"Account,Sku,MinQuantity,UnitPrice,ValidFrom,ValidTo\n{name},{sku}B,1,0.00001,2026-01-01,\n", Ct);
        Assert.Contains("Unit price can have at most 4 decimal places (was 0.00001).", prices[0].Problems);

        var settings = db.Get<OrderingSettings>();
        Assert.Contains("at most 4 decimal places", (await settings.SetTermsAsync(who.AccountId, 1000.00001m, false, Ct)).Errors["CreditLimit"]);
        Assert.Contains("at most 4 decimal places", (await settings.SetApprovalLimitAsync(who.AccountId, who.UserId, 250.123456m, Ct)).Errors["ApprovalLimit"]);
        Assert.True((await settings.SetTermsAsync(who.AccountId, 1000.0001m, false, Ct)).Succeeded);
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Catalog.UpsertAsync([new Product { Sku = sku + "C", Name = "Bypass", CategoryId = Guid.NewGuid(), ListPrice = 0.00001m }], Ct));
    }

    [Fact]
    public async Task Exports_neutralise_cells_a_spreadsheet_would_run_as_a_formula_and_import_them_back_unchanged()
    {
        var tag = DataSeed.Tag();
        var names = new[] { "=HYPERLINK(\"http://evil.test\",\"Click\")", "+1+1", "-2+3", "@SUM(A1)", "\tTabbed", "Plain" };
        var category = await Catalog.EnsureCategoryAsync("Formulas " + tag, 0, Ct);
        await Catalog.UpsertAsync(names.Select((n, i) => new Product { Sku = $"X{tag}-{i}", Name = n, Description = i == 0 ? "=1+2" : "", CategoryId = category.Id, ListPrice = 1m }), Ct);

        var buffer = new StringWriter();
        await Import.ExportProductsAsync(buffer, Ct);
        var lines = buffer.ToString().Split('\n').Where(l => l.Contains($"X{tag}-")).ToList();
        // CsvHelper's escape: a leading quote, and the cell quoted
        Assert.Contains(lines, l => l.StartsWith($"X{tag}-0,\"'=HYPERLINK(", StringComparison.Ordinal) && l.Contains(",\"'=1+2\","));
        Assert.Contains(lines, l => l.StartsWith($"X{tag}-1,\"'+1+1\",", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith($"X{tag}-2,\"'-2+3\",", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith($"X{tag}-3,\"'@SUM(A1)\",", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith($"X{tag}-4,\"'\tTabbed\",", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith($"X{tag}-5,Plain,", StringComparison.Ordinal));

        // the exported file imports back to the same names
        var back = CatalogImport.ParseProducts(buffer.ToString()).Where(r => r.Key.StartsWith($"X{tag}-")).ToDictionary(r => r.Key, r => r.Value!.Product.Name);
        Assert.Equal(names.Select(n => n.Trim()), Enumerable.Range(0, names.Length).Select(i => back[$"X{tag}-{i}"])); // the import trims cells

    }

    [Fact]
    public async Task A_catalog_page_far_past_the_end_is_empty()
    {
        await DataSeed.ProductsAsync(db, 2);
        var page = await Catalog.SearchAsync(new CatalogQuery(null, null, ProductSort.Name, int.MaxValue, 50), Ct);
        Assert.Empty(page.Items);
        Assert.True(page.Total >= 2);
    }

    [Fact]
    public async Task A_previewed_file_is_applied_from_the_database_by_its_token_once()
    {
        var sku = "T-" + DataSeed.Tag();
        var preview = await Import.PreviewAsync(ImportKinds.Products, ProductHeader + $"{sku},Kept,,Tokens,each,1,1,1,3.00,true\n", "kept.csv", null, Ct);
        Assert.True(preview.CanApply);
        Assert.Null(await Catalog.BySkuAsync(sku, Ct));

        var applied = await Import.ApplyAsync(preview.Token, Ct);
        Assert.True(applied!.Applied);
        Assert.Equal("Kept", (await Catalog.BySkuAsync(sku, Ct))!.Name);
        Assert.Null(await Import.ApplyAsync(preview.Token, Ct)); // applied files are not kept
        Assert.Null(await Import.ApplyAsync(Guid.NewGuid(), Ct));

        var old = await Import.PreviewAsync(ImportKinds.Products, ProductHeader + $"{sku},Stale,,Tokens,each,1,1,1,3.00,true\n", "old.csv", null, Ct);
        db.Clock.Advance(TimeSpan.FromDays(1.5));
        Assert.Null(await Import.ApplyAsync(old.Token, Ct)); // a day old: gone
    }

    [Fact]
    public async Task The_preview_of_a_huge_bad_file_lists_the_first_hundred_bad_rows_and_counts_the_rest()
    {
        var csv = new StringBuilder(ProductHeader);
        for (var i = 1; i <= 20_000; i++) csv.Append($"H-{i},Huge {i},,Huge,each,1,1,1,{(i % 2 == 0 ? "abc" : "1.00")},true\n");

        var preview = await Import.PreviewAsync(ImportKinds.Products, csv.ToString(), "huge.csv", null, Ct);

        Assert.Equal((10_000, 10_000), (preview.Good, preview.Bad));
        Assert.Equal(CatalogImport.PreviewListed, preview.Listed.Count);
        Assert.All(preview.Listed, r => Assert.False(r.Ok));
        Assert.Equal(3, preview.Listed[0].Row);
        Assert.Equal(9_900, preview.NotListed);
        Assert.False(preview.CanApply);
        Assert.False((await Import.ApplyAsync(preview.Token, Ct))!.Applied);
        Assert.Null(await Catalog.BySkuAsync("H-1", Ct));
    }
}

public sealed class CatalogFacts_Sqlite(SqliteDatabase db) : CatalogFacts(db), IClassFixture<SqliteDatabase>;
public sealed class CatalogFacts_SqlServer(SqlServerDatabase db) : CatalogFacts(db), IClassFixture<SqlServerDatabase>;
