using System.Globalization;
using CsvHelper;
using CsvHelper.Configuration;
using Portal.Data.Accounts;

namespace Portal.Data.Catalog;

/// <summary>One row of an import: what it will become, or why it cannot.</summary>
public sealed record ImportRow<T>(int Row, string Key, T? Value, IReadOnlyList<string> Problems)
{
    public bool Ok => Problems.Count == 0;
}

/// <summary>
/// CSV import and export of products and contract prices, with CsvHelper. An import is first previewed (every bad row
/// with its reasons), then applied all or nothing: a file with any bad row changes nothing. Re-importing updates
/// products by SKU, and prices by account, SKU, quantity break and start date.
/// </summary>
public sealed class CatalogImport(CatalogStore catalog, AccountStore accounts, ConnectionFactory db, CatalogSql sql)
{
    public static readonly string[] ProductHeader = ["Sku", "Name", "Description", "Category", "Unit", "PackSize", "MinQuantity", "LeadTimeDays", "ListPrice", "Active"];
    public static readonly string[] PriceHeader = ["Account", "Sku", "MinQuantity", "UnitPrice", "ValidFrom", "ValidTo"];

    public sealed record ProductLine(Product Product, string Category);

    public static IReadOnlyList<ImportRow<ProductLine>> ParseProducts(string csvText)
    {
        var result = new List<ImportRow<ProductLine>>();
        var parsed = Rows(csvText, ProductHeader, out var headerProblem);
        foreach (var (row, get) in parsed)
        {
            var problems = new List<string>();
            var sku = get("Sku").Trim().ToUpperInvariant();
            var name = get("Name").Trim();
            var category = get("Category").Trim();
            if (sku.Length is 0 or > 40) problems.Add("Sku is required (at most 40 characters).");
            if (name.Length is 0 or > 200) problems.Add("Name is required (at most 200 characters).");
            if (category.Length == 0) problems.Add("Category is required.");
            // lengths of the other texts (TextLimits) and no control characters anywhere (TextRules)
            foreach (var (field, text, limit) in new[] { ("Category", category, TextLimits.Categories.Name), ("Unit", get("Unit").Trim(), TextLimits.Products.Unit) })
                if (TextRules.Problem(text, field, limit) is { } problem) problems.Add(problem);
            if (TextRules.Problem(get("Description").Trim(), "Description", TextLimits.Products.Description, multiLine: true) is { } description) problems.Add(description);
            if (TextRules.HasControlCharacters(sku) || TextRules.HasControlCharacters(name)) problems.Add("Sku and Name cannot contain control characters.");
            var pack = Int(get("PackSize"), "PackSize", 1, problems);
            var min = Int(get("MinQuantity"), "MinQuantity", 1, problems);
            var lead = Int(get("LeadTimeDays"), "LeadTimeDays", 0, problems);
            var price = Dec(get("ListPrice"), "ListPrice", problems);
            var activeText = get("Active").Trim();
            var active = activeText.Length == 0 || activeText.Equals("true", StringComparison.OrdinalIgnoreCase) || activeText == "1" || activeText.Equals("yes", StringComparison.OrdinalIgnoreCase);
            if (activeText.Length > 0 && !active && !(activeText.Equals("false", StringComparison.OrdinalIgnoreCase) || activeText == "0" || activeText.Equals("no", StringComparison.OrdinalIgnoreCase)))
                problems.Add("Active must be true or false.");
            var product = new Product
            {
                Sku = sku, Name = name, Description = get("Description").Trim(), Unit = get("Unit").Trim() is { Length: > 0 } u ? u : "each",
                PackSize = pack, MinQuantity = min, LeadTimeDays = lead, ListPrice = price, IsActive = active,
            };
            result.Add(new ImportRow<ProductLine>(row, sku, problems.Count == 0 ? new ProductLine(product, category) : null, problems));
        }
        if (headerProblem is not null) result.Insert(0, new ImportRow<ProductLine>(1, "", null, [headerProblem]));
        foreach (var dup in result.Where(r => r.Ok).GroupBy(r => r.Key).Where(g => g.Count() > 1).SelectMany(g => g.Skip(1)).ToList())
            result[result.IndexOf(dup)] = dup with { Value = null, Problems = [$"SKU {dup.Key} is in the file more than once."] };
        return result;
    }

