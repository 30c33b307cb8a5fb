namespace Portal.Data.Catalog;

public class CatalogSql(SqlDialect dialect) : ISqlStatements
{
    protected SqlDialect Dialect { get; } = dialect;

    private const string ProductColumns = """
        p.Id, p.Sku, p.Name, p.Description, p.CategoryId, c.Name AS CategoryName, p.Unit, p.PackSize, p.MinQuantity,
        p.LeadTimeDays, p.ListPrice, p.IsActive
        """;

    private const string ProductFrom = "FROM Products p JOIN Categories c ON c.Id = p.CategoryId";

    public virtual string Categories => "SELECT Id, Name, SortOrder FROM Categories ORDER BY SortOrder, Name";
    public virtual string CategoryByName => "SELECT Id, Name, SortOrder FROM Categories WHERE Name = @Name";
    public virtual string InsertCategory => "INSERT INTO Categories (Id, Name, SortOrder) VALUES (@Id, @Name, @SortOrder)";

    public virtual string ProductBySku => $"SELECT {ProductColumns} {ProductFrom} WHERE p.Sku = @Sku";

    public virtual string InsertProduct => """
        INSERT INTO Products (Id, Sku, Name, Description, CategoryId, Unit, PackSize, MinQuantity, LeadTimeDays, ListPrice, IsActive)
        VALUES (@Id, @Sku, @Name, @Description, @CategoryId, @Unit, @PackSize, @MinQuantity, @LeadTimeDays, @ListPrice, @IsActive)
        """;

    public virtual string UpdateProduct => """
        UPDATE Products SET Name = @Name, Description = @Description, CategoryId = @CategoryId, Unit = @Unit, PackSize = @PackSize,
            MinQuantity = @MinQuantity, LeadTimeDays = @LeadTimeDays, ListPrice = @ListPrice, IsActive = @IsActive
        WHERE Id = @Id
        """;

    /// <summary>Every product, in name order, for the in-memory search index.</summary>
    public virtual string AllProducts => $"SELECT {ProductColumns}, c.SortOrder AS CategorySortOrder {ProductFrom} ORDER BY p.Name, p.Sku";
    public virtual string CatalogVersion => "SELECT Value FROM Counters WHERE Name = 'catalog-version'";
    public virtual string BumpCatalogVersion => "UPDATE Counters SET Value = Value + 1 WHERE Name = 'catalog-version'";

    public virtual string InsertContractPrice => """
        INSERT INTO ContractPrices (Id, AccountId, ProductId, MinQuantity, UnitPrice, ValidFrom, ValidTo)
        VALUES (@Id, @AccountId, @ProductId, @MinQuantity, @UnitPrice, @ValidFrom, @ValidTo)
        """;

    private const string PriceListColumns = """
        cp.Id, a.Name AS AccountName, cp.AccountId, p.Sku, p.Name, cp.MinQuantity, cp.UnitPrice, cp.ValidFrom, cp.ValidTo
        FROM ContractPrices cp JOIN CustomerAccounts a ON a.Id = cp.AccountId JOIN Products p ON p.Id = cp.ProductId
        """;
    public virtual string AllContractPrices => $"SELECT {PriceListColumns} ORDER BY a.Name, p.Sku, cp.MinQuantity, cp.ValidFrom";
    public virtual string ContractPricesOfAccount => $"SELECT {PriceListColumns} WHERE cp.AccountId = @AccountId ORDER BY p.Sku, cp.MinQuantity, cp.ValidFrom";
    public virtual string DeleteContractPrice => "DELETE FROM ContractPrices WHERE Id = @Id AND AccountId = @AccountId";
    public virtual string DeleteSameContractPrice => """
        DELETE FROM ContractPrices
        WHERE AccountId = @AccountId AND ProductId = @ProductId AND MinQuantity = @MinQuantity AND ValidFrom = @ValidFrom
        """;

    /// <summary>The contracts of an account and of its national account that are valid on a day.</summary>
    public virtual string ContractsOfAccount => """
        SELECT Id, AccountId, ProductId, MinQuantity, UnitPrice, ValidFrom, ValidTo
        FROM ContractPrices
        WHERE (AccountId = @AccountId OR AccountId = @ParentAccountId)
          AND ValidFrom <= @Day AND (ValidTo IS NULL OR ValidTo >= @Day)
        """;
}
