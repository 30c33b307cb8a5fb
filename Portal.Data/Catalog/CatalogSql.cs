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
    public virtual string CategoryByName => $"SELECT Id, Name, SortOrder FROM Categories WHERE Name = @Name {Dialect.IgnoreCase}";
    /// <summary>Makes the category unless one of that name (in any case) exists; two imports at once make one.</summary>
    public virtual string EnsureCategory => Dialect.Upsert("Categories", [("Name", "@Name")], [("Id", "@Id"), ("SortOrder", "@SortOrder")], updateSet: null);

    /// <summary>Creates the product or updates the one with its SKU, atomically (two imports at once cannot both insert).</summary>
    public virtual string UpsertProductBySku => Dialect.Upsert("Products", [("Sku", "@Sku")],
        [("Id", "@Id"), ("Name", "@Name"), ("Description", "@Description"), ("CategoryId", "@CategoryId"), ("Unit", "@Unit"), ("PackSize", "@PackSize"),
         ("MinQuantity", "@MinQuantity"), ("LeadTimeDays", "@LeadTimeDays"), ("ListPrice", "@ListPrice"), ("IsActive", "@IsActive")],
        """
        Name = @Name, Description = @Description, CategoryId = @CategoryId, Unit = @Unit, PackSize = @PackSize,
            MinQuantity = @MinQuantity, LeadTimeDays = @LeadTimeDays, ListPrice = @ListPrice, IsActive = @IsActive
        """);

    /// <summary>Every product, in name order, for the in-memory search index.</summary>
    public virtual string AllProducts => $"SELECT {ProductColumns}, c.SortOrder AS CategorySortOrder {ProductFrom} ORDER BY p.Name, p.Sku";
    public virtual string CatalogVersion => "SELECT Value FROM Counters WHERE Name = 'catalog-version'";
    public virtual string BumpCatalogVersion => "UPDATE Counters SET Value = Value + 1 WHERE Name = 'catalog-version'";

    /// <summary>
    /// Adds a contract price or replaces the price and end date of the one with the same account, product, break and start
    /// date (the unique key), atomically.
    /// </summary>
    public virtual string UpsertContractPrice => Dialect.Upsert("ContractPrices",
        [("AccountId", "@AccountId"), ("ProductId", "@ProductId"), ("MinQuantity", "@MinQuantity"), ("ValidFrom", "@ValidFrom")],
        [("Id", "@Id"), ("UnitPrice", "@UnitPrice"), ("ValidTo", "@ValidTo")],
        "UnitPrice = @UnitPrice, ValidTo = @ValidTo");

    private const string PriceListColumns = """
        cp.Id, a.Name AS AccountName, cp.AccountId, p.Sku, p.Name, cp.MinQuantity, cp.UnitPrice, cp.ValidFrom, cp.ValidTo
        FROM ContractPrices cp JOIN CustomerAccounts a ON a.Id = cp.AccountId JOIN Products p ON p.Id = cp.ProductId
        """;
    public virtual string AllContractPrices => $"SELECT {PriceListColumns} ORDER BY a.Name, p.Sku, cp.MinQuantity, cp.ValidFrom";
    public virtual string ContractPricesOfAccount => $"SELECT {PriceListColumns} WHERE cp.AccountId = @AccountId ORDER BY p.Sku, cp.MinQuantity, cp.ValidFrom";
    /// <summary>The contract prices of one account as stored, to tell an import which rows change nothing.</summary>
    public virtual string ContractPriceRowsOfAccount => "SELECT Id, AccountId, ProductId, MinQuantity, UnitPrice, ValidFrom, ValidTo FROM ContractPrices WHERE AccountId = @AccountId";

    // The administration lists: searched by SKU or name, sorted by a column the page chose from a fixed list (@Sort is one
    // of the values of AdminProductSort / PriceListSort, never text from the request), paged. Money sorts as a number on
    // both databases (SQLite keeps it as text).
    private const string SkuOrName = @"(@Search IS NULL OR p.Sku LIKE @Search ESCAPE '\' OR p.Name LIKE @Search ESCAPE '\')";

    public virtual string AdminProducts => $"""
        SELECT {ProductColumns} {ProductFrom}
        WHERE {SkuOrName}
        ORDER BY
            CASE WHEN @Sort = 'sku' THEN p.Sku END, CASE WHEN @Sort = 'sku-desc' THEN p.Sku END DESC,
            CASE WHEN @Sort = 'name-desc' THEN p.Name END DESC,
            CASE WHEN @Sort = 'category' THEN c.Name END, CASE WHEN @Sort = 'category-desc' THEN c.Name END DESC,
            CASE WHEN @Sort = 'price' THEN CAST(p.ListPrice AS DECIMAL(19,4)) END, CASE WHEN @Sort = 'price-desc' THEN CAST(p.ListPrice AS DECIMAL(19,4)) END DESC,
            CASE WHEN @Sort = 'status' THEN p.IsActive END DESC, CASE WHEN @Sort = 'status-desc' THEN p.IsActive END,
            p.Name, p.Sku
        {Dialect.Page}
        """;

    public virtual string AdminProductCount => $"SELECT COUNT(*) {ProductFrom} WHERE {SkuOrName}";

    public virtual string PriceListPage => $"""
        SELECT {PriceListColumns}
        WHERE cp.AccountId = @AccountId AND {SkuOrName}
        ORDER BY
            CASE WHEN @Sort = 'sku-desc' THEN p.Sku END DESC,
            CASE WHEN @Sort = 'product' THEN p.Name END, CASE WHEN @Sort = 'product-desc' THEN p.Name END DESC,
            CASE WHEN @Sort = 'quantity' THEN cp.MinQuantity END, CASE WHEN @Sort = 'quantity-desc' THEN cp.MinQuantity END DESC,
            CASE WHEN @Sort = 'price' THEN CAST(cp.UnitPrice AS DECIMAL(19,4)) END, CASE WHEN @Sort = 'price-desc' THEN CAST(cp.UnitPrice AS DECIMAL(19,4)) END DESC,
            CASE WHEN @Sort = 'validfrom' THEN cp.ValidFrom END, CASE WHEN @Sort = 'validfrom-desc' THEN cp.ValidFrom END DESC,
            p.Sku, cp.MinQuantity, cp.ValidFrom
        {Dialect.Page}
        """;

    public virtual string PriceListCount => $"""
        SELECT COUNT(*) FROM ContractPrices cp JOIN Products p ON p.Id = cp.ProductId
        WHERE cp.AccountId = @AccountId AND {SkuOrName}
        """;

    public virtual string DeleteContractPrice => "DELETE FROM ContractPrices WHERE Id = @Id AND AccountId = @AccountId";

    /// <summary>The contracts of an account and of its national account that are valid on a day.</summary>
    public virtual string ContractsOfAccount => """
        SELECT Id, AccountId, ProductId, MinQuantity, UnitPrice, ValidFrom, ValidTo
        FROM ContractPrices
        WHERE (AccountId = @AccountId OR AccountId = @ParentAccountId)
          AND ValidFrom <= @Day AND (ValidTo IS NULL OR ValidTo >= @Day)
        """;

    // uploads of the import preview, applied by token
    public virtual string InsertImportUpload => """
        INSERT INTO ImportUploads (Id, Kind, FileName, Content, CreatedByUserId, CreatedUtc)
        VALUES (@Id, @Kind, @FileName, @Content, @CreatedByUserId, @CreatedUtc)
        """;
    public virtual string ImportUpload => "SELECT Kind, Content FROM ImportUploads WHERE Id = @Id AND CreatedUtc > @After";
    public virtual string DeleteImportUpload => "DELETE FROM ImportUploads WHERE Id = @Id";
    public virtual string DeleteOldImportUploads => "DELETE FROM ImportUploads WHERE CreatedUtc <= @Before";
}
