using System.Globalization;
using CsvHelper;
using CsvHelper.Configuration;

namespace Portal.Data.Ordering;

/// <summary>
/// Reads "SKU, quantity" rows typed, pasted from a spreadsheet (tab separated) or uploaded as CSV, with CsvHelper.
/// Bad rows are reported with their row number and the good rows are kept.
/// </summary>
public static class QuickOrder
{
    public const int MaxRows = 500;

    public static QuickOrderResult Parse(string? text)
    {
        var lines = new List<(int, string, int)>();
        var problems = new List<(int, string, string)>();
        if (string.IsNullOrWhiteSpace(text)) return new(lines, problems);

        var row = 0;
        foreach (var rawLine in text.Replace("\r\n", "\n").Split('\n'))
        {
            row++;
            var fields = Fields(rawLine);
            if (fields.Count == 0) continue;
            var raw = string.Join(" ", fields);
            if (row > MaxRows)
            {
                problems.Add((row, raw, $"Only the first {MaxRows} rows are read at once."));
                break;
            }
            if (lines.Count == 0 && problems.Count == 0 && fields.Count >= 2 && !int.TryParse(fields[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out _) && IsHeader(fields))
                continue;
            if (fields.Count < 2)
            {
                problems.Add((row, raw, "Give a SKU and a quantity on each line."));
                continue;
            }
            if (fields[1].All(char.IsAsciiDigit) && !int.TryParse(fields[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out _))
            {
                problems.Add((row, raw, $"\"{fields[1]}\" is more than the {Catalog.QuantityRules.MaxPerLineText} units a line can hold."));
                continue;
            }
            if (!int.TryParse(fields[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out var quantity) || quantity <= 0)
            {
                problems.Add((row, raw, $"\"{fields[1]}\" is not a whole quantity of at least 1."));
                continue;
            }
            lines.Add((row, fields[0], quantity));
        }
        return new(lines, problems);
    }

    /// <summary>
    /// The fields of one line, split by what the line uses: a tab (pasted from a spreadsheet), a comma or semicolon (CSV, read
    /// with CsvHelper so quoted fields work), or spaces (typed by hand).
    /// </summary>
    private static List<string> Fields(string line)
    {
        if (string.IsNullOrWhiteSpace(line)) return [];
        var delimiter = line.Contains('\t') ? "\t" : line.Contains(',') ? "," : line.Contains(';') ? ";" : null;
        if (delimiter is null) return [.. line.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];
        var config = new CsvConfiguration(CultureInfo.InvariantCulture)
        {
            Delimiter = delimiter, HasHeaderRecord = false, BadDataFound = null, MissingFieldFound = null, TrimOptions = TrimOptions.Trim,
        };
        using var reader = new StringReader(line);
        using var csv = new CsvReader(reader, config);
        if (!csv.Read()) return [];
        return Enumerable.Range(0, csv.Parser.Count).Select(i => csv.GetField(i)?.Trim() ?? "").Where(f => f.Length > 0).ToList();
    }

    private static bool IsHeader(List<string> fields) =>
        fields[0].Contains("sku", StringComparison.OrdinalIgnoreCase) || fields[0].Contains("code", StringComparison.OrdinalIgnoreCase)
        || fields[1].Contains("qty", StringComparison.OrdinalIgnoreCase) || fields[1].Contains("quantity", StringComparison.OrdinalIgnoreCase);
}
