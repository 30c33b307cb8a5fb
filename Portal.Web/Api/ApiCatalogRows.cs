using System.Globalization;
using System.Text.RegularExpressions;
using CsvHelper;
using Portal.Data.Catalog;

namespace Portal.Web.Api;

/// <summary>
/// The API's product and price upserts go through the CSV import itself (<see cref="CatalogImport"/>): the request's rows
/// are written as the import's CSV (with CsvHelper, so quoting is right) and parsed, checked and applied by the very code
/// that serves the import page. One set of rules: SKUs in capitals, the same limits and messages, prices replaced by
/// account, SKU, quantity break and start date, all or nothing.
/// </summary>
public static partial class ApiCatalogRows
{
    public static string Products(IReadOnlyList<ProductUpsert> products) => Csv(CatalogImport.ProductHeader, products.Select(p => new object?[]
    {
        p.Sku, p.Name, p.Description, p.Category, p.Unit, p.PackSize, p.MinimumQuantity, p.LeadTimeDays, p.ListPrice, p.Active ? "true" : "false",
    }));

    public static string Prices(IReadOnlyList<PriceUpsert> prices) => Csv(CatalogImport.PriceHeader, prices.Select(p => new object?[]
    {
        p.AccountName, p.Sku, p.MinimumQuantity, p.UnitPrice, p.ValidFrom?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), p.ValidTo?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
    }));

    /// <summary>The import's problems keyed by the request's element ("[3]"), named with the request's field names.</summary>
    public static Dictionary<string, string[]> Errors<T>(IReadOnlyList<ImportRow<T>> rows)
    {
        var errors = new Dictionary<string, string[]>();
        for (var i = 0; i < rows.Count; i++)
            if (!rows[i].Ok) errors[$"[{i}]"] = rows[i].Problems.Select(Rename).ToArray();
        return errors;
    }

    private static string Csv(string[] header, IEnumerable<object?[]> rows)
    {
        using var writer = new StringWriter(CultureInfo.InvariantCulture);
        using (var csv = new CsvWriter(writer, CultureInfo.InvariantCulture))
        {
            foreach (var h in header) csv.WriteField(h);
            csv.NextRecord();
            foreach (var row in rows)
            {
                foreach (var field in row) csv.WriteField(field is IFormattable f ? f.ToString(null, CultureInfo.InvariantCulture) : field?.ToString() ?? "");
                csv.NextRecord();
            }
        }
        return writer.ToString();
    }

    // the import names its columns as people know them ("Minimum quantity"); the API names the request's fields
    private static string Rename(string problem) => ImportName().Replace(problem.Replace("in the file", "in the request", StringComparison.Ordinal), m => m.Value switch
    {
        "SKU" => "sku",
        "Pack size" => "packSize",
        "Minimum quantity" => "minimumQuantity",
        "Lead time" => "leadTimeDays",
        "List price" => "listPrice",
        "Unit price" => "unitPrice",
        "Valid from" => "validFrom",
        "Valid to" => "validTo",
        "Account" => "accountName",
        var name => char.ToLowerInvariant(name[0]) + name[1..],
    });

    [GeneratedRegex(@"^SKU\b|\b(Name|Category|Description|Unit price|Unit|Pack size|Minimum quantity|Lead time|List price|Active|Valid from|Valid to|Account)\b")]
    private static partial Regex ImportName();
}
