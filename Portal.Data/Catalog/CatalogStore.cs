namespace Portal.Data.Catalog;

/// <summary>Products, categories and contract prices.</summary>
public sealed class CatalogStore(ConnectionFactory db, CatalogSql sql)
{
    public async Task<IReadOnlyList<Category>> CategoriesAsync(CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        return (await c.QueryAsync<Category>(new CommandDefinition(sql.Categories, cancellationToken: ct))).ToList();
    }

    public async Task<Category> EnsureCategoryAsync(string name, int sortOrder = 0, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        var existing = await c.QuerySingleOrDefaultAsync<Category>(new CommandDefinition(sql.CategoryByName, new { Name = name }, cancellationToken: ct));
        if (existing is not null) return existing;
        // two imports naming the same new category at once: one makes it, both use it
        if (await c.ExecuteAsync(new CommandDefinition(sql.EnsureCategory, new { Id = Guid.NewGuid(), Name = name, SortOrder = sortOrder }, cancellationToken: ct)) > 0)
            await c.ExecuteAsync(new CommandDefinition(sql.BumpCatalogVersion, cancellationToken: ct));
        return await c.QuerySingleAsync<Category>(new CommandDefinition(sql.CategoryByName, new { Name = name }, cancellationToken: ct));
    }

    private SearchIndex? _index;
    private readonly SemaphoreSlim _rebuild = new(1, 1);

    /// <summary>Search by SKU or words, by category, sorted and paged, from the in-memory index (rebuilt when the catalog changed).</summary>
    public async Task<Page<Product>> SearchAsync(CatalogQuery query, CancellationToken ct = default) =>
        (await IndexAsync(ct)).Search(query);

    private async Task<SearchIndex> IndexAsync(CancellationToken ct)
    {
        long version;
        await using (var c = await db.OpenAsync(ct))
            version = await c.ExecuteScalarAsync<long>(new CommandDefinition(sql.CatalogVersion, cancellationToken: ct));
        if (_index is { } current && current.Version == version) return current;
        await _rebuild.WaitAsync(ct);
        try
        {
            if (_index is { } fresh && fresh.Version == version) return fresh;
            await using var c = await db.OpenAsync(ct);
            var products = (await c.QueryAsync<Product>(new CommandDefinition(sql.AllProducts, cancellationToken: ct))).ToList();
            return _index = new SearchIndex(version, products);
        }
        finally
        {
            _rebuild.Release();
        }
    }

    // Lookups by SKU or id come from the same snapshot as search: one version check instead of a query per product.

    public async Task<Product?> BySkuAsync(string sku, CancellationToken ct = default) => (await IndexAsync(ct)).BySku(sku);

    /// <summary>Looks up several SKUs; unknown ones are simply absent from the result.</summary>
    public async Task<IReadOnlyDictionary<string, Product>> BySkusAsync(IEnumerable<string> skus, CancellationToken ct = default)
    {
        var index = await IndexAsync(ct);
        var result = new Dictionary<string, Product>(StringComparer.OrdinalIgnoreCase);
        foreach (var sku in skus.Select(NormalizeSku).Distinct())
            if (index.BySku(sku) is { } product) result[sku] = product;
        return result;
    }

    /// <summary>Lookups by SKU from one snapshot of the catalog: for a file of many rows, one version check in all.</summary>
    public async Task<Func<string, Product?>> SkuLookupAsync(CancellationToken ct = default)
    {
        var index = await IndexAsync(ct);
        return index.BySku;
    }

    public async Task<Product?> ByIdAsync(Guid id, CancellationToken ct = default) => (await IndexAsync(ct)).ById(id);

    /// <summary>Looks up several products by id; unknown ones are absent from the result.</summary>
    public async Task<IReadOnlyDictionary<Guid, Product>> ByIdsAsync(IEnumerable<Guid> ids, CancellationToken ct = default)
    {
        var index = await IndexAsync(ct);
        return ids.Distinct().Select(index.ById).OfType<Product>().ToDictionary(p => p.Id);
    }

