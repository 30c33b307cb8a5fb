namespace Portal.Data.Catalog;

public class CatalogSql(SqlDialect dialect) : ISqlStatements
{
    public const int MaxSearchWords = 5;

    private const string ProductColumns = """
        p.Id, p.Sku, p.Name, p.Description, p.CategoryId, c.Name AS CategoryName, p.Unit, p.PackSize, p.MinQuantity,
        p.LeadTimeDays, p.ListPrice, p.IsActive
        """;

    private const string ProductFrom = "FROM Products p JOIN Categories c ON c.Id = p.CategoryId";

    public virtual string Categories => "SELECT Id, Name, SortOrder FROM Categories ORDER BY SortOrder, Name";
    public virtual string CategoryByName => "SELECT Id, Name, SortOrder FROM Categories WHERE Name = @Name";
    public virtual string InsertCategory => "INSERT INTO Categories (Id, Name, SortOrder) VALUES (@Id, @Name, @SortOrder)";

    public virtual string ProductBySku => $"SELECT {ProductColumns} {ProductFrom} WHERE p.Sku = @Sku";
    public virtual string ProductById => $"SELECT {ProductColumns} {ProductFrom} WHERE p.Id = @Id";
    public virtual string ProductCount => "SELECT COUNT(*) FROM Products";

    public virtual string InsertProduct => """
        INSERT INTO Products (Id, Sku, Name, Description, CategoryId, Unit, PackSize, MinQuantity, LeadTimeDays, ListPrice, IsActive)
        VALUES (@Id, @Sku, @Name, @Description, @CategoryId, @Unit, @PackSize, @MinQuantity, @LeadTimeDays, @ListPrice, @IsActive)
        """;

    public virtual string UpdateProduct => """
        UPDATE Products SET Name = @Name, Description = @Description, CategoryId = @CategoryId, Unit = @Unit, PackSize = @PackSize,
            MinQuantity = @MinQuantity, LeadTimeDays = @LeadTimeDays, ListPrice = @ListPrice, IsActive = @IsActive
        WHERE Id = @Id
        """;

    public virtual string DeleteTerms => "DELETE FROM ProductTerms WHERE ProductId = @ProductId";
    public virtual string InsertTerm => "INSERT INTO ProductTerms (Term, ProductId) VALUES (@Term, @ProductId)";

    public virtual string InsertContractPrice => """
        INSERT INTO ContractPrices (Id, AccountId, ProductId, MinQuantity, UnitPrice, ValidFrom, ValidTo)
        VALUES (@Id, @AccountId, @ProductId, @MinQuantity, @UnitPrice, @ValidFrom, @ValidTo)
        """;

    /// <summary>The contracts of an account and of its national account that are valid on a day.</summary>
    public virtual string ContractsOfAccount => """
        SELECT Id, AccountId, ProductId, MinQuantity, UnitPrice, ValidFrom, ValidTo
        FROM ContractPrices
        WHERE (AccountId = @AccountId OR AccountId = @ParentAccountId)
          AND ValidFrom <= @Day AND (ValidTo IS NULL OR ValidTo >= @Day)
        """;

    /// <summary>Catalog search: every word (as @T0, @T1, ... holding 'word%') must start a word of the product.</summary>
    public virtual string Search(int words, ProductSort sort) => $"""
        SELECT {ProductColumns} {ProductFrom}
        {Where(words)}
        ORDER BY {OrderBy(sort)}
        {dialect.Page}
        """;

    public virtual string SearchCount(int words) => $"SELECT COUNT(*) FROM Products p {Where(words)}";

    /// <summary>Every variant of the search, for the statement checks.</summary>
    public string SearchVariants => string.Join(";\n", Enumerable.Range(0, MaxSearchWords + 1)
        .SelectMany(w => Enum.GetValues<ProductSort>().Select(s => Search(w, s)).Append(SearchCount(w))));

    private static string Where(int words) =>
        "WHERE p.IsActive = 1 AND (@CategoryId IS NULL OR p.CategoryId = @CategoryId)" +
        string.Concat(Enumerable.Range(0, words).Select(i => $"\n  AND p.Id IN (SELECT t.ProductId FROM ProductTerms t WHERE t.Term LIKE @T{i})"));

    private static string OrderBy(ProductSort sort) => sort switch
    {
        ProductSort.Sku => "p.Sku",
        ProductSort.Category => "c.SortOrder, c.Name, p.Name, p.Sku",
        _ => "p.Name, p.Sku",
    };
}
