using Portal.Data.Catalog;
using Portal.Data.Ordering;

namespace Portal.Tests.Rules;

public sealed class PricingTests
{
    private static readonly Guid Site = Guid.NewGuid(), National = Guid.NewGuid(), Product = Guid.NewGuid(), Other = Guid.NewGuid();
    private static readonly DateOnly Today = new(2026, 11, 24);

    private static ContractPrice Row(Guid account, int min, decimal price, DateOnly? from = null, DateOnly? to = null, Guid? product = null) => new()
    {
        Id = Guid.NewGuid(), AccountId = account, ProductId = product ?? Product, MinQuantity = min, UnitPrice = price,
        ValidFrom = from ?? Today.AddDays(-30), ValidTo = to,
    };

    [Fact]
    public void Without_a_contract_the_list_price_applies() =>
        Assert.Equal(new Price(10.00m, PriceSource.List, null), new PriceBook(Site, National, Today, []).PriceOf(Product, 10.00m, 5));

    [Fact]
    public void The_best_quantity_break_reached_applies()
    {
        var book = new PriceBook(Site, null, Today, [Row(Site, 1, 9.00m), Row(Site, 10, 8.50m), Row(Site, 50, 8.00m)]);
        Assert.Equal(9.00m, book.PriceOf(Product, 10m, 9).UnitPrice);
        Assert.Equal(8.50m, book.PriceOf(Product, 10m, 10).UnitPrice);
        Assert.Equal(8.50m, book.PriceOf(Product, 10m, 49).UnitPrice);
        Assert.Equal(8.00m, book.PriceOf(Product, 10m, 500).UnitPrice);
        Assert.Equal(PriceSource.Contract, book.PriceOf(Product, 10m, 500).Source);
    }

    [Fact]
    public void A_contract_outside_its_validity_dates_does_not_apply()
    {
        var book = new PriceBook(Site, null, Today, [Row(Site, 1, 7m, to: Today.AddDays(-1)), Row(Site, 1, 6m, from: Today.AddDays(1))]);
        Assert.Equal(PriceSource.List, book.PriceOf(Product, 10m, 1).Source);
        Assert.Equal(7m, new PriceBook(Site, null, Today.AddDays(-1), [Row(Site, 1, 7m, to: Today.AddDays(-1))]).PriceOf(Product, 10m, 1).UnitPrice);
    }

    [Fact]
    public void A_site_account_buys_at_the_national_contract_unless_it_has_its_own()
    {
        var book = new PriceBook(Site, National, Today, [Row(National, 1, 9m), Row(National, 1, 4m, product: Other), Row(Site, 1, 3.5m, product: Other)]);
        Assert.Equal(new Price(9m, PriceSource.NationalContract, 1), book.PriceOf(Product, 10m, 1));
        Assert.Equal(new Price(3.5m, PriceSource.Contract, 1), book.PriceOf(Other, 10m, 1));
    }

    [Fact]
    public void Below_the_first_break_of_a_contract_the_list_price_applies() =>
        Assert.Equal(PriceSource.List, new PriceBook(Site, null, Today, [Row(Site, 10, 8m)]).PriceOf(Product, 10m, 5).Source);

    [Fact]
    public void Money_rounds_half_away_from_zero_to_the_minor_unit()
    {
        Assert.Equal(0.13m, Money.Round(0.125m));
        Assert.Equal(2.95m * 7, Money.Round(2.95m * 7));
        Assert.Equal("1,234.50", Money.Format(1234.5m));
    }
}

public sealed class QuantityRuleTests
{
    private static readonly Product Pack = new() { Sku = "P6", Unit = "each", PackSize = 6, MinQuantity = 12 };

    [Theory]
    [InlineData(12, null)]
    [InlineData(18, null)]
    [InlineData(0, "Enter a quantity of at least 1.")]
    [InlineData(6, "P6: the minimum order is 12 each.")]
    [InlineData(13, "P6 comes in packs of 6: order 12 or 18.")]
    public void Quantities_respect_minimum_and_pack_size(int quantity, string? problem) => Assert.Equal(problem, QuantityRules.Check(Pack, quantity));
}

public sealed class DeliveryDateTests
{
    [Fact]
    public void Lead_time_counts_business_days_only()
    {
        // Friday 2026-11-27 + 1 business day = Monday 2026-11-30
        Assert.Equal(new DateOnly(2026, 11, 30), DeliveryDates.AddBusinessDays(new DateOnly(2026, 11, 27), 1));
        Assert.Equal(new DateOnly(2026, 12, 4), DeliveryDates.AddBusinessDays(new DateOnly(2026, 11, 27), 5));
        Assert.Equal(new DateOnly(2026, 11, 30), DeliveryDates.AddBusinessDays(new DateOnly(2026, 11, 28), 1));
    }

    [Fact]
    public void Today_is_the_accounts_own_date()
    {
        // 23:30 UTC on Thursday is already Friday in Helsinki, still Thursday in New York
        var now = new DateTimeOffset(2026, 11, 26, 23, 30, 0, TimeSpan.Zero);
        Assert.Equal(new DateOnly(2026, 11, 30), DeliveryDates.Earliest(now, "Europe/Helsinki", 1));
        Assert.Equal(new DateOnly(2026, 11, 27), DeliveryDates.Earliest(now, "America/New_York", 1));
    }
}

public sealed class QuickOrderParseTests
{
    [Fact]
    public void Spreadsheet_rows_csv_rows_and_typed_rows_all_read()
    {
        var result = QuickOrder.Parse("SKU\tQty\n85123A\t12\n22423, 2\n\"85099B\";4\n84879 3\n");
        Assert.Equal([(2, "85123A", 12), (3, "22423", 2), (4, "85099B", 4), (5, "84879", 3)], result.Lines);
        Assert.Empty(result.Problems);
    }

    [Fact]
    public void Bad_rows_are_reported_by_row_and_good_rows_kept()
    {
        var result = QuickOrder.Parse("85123A,12\nONLYSKU\n22423,-1\n22423,two\n21212,5");
        Assert.Equal([(1, "85123A", 12), (5, "21212", 5)], result.Lines);
        Assert.Equal([2, 3, 4], result.Problems.Select(p => p.Row));
        Assert.Contains("Give a SKU and a quantity", result.Problems[0].Problem);
        Assert.Contains("\"two\" is not a whole quantity", result.Problems[2].Problem);
    }
}
