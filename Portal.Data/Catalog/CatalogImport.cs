using System.Globalization;
using CsvHelper;
using CsvHelper.Configuration;
using Portal.Data.Accounts;

namespace Portal.Data.Catalog;

/// <summary>One row of an import: what it will become, or why it cannot.</summary>
public sealed record ImportRow<T>(int Row, string Key, T? Value, IReadOnlyList<string> Problems)
{
    public bool Ok => Problems.Count == 0;

    /// <summary>The column of each problem (same order as <see cref="Problems"/>; "" when it is about the row as a whole).</summary>
    public IReadOnlyList<string> ProblemColumns { get; init; } = [];

    /// <summary>The column a problem is about, for a form that shows it next to its field; "" when none.</summary>
    public string ColumnOf(int problem) => problem < ProblemColumns.Count ? ProblemColumns[problem] : "";
}

/// <summary>What applying a good row does to the catalog.</summary>
public enum ImportAction
{
    Add,
    Update,
    Unchanged,
}

/// <summary>How many rows an import adds, updates and leaves as they are (those are not written at all).</summary>
public sealed record ImportCounts(int Added, int Updated, int Unchanged)
{
    public int Total => Added + Updated + Unchanged;
}

/// <summary>The problems of one row, each with the column it is about, in words that name the field as people know it.</summary>
internal sealed class RowProblems
{
    public List<string> Messages { get; } = [];
    public List<string> Columns { get; } = [];
    public int Count => Messages.Count;
    public void Add(string column, string message) { Columns.Add(column); Messages.Add(message); }
}

/// <summary>
/// CSV import and export of products and contract prices, with CsvHelper. An import is first previewed (every bad row
/// with its reasons), then applied all or nothing: a file with any bad row changes nothing. Re-importing updates
/// products by SKU, and prices by account, SKU, quantity break and start date.
/// </summary>
public sealed class CatalogImport(CatalogStore catalog, AccountStore accounts, ConnectionFactory db, CatalogSql sql, TimeProvider clock)
{
    public static readonly string[] ProductHeader = ["Sku", "Name", "Description", "Category", "Unit", "PackSize", "MinQuantity", "LeadTimeDays", "ListPrice", "Active"];
    public static readonly string[] PriceHeader = ["Account", "Sku", "MinQuantity", "UnitPrice", "ValidFrom", "ValidTo"];

    public sealed record ProductLine(Product Product, string Category);

