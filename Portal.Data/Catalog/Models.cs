namespace Portal.Data.Catalog;

public sealed record Category
{
    public Guid Id { get; init; }
    public string Name { get; init; } = "";
    public int SortOrder { get; init; }
}

public sealed record Product
{
    public Guid Id { get; init; }
    public string Sku { get; init; } = "";
    public string Name { get; init; } = "";
    public string Description { get; init; } = "";
    public Guid CategoryId { get; init; }
    public string CategoryName { get; init; } = "";
    public int CategorySortOrder { get; init; }
    public string Unit { get; init; } = "each";
    public int PackSize { get; init; } = 1;
    public int MinQuantity { get; init; } = 1;
    public int LeadTimeDays { get; init; } = 1;
    public decimal ListPrice { get; init; }
    public bool IsActive { get; init; } = true;
}

public sealed record ContractPrice
{
    public Guid Id { get; init; }
    public Guid AccountId { get; init; }
    public Guid ProductId { get; init; }
    public int MinQuantity { get; init; } = 1;
    public decimal UnitPrice { get; init; }
    public DateOnly ValidFrom { get; init; }
    public DateOnly? ValidTo { get; init; }
}

public enum ProductSort
{
    Name,
    Sku,
    Category,
}

public sealed record CatalogQuery(string? Search, Guid? CategoryId, ProductSort Sort, int Page, int PageSize);

/// <summary>The columns the supplier admin's product list sorts by (the only values that reach the statement).</summary>
public enum AdminProductSort
{
    Name,
    Sku,
    Category,
    Price,
    Status,
}

/// <summary>The columns an account's price list sorts by.</summary>
public enum PriceListSort
{
    Sku,
    Product,
    Quantity,
    Price,
    ValidFrom,
}

/// <summary>A page of an administration list: search text (SKU or name), a sort column of <typeparamref name="TSort"/> and its direction.</summary>
public sealed record AdminListQuery<TSort>(string? Search, TSort Sort, bool Descending, int Page, int PageSize) where TSort : struct, Enum
{
    /// <summary>The value of @Sort: the column's name in lower case, "-desc" when descending; made from the enum, never from input.</summary>
    public string SortKey => Sort.ToString().ToLowerInvariant() + (Descending ? "-desc" : "");

    public string? SearchPattern => string.IsNullOrWhiteSpace(Search) ? null : $"%{Like.Escape(Search.Trim())}%";
}