    /// <summary>
    /// Creates or updates products by SKU in one transaction; the search index of every node follows. Each row is one
    /// atomic upsert, in SKU order, so imports running at once neither collide on a new SKU nor deadlock each other.
    /// </summary>
    public async Task UpsertAsync(IEnumerable<Product> products, CancellationToken ct = default)
    {
        var rows = products
            .Select(p => p with { Sku = NormalizeSku(p.Sku), Id = p.Id == Guid.Empty ? Guid.NewGuid() : p.Id })
            .OrderBy(p => p.Sku, StringComparer.Ordinal)
            .ToList();
        foreach (var p in rows) Money.Require(p.ListPrice, nameof(Product.ListPrice));
        await using var c = await db.OpenAsync(ct);
        await using var tx = await c.BeginTransactionAsync(ct);
        await c.ExecuteAsync(new CommandDefinition(sql.UpsertProductBySku, rows, tx, cancellationToken: ct));
        await c.ExecuteAsync(new CommandDefinition(sql.BumpCatalogVersion, transaction: tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
    }

    /// <summary>Adds contract prices; one with the same account, product, break and start date is replaced (the unique key).</summary>
    public Task AddContractPricesAsync(IEnumerable<ContractPrice> prices, CancellationToken ct = default) => ReplaceContractPricesAsync(prices, ct);

    /// <summary>
    /// Adds contract prices, replacing any with the same account, product, break and start date, in one transaction:
    /// one atomic upsert per row on the unique key, in key order (no duplicates, no deadlocks between two imports).
    /// </summary>
    public async Task ReplaceContractPricesAsync(IEnumerable<ContractPrice> prices, CancellationToken ct = default)
    {
        var rows = prices
            .Select(p => p.Id == Guid.Empty ? p with { Id = Guid.NewGuid() } : p)
            .OrderBy(p => p.AccountId).ThenBy(p => p.ProductId).ThenBy(p => p.MinQuantity).ThenBy(p => p.ValidFrom)
            .ToList();
        foreach (var p in rows) Money.Require(p.UnitPrice, nameof(ContractPrice.UnitPrice));
        await using var c = await db.OpenAsync(ct);
        await using var tx = await c.BeginTransactionAsync(ct);
        await c.ExecuteAsync(new CommandDefinition(sql.UpsertContractPrice, rows, tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
    }

    public async Task<IReadOnlyList<PriceListRow>> PriceListAsync(Guid accountId, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        return (await c.QueryAsync<PriceListRow>(new CommandDefinition(sql.ContractPricesOfAccount, new { AccountId = accountId }, cancellationToken: ct))).ToList();
    }

    /// <summary>One page of an account's price list, searched by SKU or product name and sorted by a column.</summary>
    public async Task<Page<PriceListRow>> PriceListPageAsync(Guid accountId, AdminListQuery<PriceListSort> query, CancellationToken ct = default)
    {
        var page = Math.Max(1, query.Page);
        var args = new { AccountId = accountId, Search = query.SearchPattern, Sort = query.SortKey, Skip = Paging.Skip(page, query.PageSize), Take = query.PageSize };
        await using var c = await db.OpenAsync(ct);
        var rows = await c.QueryAsync<PriceListRow>(new CommandDefinition(sql.PriceListPage, args, cancellationToken: ct));
        var total = await c.ExecuteScalarAsync<int>(new CommandDefinition(sql.PriceListCount, args, cancellationToken: ct));
        return new Page<PriceListRow>(rows.ToList(), page, query.PageSize, total);
    }

    /// <summary>One page of every product, active or not, searched by SKU or name and sorted by a column (the supplier admin's list).</summary>
    public async Task<Page<Product>> AdminProductsAsync(AdminListQuery<AdminProductSort> query, CancellationToken ct = default)
    {
        var page = Math.Max(1, query.Page);
        var args = new { Search = query.SearchPattern, Sort = query.SortKey, Skip = Paging.Skip(page, query.PageSize), Take = query.PageSize };
        await using var c = await db.OpenAsync(ct);
        var rows = await c.QueryAsync<Product>(new CommandDefinition(sql.AdminProducts, args, cancellationToken: ct));
        var total = await c.ExecuteScalarAsync<int>(new CommandDefinition(sql.AdminProductCount, args, cancellationToken: ct));
        return new Page<Product>(rows.ToList(), page, query.PageSize, total);
    }

    /// <summary>An account's contract prices as stored (every date), to compare an import with.</summary>
    public async Task<IReadOnlyList<ContractPrice>> ContractPricesOfAccountAsync(Guid accountId, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        return (await c.QueryAsync<ContractPrice>(new CommandDefinition(sql.ContractPriceRowsOfAccount, new { AccountId = accountId }, cancellationToken: ct))).ToList();
    }

    public async Task<bool> DeleteContractPriceAsync(Guid accountId, Guid priceId, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        return await c.ExecuteAsync(new CommandDefinition(sql.DeleteContractPrice, new { Id = priceId, AccountId = accountId }, cancellationToken: ct)) == 1;
    }

    /// <summary>Every product, active or not, in name order (for the export and the administration list).</summary>
    public async Task<IReadOnlyList<Product>> AllAsync(CancellationToken ct = default) => (await IndexAsync(ct)).All;

    /// <summary>The prices an account pays on a day: its own contracts, its national account's, the list price.</summary>
    public async Task<PriceBook> PriceBookAsync(Guid accountId, Guid? parentAccountId, DateOnly day, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        var rows = await c.QueryAsync<ContractPrice>(new CommandDefinition(sql.ContractsOfAccount,
            new { AccountId = accountId, ParentAccountId = parentAccountId ?? accountId, Day = day }, cancellationToken: ct));
        return new PriceBook(accountId, parentAccountId, day, rows.ToList());
    }

    public static string NormalizeSku(string sku) => sku.Trim().ToUpperInvariant();
}