    /// <summary>The columns of the files as people know them: errors name these, never "UnitPrice".</summary>
    public static readonly IReadOnlyDictionary<string, string> Labels = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        ["Sku"] = "SKU", ["Name"] = "Name", ["Description"] = "Description", ["Category"] = "Category", ["Unit"] = "Unit",
        ["PackSize"] = "Pack size", ["MinQuantity"] = "Minimum quantity", ["LeadTimeDays"] = "Lead time", ["ListPrice"] = "List price",
        ["Active"] = "Active", ["Account"] = "Account", ["UnitPrice"] = "Unit price", ["ValidFrom"] = "Valid from", ["ValidTo"] = "Valid to",
    };

    /// <summary>"Unit price" for the column UnitPrice.</summary>
    public static string Label(string column) => Labels.TryGetValue(column, out var label) ? label : column;

    public static IReadOnlyList<ImportRow<ProductLine>> ParseProducts(string csvText)
    {
        using var reader = new StringReader(csvText ?? "");
        return ReadProducts(reader).ToList();
    }

    /// <summary>The rows of a product file, one at a time (a huge file is never held as rows): a header problem is row 1.</summary>
    public static IEnumerable<ImportRow<ProductLine>> ReadProducts(TextReader reader)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (row, get, headerProblem) in Rows(reader, ProductHeader))
        {
            if (headerProblem is not null) { yield return new ImportRow<ProductLine>(1, "", null, [headerProblem]); yield break; }
            var problems = new RowProblems();
            var sku = get("Sku").Trim().ToUpperInvariant();
            var name = get("Name").Trim();
            var category = get("Category").Trim();
            if (sku.Length is 0 or > 40) problems.Add("Sku", "SKU is required (at most 40 characters).");
            if (name.Length is 0 or > 200) problems.Add("Name", "Name is required (at most 200 characters).");
            if (category.Length == 0) problems.Add("Category", "Category is required.");
            // lengths of the other texts (TextLimits) and no control characters anywhere (TextRules)
            foreach (var (field, text, limit) in new[] { ("Category", category, TextLimits.Categories.Name), ("Unit", get("Unit").Trim(), TextLimits.Products.Unit) })
                if (TextRules.Problem(text, Label(field), limit) is { } problem) problems.Add(field, problem);
            if (TextRules.Problem(get("Description").Trim(), "Description", TextLimits.Products.Description, multiLine: true) is { } description) problems.Add("Description", description);
            if (TextRules.HasControlCharacters(sku)) problems.Add("Sku", "SKU cannot contain control characters.");
            if (TextRules.HasControlCharacters(name)) problems.Add("Name", "Name cannot contain control characters.");
            var pack = Int(get("PackSize"), "PackSize", 1, problems);
            var min = Int(get("MinQuantity"), "MinQuantity", 1, problems);
            var lead = Int(get("LeadTimeDays"), "LeadTimeDays", 0, problems);
            var price = Dec(get("ListPrice"), "ListPrice", problems);
            var activeText = get("Active").Trim();
            var active = activeText.Length == 0 || activeText.Equals("true", StringComparison.OrdinalIgnoreCase) || activeText == "1" || activeText.Equals("yes", StringComparison.OrdinalIgnoreCase);
            if (activeText.Length > 0 && !active && !(activeText.Equals("false", StringComparison.OrdinalIgnoreCase) || activeText == "0" || activeText.Equals("no", StringComparison.OrdinalIgnoreCase)))
                problems.Add("Active", "Active must be true or false.");
            if (problems.Count == 0 && !seen.Add(sku)) problems.Add("Sku", $"SKU {sku} is in the file more than once.");
            var product = new Product
            {
                Sku = sku, Name = name, Description = get("Description").Trim(), CategoryName = category, Unit = get("Unit").Trim() is { Length: > 0 } u ? u : "each",
                PackSize = pack, MinQuantity = min, LeadTimeDays = lead, ListPrice = price, IsActive = active,
            };
            yield return new ImportRow<ProductLine>(row, sku, problems.Count == 0 ? new ProductLine(product, category) : null, problems.Messages) { ProblemColumns = problems.Columns };
        }
    }

    public async Task<IReadOnlyList<ImportRow<ContractPrice>>> ParsePricesAsync(string csvText, CancellationToken ct = default)
    {
        using var reader = new StringReader(csvText ?? "");
        var result = new List<ImportRow<ContractPrice>>();
        await foreach (var row in ReadPricesAsync(reader, ct)) result.Add(row);
        return result;
    }

    /// <summary>The rows of a price file, one at a time: a header problem is row 1.</summary>
    public async IAsyncEnumerable<ImportRow<ContractPrice>> ReadPricesAsync(TextReader reader, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct = default)
    {
        var accountIds = new Dictionary<string, Guid?>(StringComparer.OrdinalIgnoreCase);
        var productBySku = await catalog.SkuLookupAsync(ct); // one snapshot for the whole file, not a query per row
        foreach (var (row, get, headerProblem) in Rows(reader, PriceHeader))
        {
            if (headerProblem is not null) { yield return new ImportRow<ContractPrice>(1, "", null, [headerProblem]); yield break; }
            var problems = new RowProblems();
            var accountName = get("Account").Trim();
            var sku = get("Sku").Trim().ToUpperInvariant();
            if (!accountIds.TryGetValue(accountName, out var accountId))
                accountIds[accountName] = accountId = (await accounts.ListAccountsAsync(accountName, 1, 50, ct)).Items.FirstOrDefault(a => a.Name.Equals(accountName, StringComparison.OrdinalIgnoreCase))?.Id;
            if (accountId is null) problems.Add("Account", $"No customer account is called \"{accountName}\".");
            var product = sku.Length == 0 ? null : productBySku(sku);
            if (product is null) problems.Add("Sku", sku.Length == 0 ? "SKU is required." : $"No product has the SKU {sku}.");
            var min = Int(get("MinQuantity"), "MinQuantity", 1, problems);
            var price = Dec(get("UnitPrice"), "UnitPrice", problems);
            var from = Date(get("ValidFrom"), "ValidFrom", required: true, problems);
            var to = Date(get("ValidTo"), "ValidTo", required: false, problems);
            if (from is not null && to is not null && to < from) problems.Add("ValidTo", "Valid to is before Valid from.");
            var value = problems.Count == 0
                ? new ContractPrice { Id = Guid.NewGuid(), AccountId = accountId!.Value, ProductId = product!.Id, MinQuantity = min, UnitPrice = price, ValidFrom = from!.Value, ValidTo = to }
                : null;
            yield return new ImportRow<ContractPrice>(row, $"{accountName} {sku} from {min}", value, problems.Messages) { ProblemColumns = problems.Columns };
        }
    }

    /// <summary>How many bad (or, in a good file, good) rows a preview lists; the rest are only counted.</summary>
    public const int PreviewListed = 100;

    /// <summary>
    /// Keeps the uploaded file in the database (any node of a farm can apply it; a day later it is gone) and previews it:
    /// the rows are read one at a time, counted, and only the first <see cref="PreviewListed"/> bad rows (or, when none is
    /// bad, the first rows) are kept, so a huge bad file makes a small page and memory stays flat.
    /// </summary>
    public async Task<ImportPreview> PreviewAsync(string kind, string content, string? fileName, Guid? userId, CancellationToken ct = default)
    {
        kind = kind == ImportKinds.Prices ? ImportKinds.Prices : ImportKinds.Products;
        var token = Guid.NewGuid();
        await using (var c = await db.OpenAsync(ct))
        {
            await c.ExecuteAsync(new CommandDefinition(sql.DeleteOldImportUploads, new { Before = clock.GetUtcNow().AddDays(-1) }, cancellationToken: ct));
            await c.ExecuteAsync(new CommandDefinition(sql.InsertImportUpload, new
            {
                Id = token, Kind = kind, FileName = fileName is null ? null : Path.GetFileName(fileName) is { Length: > 256 } n ? n[..256] : Path.GetFileName(fileName),
                Content = content, CreatedByUserId = userId, CreatedUtc = clock.GetUtcNow(),
            }, cancellationToken: ct));
        }
        return await PreviewOfAsync(token, kind, content, ct);
    }

    private async Task<ImportPreview> PreviewOfAsync(Guid token, string kind, string content, CancellationToken ct)
    {
        var good = 0;
        var bad = 0;
        int added = 0, updated = 0, unchanged = 0, flagged = 0;
        var firstGood = new List<ImportPreviewRow>();
        var firstFlagged = new List<ImportPreviewRow>();
        var firstBad = new List<ImportPreviewRow>();
        var known = (await catalog.CategoriesAsync(ct)).Select(c => c.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var newCategories = new SortedSet<string>(StringComparer.OrdinalIgnoreCase);
        void Count<T>(ImportRow<T> r, ImportAction? action, string? category)
        {
            string? note = null;
            if (!string.IsNullOrEmpty(category) && !known.Contains(category))
            {
                newCategories.Add(category);
                note = $"Category \"{category}\" is not in the catalog yet: applying the file creates it.";
            }
            var row = new ImportPreviewRow(r.Row, r.Key, r.Ok, r.Problems) { Action = action, Note = note, ProblemColumns = r.ProblemColumns };
            if (r.Ok)
            {
                good++;
                switch (action)
                {
                    case ImportAction.Add: added++; break;
                    case ImportAction.Update: updated++; break;
                    case ImportAction.Unchanged: unchanged++; break;
                }
                if (note is not null) { flagged++; if (firstFlagged.Count < PreviewListed) firstFlagged.Add(row); }
                else if (firstGood.Count < PreviewListed) firstGood.Add(row);
            }
            else { bad++; if (firstBad.Count < PreviewListed) firstBad.Add(row); }
        }
        using var reader = new StringReader(content);
        if (kind == ImportKinds.Prices)
        {
            var actionOf = PriceActions(ct);
            await foreach (var r in ReadPricesAsync(reader, ct)) Count(r, r.Value is { } v ? await actionOf(v) : null, null);
        }
        else
        {
            var lookup = await catalog.SkuLookupAsync(ct);
            foreach (var r in ReadProducts(reader)) Count(r, r.Value is { } v ? ProductAction(v.Product, lookup) : null, r.Value?.Category);
        }
        // a file with bad rows lists them; a good one lists first the rows to look at (a new category), then the others
        var listed = bad > 0 ? firstBad : firstFlagged.Concat(firstGood).Take(PreviewListed).OrderBy(r => r.Row).ToList();
        return new ImportPreview(token, kind, good, bad, listed, (bad > 0 ? bad : good) - listed.Count)
        {
            Counts = new ImportCounts(added, updated, unchanged), NewCategories = [.. newCategories], FlaggedRows = flagged,
        };
    }

    /// <summary>Whether a product row adds a SKU, changes one, or says what the catalog says already.</summary>
    private static ImportAction ProductAction(Product row, Func<string, Product?> lookup)
    {
        if (lookup(row.Sku) is not { } current) return ImportAction.Add;
        var same = current.Name == row.Name && (current.Description ?? "") == (row.Description ?? "")
            && string.Equals(current.CategoryName, row.CategoryName, StringComparison.OrdinalIgnoreCase) && current.Unit == row.Unit
            && current.PackSize == row.PackSize && current.MinQuantity == row.MinQuantity && current.LeadTimeDays == row.LeadTimeDays
            && current.ListPrice == row.ListPrice && current.IsActive == row.IsActive;
        return same ? ImportAction.Unchanged : ImportAction.Update;
    }

    /// <summary>Whether a price row adds a price, changes one (same account, product, break and start) or repeats it; each account's list read once.</summary>
    private Func<ContractPrice, Task<ImportAction>> PriceActions(CancellationToken ct)
    {
        var lists = new Dictionary<Guid, Dictionary<(Guid, int, DateOnly), ContractPrice>>();
        return async row =>
        {
            if (!lists.TryGetValue(row.AccountId, out var list))
                lists[row.AccountId] = list = (await catalog.ContractPricesOfAccountAsync(row.AccountId, ct))
                    .GroupBy(p => (p.ProductId, p.MinQuantity, p.ValidFrom)).ToDictionary(g => g.Key, g => g.First());
            var current = list.GetValueOrDefault((row.ProductId, row.MinQuantity, row.ValidFrom));
            return current is null ? ImportAction.Add
                : current.UnitPrice == row.UnitPrice && current.ValidTo == row.ValidTo ? ImportAction.Unchanged
                : ImportAction.Update;
        };
    }

    /// <summary>
    /// Applies a previewed file by its token: the file is read from the database (nothing is posted again), checked
    /// again (the catalog may have changed) and applied all or nothing. Null when the token is unknown or a day old.
    /// </summary>
    public async Task<ImportApplied?> ApplyAsync(Guid token, CancellationToken ct = default)
    {
        (string Kind, string Content)? upload;
        await using (var c = await db.OpenAsync(ct))
            upload = await c.QuerySingleOrDefaultAsync<(string Kind, string Content)?>(new CommandDefinition(sql.ImportUpload,
                new { Id = token, After = clock.GetUtcNow().AddDays(-1) }, cancellationToken: ct));
        if (upload is not { } file) return null;
        ImportCounts? counts;
        if (file.Kind == ImportKinds.Prices)
        {
            using var reader = new StringReader(file.Content);
            var rows = new List<ImportRow<ContractPrice>>();
            await foreach (var r in ReadPricesAsync(reader, ct)) rows.Add(r);
            counts = await ApplyPricesCountedAsync(rows, ct);
        }
        else
        {
            using var reader = new StringReader(file.Content);
            counts = await ApplyProductsCountedAsync(ReadProducts(reader).ToList(), ct);
        }
        if (counts is not null)
        {
            await using var c = await db.OpenAsync(ct);
            await c.ExecuteAsync(new CommandDefinition(sql.DeleteImportUpload, new { Id = token }, cancellationToken: ct));
            return new ImportApplied(file.Kind, true, null) { Counts = counts };
        }
        return new ImportApplied(file.Kind, false, await PreviewOfAsync(token, file.Kind, file.Content, ct));
    }

    /// <summary>Applies a product file if every row is good; returns false (and changes nothing) otherwise.</summary>
    public async Task<bool> ApplyProductsAsync(IReadOnlyList<ImportRow<ProductLine>> rows, CancellationToken ct = default) =>
        await ApplyProductsCountedAsync(rows, ct) is not null;

    /// <summary>
    /// Applies a product file if every row is good and says how many products it added, updated and left unchanged (those
    /// rows are not written); null (nothing changed) when any row is bad.
    /// </summary>
    public async Task<ImportCounts?> ApplyProductsCountedAsync(IReadOnlyList<ImportRow<ProductLine>> rows, CancellationToken ct = default)
    {
        if (rows.Count == 0 || rows.Any(r => !r.Ok)) return null;
        var lookup = await catalog.SkuLookupAsync(ct);
        var changed = rows.Where(r => ProductAction(r.Value!.Product, lookup) != ImportAction.Unchanged).ToList();
        var added = changed.Count(r => lookup(r.Value!.Product.Sku) is null);
        if (changed.Count > 0)
        {
            var categories = new Dictionary<string, Guid>(StringComparer.OrdinalIgnoreCase);
            foreach (var name in changed.Select(r => r.Value!.Category).Distinct(StringComparer.OrdinalIgnoreCase))
                categories[name] = (await catalog.EnsureCategoryAsync(name, 0, ct)).Id;
            await catalog.UpsertAsync(changed.Select(r => r.Value!.Product with { CategoryId = categories[r.Value.Category] }), ct);
        }
        return new ImportCounts(added, changed.Count - added, rows.Count - changed.Count);
    }

    /// <summary>Applies a price file if every row is good, replacing rows with the same account, SKU, break and start date.</summary>
    public async Task<bool> ApplyPricesAsync(IReadOnlyList<ImportRow<ContractPrice>> rows, CancellationToken ct = default) =>
        await ApplyPricesCountedAsync(rows, ct) is not null;

    /// <summary>Applies a price file if every row is good and counts what it did; prices it repeats are not written.</summary>
    public async Task<ImportCounts?> ApplyPricesCountedAsync(IReadOnlyList<ImportRow<ContractPrice>> rows, CancellationToken ct = default)
    {
        if (rows.Count == 0 || rows.Any(r => !r.Ok)) return null;
        var actionOf = PriceActions(ct);
        var actions = new List<(ContractPrice Price, ImportAction Action)>();
        foreach (var r in rows) actions.Add((r.Value!, await actionOf(r.Value!)));
        var changed = actions.Where(a => a.Action != ImportAction.Unchanged).Select(a => a.Price).ToList();
        if (changed.Count > 0) await catalog.ReplaceContractPricesAsync(changed, ct);
        return new ImportCounts(actions.Count(a => a.Action == ImportAction.Add), actions.Count(a => a.Action == ImportAction.Update), actions.Count(a => a.Action == ImportAction.Unchanged));
    }

    public async Task ExportProductsAsync(TextWriter writer, CancellationToken ct = default)
    {
        await using var csv = new CsvWriter(writer, CsvFiles.Export, leaveOpen: true);
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
        await using var csv = new CsvWriter(writer, CsvFiles.Export, leaveOpen: true);
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

    /// <summary>The data rows of a CSV file, read as they come; a missing or wrong header is one item with its problem.</summary>
    private static IEnumerable<(int Row, Func<string, string> Get, string? HeaderProblem)> Rows(TextReader reader, string[] header)
    {
        var config = new CsvConfiguration(CultureInfo.InvariantCulture) { PrepareHeaderForMatch = a => a.Header.Trim().ToLowerInvariant(), MissingFieldFound = null, BadDataFound = null, TrimOptions = TrimOptions.Trim };
        using var csv = new CsvReader(reader, config, leaveOpen: true);
        if (!csv.Read() || !csv.ReadHeader())
        {
            yield return (1, _ => "", $"The file is empty; the first line must be the header: {string.Join(",", header)}.");
            yield break;
        }
        var missing = header.Where(h => h is not ("Description" or "Unit" or "Active" or "ValidTo") && !(csv.HeaderRecord ?? []).Any(x => x.Trim().Equals(h, StringComparison.OrdinalIgnoreCase))).ToList();
        if (missing.Count > 0)
        {
            yield return (1, _ => "", $"The header lacks {string.Join(", ", missing)}; it should be: {string.Join(",", header)}.");
            yield break;
        }
        while (csv.Read())
        {
            var fields = header.ToDictionary(h => h, h => csv.TryGetField<string>(h.ToLowerInvariant(), out var v) ? CsvFiles.Unescape(v ?? "") : "", StringComparer.OrdinalIgnoreCase);
            if (fields.Values.All(string.IsNullOrWhiteSpace)) continue;
            yield return (csv.Parser.Row, name => fields[name], null);
        }
    }

    private static int Int(string text, string field, int min, RowProblems problems)
    {
        if (int.TryParse(text.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) && v >= min) return v;
        problems.Add(field, $"{Label(field)} must be a whole number of at least {min} (was \"{text}\").");
        return min;
    }

    private static decimal Dec(string text, string field, RowProblems problems)
    {
        if (decimal.TryParse(text.Trim(), NumberStyles.Number, CultureInfo.InvariantCulture, out var v) && v >= 0)
        {
            // decimal(19,4) would round 1.23456 to 1.2346 without a word: refuse it instead
            if (Money.Problem(v, Label(field)) is { } problem) { problems.Add(field, problem); return 0; }
            return v;
        }
        problems.Add(field, $"{Label(field)} must be an amount such as 4.95 (was \"{text}\").");
        return 0;
    }

    private static DateOnly? Date(string text, string field, bool required, RowProblems problems)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            if (required) problems.Add(field, $"{Label(field)} is required (yyyy-mm-dd).");
            return null;
        }
        if (DateOnly.TryParseExact(text.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)) return d;
        problems.Add(field, $"{Label(field)} must be a date as yyyy-mm-dd (was \"{text}\").");
        return null;
    }
}

