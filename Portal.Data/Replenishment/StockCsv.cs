using System.Globalization;
using CsvHelper;
using CsvHelper.Configuration;
using Portal.Data.Catalog;

namespace Portal.Data.Replenishment;

/// <summary>One data row of a counts file: its line in the file and what it says.</summary>
public sealed record CsvCountRow(int Line, CountInput Count);

/// <summary>
/// Reads a CSV file of counts (header <c>sku,onHand</c>, in any case and order, other columns ignored) with CsvHelper,
/// which handles quoting, separators inside quotes and a byte-order mark; the values are checked by
/// <see cref="StockLevels.RecordCountsAsync"/> like any other counts.
/// </summary>
public static class StockCsv
{
    public const string Header = "sku,onHand";
    public const long MaxBytes = 1024 * 1024;

    /// <returns>The rows, or the problem with the file as a whole (empty, wrong header, too many rows).</returns>
    public static (IReadOnlyList<CsvCountRow> Rows, string? Problem) Read(TextReader reader)
    {
        var config = new CsvConfiguration(CultureInfo.InvariantCulture)
        {
            PrepareHeaderForMatch = a => a.Header.Trim().ToLowerInvariant(), MissingFieldFound = null, BadDataFound = null, TrimOptions = TrimOptions.Trim,
            DetectDelimiter = true,
        };
        using var csv = new CsvReader(reader, config, leaveOpen: true);
        if (!csv.Read() || !csv.ReadHeader())
            return ([], $"The file is empty; its first line must be the header {Header}.");
        var header = (csv.HeaderRecord ?? []).Select(h => h.Trim().ToLowerInvariant()).ToList();
        var missing = new[] { "sku", "onhand" }.Where(h => !header.Contains(h)).ToList();
        if (missing.Count > 0)
            return ([], $"The first line must be the header {Header}; it lacks {string.Join(" and ", missing.Select(m => m == "onhand" ? "onHand" : m))}.");
        var rows = new List<CsvCountRow>();
        while (csv.Read())
        {
            var sku = csv.TryGetField<string>("sku", out var s) ? CsvFiles.Unescape(s ?? "") : "";
            var onHand = csv.TryGetField<string>("onhand", out var o) ? CsvFiles.Unescape(o ?? "") : "";
            if (string.IsNullOrWhiteSpace(sku) && string.IsNullOrWhiteSpace(onHand)) continue;
            if (rows.Count == StockLevels.MaxCountsPerRequest)
                return ([], $"The file has more than {StockLevels.MaxCountsPerRequest} counts; split it.");
            rows.Add(new CsvCountRow(csv.Parser.RawRow, new CountInput(sku, onHand)));
        }
        return rows.Count == 0 ? ([], "The file has a header but no counts.") : (rows, null);
    }
}