    public async Task<IReadOnlyList<ImportRow<ContractPrice>>> ParsePricesAsync(string csvText, CancellationToken ct = default)
    {
        var result = new List<ImportRow<ContractPrice>>();
        var accountIds = new Dictionary<string, Guid?>(StringComparer.OrdinalIgnoreCase);
        var parsed = Rows(csvText, PriceHeader, out var headerProblem);
        foreach (var (row, get) in parsed)
        {
            var problems = new List<string>();
            var accountName = get("Account").Trim();
            var sku = get("Sku").Trim().ToUpperInvariant();
            if (!accountIds.TryGetValue(accountName, out var accountId))
                accountIds[accountName] = accountId = (await accounts.ListAccountsAsync(accountName, 1, 50, ct)).Items.FirstOrDefault(a => a.Name.Equals(accountName, StringComparison.OrdinalIgnoreCase))?.Id;
            if (accountId is null) problems.Add($"No customer account is called \"{accountName}\".");
            var product = sku.Length == 0 ? null : await catalog.BySkuAsync(sku, ct);
            if (product is null) problems.Add($"No product has the SKU {sku}.");
            var min = Int(get("MinQuantity"), "MinQuantity", 1, problems);
            var price = Dec(get("UnitPrice"), "UnitPrice", problems);
            var from = Date(get("ValidFrom"), "ValidFrom", required: true, problems);
            var to = Date(get("ValidTo"), "ValidTo", required: false, problems);
            if (from is not null && to is not null && to < from) problems.Add("ValidTo is before ValidFrom.");
            var value = problems.Count == 0
                ? new ContractPrice { Id = Guid.NewGuid(), AccountId = accountId!.Value, ProductId = product!.Id, MinQuantity = min, UnitPrice = price, ValidFrom = from!.Value, ValidTo = to }
                : null;
            result.Add(new ImportRow<ContractPrice>(row, $"{accountName} {sku} from {min}", value, problems));
        }
        if (headerProblem is not null) result.Insert(0, new ImportRow<ContractPrice>(1, "", null, [headerProblem]));
        return result;
    }

    /// <summary>Applies a product file if every row is good; returns false (and changes nothing) otherwise.</summary>
    public async Task<bool> ApplyProductsAsync(IReadOnlyList<ImportRow<ProductLine>> rows, CancellationToken ct = default)
    {
        if (rows.Count == 0 || rows.Any(r => !r.Ok)) return false;
        var categories = new Dictionary<string, Guid>(StringComparer.OrdinalIgnoreCase);
        foreach (var name in rows.Select(r => r.Value!.Category).Distinct(StringComparer.OrdinalIgnoreCase))
            categories[name] = (await catalog.EnsureCategoryAsync(name, 0, ct)).Id;
        await catalog.UpsertAsync(rows.Select(r => r.Value!.Product with { CategoryId = categories[r.Value.Category] }), ct);
        return true;
    }

    /// <summary>Applies a price file if every row is good, replacing rows with the same account, SKU, break and start date.</summary>
    public async Task<bool> ApplyPricesAsync(IReadOnlyList<ImportRow<ContractPrice>> rows, CancellationToken ct = default)
    {
        if (rows.Count == 0 || rows.Any(r => !r.Ok)) return false;
        await catalog.ReplaceContractPricesAsync(rows.Select(r => r.Value!), ct);
        return true;
    }

    public async Task ExportProductsAsync(TextWriter writer, CancellationToken ct = default)
    {
        await using var csv = new CsvWriter(writer, CultureInfo.InvariantCulture, leaveOpen: true);
        foreach (var h in ProductHeader) csv.WriteField(h);
        await csv.NextRecordAsync();
        foreach (var p in await catalog.AllAsync(ct))
        {
            foreach (var f in new object[] { p.Sku, p.Name, p.Description, p.CategoryName, p.Unit, p.PackSize, p.MinQuantity, p.LeadTimeDays, p.ListPrice.ToString("0.00##", CultureInfo.InvariantCulture), p.IsActive ? "true" : "false" })
                csv.WriteField(f);
            await csv.NextRecordAsync();
        }
    }