public static class ImportKinds
{
    public const string Products = "products";
    public const string Prices = "prices";
}

/// <summary>One listed row of a preview.</summary>
public sealed record ImportPreviewRow(int Row, string Key, bool Ok, IReadOnlyList<string> Problems)
{
    /// <summary>What applying a good row does; null for a bad row.</summary>
    public ImportAction? Action { get; init; }

    /// <summary>Something to look at before applying (a category the catalog does not have yet), or null.</summary>
    public string? Note { get; init; }

    public IReadOnlyList<string> ProblemColumns { get; init; } = [];
}

/// <summary>
/// What a previewed file holds: counts of good and bad rows, the rows listed (the first bad ones, or the first ones of a
/// good file) and how many more there are; the token applies it.
/// </summary>
public sealed record ImportPreview(Guid Token, string Kind, int Good, int Bad, IReadOnlyList<ImportPreviewRow> Listed, int NotListed)
{
    public bool CanApply => Bad == 0 && Good > 0;

    /// <summary>What applying the good rows would do.</summary>
    public ImportCounts Counts { get; init; } = new(0, 0, 0);

    /// <summary>Categories the file names that the catalog does not have: applying creates them.</summary>
    public IReadOnlyList<string> NewCategories { get; init; } = [];

    /// <summary>How many good rows name a category the catalog does not have.</summary>
    public int FlaggedRows { get; init; }
}

/// <summary>The outcome of applying a previewed file: applied, or the new preview that says why not.</summary>
public sealed record ImportApplied(string Kind, bool Applied, ImportPreview? Preview)
{
    /// <summary>What an applied file did.</summary>
    public ImportCounts? Counts { get; init; }
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
