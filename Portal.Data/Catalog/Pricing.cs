namespace Portal.Data.Catalog;

public enum PriceSource
{
    List,
    Contract,
    NationalContract,
}

public sealed record Price(decimal UnitPrice, PriceSource Source, int? BreakQuantity)
{
    public string Label => Source switch
    {
        PriceSource.Contract => "Contract price",
        PriceSource.NationalContract => "National contract price",
        _ => "List price",
    };
}

/// <summary>
/// Contract prices of one account (and its national account) valid on one day. The price of a quantity is the
/// account's own contract if it has one for the product, else the national account's, else the list price; within a
/// contract the best quantity break the quantity reaches applies. The price shown is always the price charged.
/// </summary>
public sealed class PriceBook(Guid accountId, Guid? parentAccountId, DateOnly day, IReadOnlyList<ContractPrice> contracts)
{
    private readonly ILookup<(Guid Account, Guid Product), ContractPrice> _byProduct = contracts
        .Where(c => c.ValidFrom <= day && (c.ValidTo is null || c.ValidTo >= day))
        .ToLookup(c => (c.AccountId, c.ProductId));

    public DateOnly Day => day;

    public Price PriceOf(Guid productId, decimal listPrice, int quantity)
    {
        var own = _byProduct[(accountId, productId)].ToList();
        if (own.Count > 0) return Best(own, quantity, PriceSource.Contract) ?? new Price(listPrice, PriceSource.List, null);
        if (parentAccountId is { } parent)
        {
            var national = _byProduct[(parent, productId)].ToList();
            if (national.Count > 0) return Best(national, quantity, PriceSource.NationalContract) ?? new Price(listPrice, PriceSource.List, null);
        }
        return new Price(listPrice, PriceSource.List, null);
    }

    /// <summary>The quantity breaks that apply to a product, lowest first, for showing "from 10: 4.50".</summary>
    public IReadOnlyList<(int MinQuantity, decimal UnitPrice)> BreaksOf(Guid productId)
    {
        var rows = _byProduct[(accountId, productId)].ToList();
        if (rows.Count == 0 && parentAccountId is { } parent) rows = _byProduct[(parent, productId)].ToList();
        return rows.OrderBy(r => r.MinQuantity).Select(r => (r.MinQuantity, r.UnitPrice)).ToList();
    }

    private static Price? Best(List<ContractPrice> rows, int quantity, PriceSource source) => rows
        .Where(r => r.MinQuantity <= Math.Max(quantity, 1))
        .OrderByDescending(r => r.MinQuantity)
        .Select(r => new Price(r.UnitPrice, source, r.MinQuantity))
        .FirstOrDefault();
}

public static class Money
{
    /// <summary>Rounds to the minor unit, half away from zero, as invoices do.</summary>
    public static decimal Round(decimal amount) => Math.Round(amount, 2, MidpointRounding.AwayFromZero);

    public static string Format(decimal amount) => amount.ToString("#,##0.00", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Decimal places the money columns keep (decimal(19,4) on SQL Server); more would be rounded away silently.</summary>
    public const int Scale = 4;

    /// <summary>The largest amount decimal(19,4) holds.</summary>
    public const decimal Max = 999_999_999_999_999.9999m;

    /// <summary>True when the amount is stored exactly: at most four decimals and within decimal(19,4).</summary>
    public static bool Fits(decimal amount) => amount == Math.Round(amount, Scale) && Math.Abs(amount) <= Max;

    /// <summary>Null when the amount can be stored exactly, else a sentence for the field that entered it.</summary>
    public static string? Problem(decimal amount, string field) => Fits(amount) ? null
        : Math.Abs(amount) > Max ? $"{field} is too large."
        : $"{field} can have at most {Scale} decimal places (was {amount.ToString(System.Globalization.CultureInfo.InvariantCulture)}).";

    /// <summary>Guards a store against an amount its column would round: callers check with <see cref="Problem"/> first.</summary>
    public static void Require(decimal amount, string field)
    {
        if (Problem(amount, field) is { } problem) throw new ArgumentOutOfRangeException(field, amount, problem);
    }
}

/// <summary>Order quantity rules of a product: at least the minimum, whole packs, and at most <see cref="MaxPerLine"/>.</summary>
public static class QuantityRules
{
    /// <summary>
    /// The most units one line may hold (cart, quick order, lists, API, placement). Far above any real order, and low enough
    /// that a line total (at most 100,000 x a decimal(19,4) unit price) and an order total stay exact and never overflow.
    /// </summary>
    public const int MaxPerLine = 100_000;

    /// <summary>"100,000", for messages.</summary>
    public static string MaxPerLineText => MaxPerLine.ToString("N0", System.Globalization.CultureInfo.InvariantCulture);

    /// <returns>null when the quantity can be ordered, else why not, in words a buyer can act on.</returns>
    public static string? Check(Product product, int quantity)
    {
        if (quantity <= 0) return "Enter a quantity of at least 1.";
        if (quantity > MaxPerLine) return $"{product.Sku}: at most {MaxPerLineText} {product.Unit} per line; for more, call your account manager.";
        if (quantity < product.MinQuantity) return $"{product.Sku}: the minimum order is {product.MinQuantity} {product.Unit}.";
        if (product.PackSize > 1 && quantity % product.PackSize != 0)
        {
            var down = quantity / product.PackSize * product.PackSize;
            var up = down + product.PackSize;
            return $"{product.Sku} comes in packs of {product.PackSize}: order {(down >= product.MinQuantity && down > 0 ? $"{down} or " : "")}{up}.";
        }
        return null;
    }
}