    public async Task ExportPricesAsync(TextWriter writer, CancellationToken ct = default)
    {
        await using var csv = new CsvWriter(writer, CultureInfo.InvariantCulture, leaveOpen: true);
        foreach (var h in PriceHeader) csv.WriteField(h);
        await csv.NextRecordAsync();
        await using var c = await db.OpenAsync(ct);
        foreach (var r in await c.QueryAsync<PriceListRow>(new CommandDefinition(sql.AllContractPrices, cancellationToken: ct)))
        {
            foreach (var f in new object?[] { r.AccountName, r.Sku, r.MinQuantity, r.UnitPrice.ToString("0.00##", CultureInfo.InvariantCulture), r.ValidFrom.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), r.ValidTo?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) })
                csv.WriteField(f);
            await csv.NextRecordAsync();
        }
    }

    private static List<(int Row, Func<string, string> Get)> Rows(string text, string[] header, out string? headerProblem)
    {
        headerProblem = null;
        var config = new CsvConfiguration(CultureInfo.InvariantCulture) { PrepareHeaderForMatch = a => a.Header.Trim().ToLowerInvariant(), MissingFieldFound = null, BadDataFound = null, TrimOptions = TrimOptions.Trim };
        using var reader = new StringReader(text ?? "");
        using var csv = new CsvReader(reader, config);
        var rows = new List<(int, Func<string, string>)>();
        if (!csv.Read() || !csv.ReadHeader())
        {
            headerProblem = $"The file is empty; the first line must be the header: {string.Join(",", header)}.";
            return rows;
        }
        var missing = header.Where(h => h is not ("Description" or "Unit" or "Active" or "ValidTo") && !(csv.HeaderRecord ?? []).Any(x => x.Trim().Equals(h, StringComparison.OrdinalIgnoreCase))).ToList();
        if (missing.Count > 0)
        {
            headerProblem = $"The header lacks {string.Join(", ", missing)}; it should be: {string.Join(",", header)}.";
            return rows;
        }
        while (csv.Read())
        {
            var fields = header.ToDictionary(h => h, h => csv.TryGetField<string>(h.ToLowerInvariant(), out var v) ? v ?? "" : "", StringComparer.OrdinalIgnoreCase);
            if (fields.Values.All(string.IsNullOrWhiteSpace)) continue;
            rows.Add((csv.Parser.Row, name => fields[name]));
        }
        return rows;
    }

    private static int Int(string text, string field, int min, List<string> problems)
    {
        if (int.TryParse(text.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) && v >= min) return v;
        problems.Add($"{field} must be a whole number of at least {min} (was \"{text}\").");
        return min;
    }

    private static decimal Dec(string text, string field, List<string> problems)
    {
        if (decimal.TryParse(text.Trim(), NumberStyles.Number, CultureInfo.InvariantCulture, out var v) && v >= 0) return v;
        problems.Add($"{field} must be an amount such as 4.95 (was \"{text}\").");
        return 0;
    }

    private static DateOnly? Date(string text, string field, bool required, List<string> problems)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            if (required) problems.Add($"{field} is required (yyyy-mm-dd).");
            return null;
        }
        if (DateOnly.TryParseExact(text.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)) return d;
        problems.Add($"{field} must be a date as yyyy-mm-dd (was \"{text}\").");
        return null;
    }
}

public sealed record PriceListRow
{
    public Guid Id { get; init; }
    public string AccountName { get; init; } = "";
    public Guid AccountId { get; init; }
    public string Sku { get; init; } = "";
    public string Name { get; init; } = "";
    public int MinQuantity { get; init; }
    public decimal UnitPrice { get; init; }
    public DateOnly ValidFrom { get; init; }
    public DateOnly? ValidTo { get; init; }
}
