using System.Globalization;
using CsvHelper.Configuration;

namespace Portal.Data.Catalog;

/// <summary>
/// The CSV settings every export uses. A cell that starts with = + - @ tab or carriage return is run as a formula by
/// spreadsheets (CSV injection); CsvHelper's own InjectionOptions.Escape puts a single quote before it, as OWASP advises,
/// so the spreadsheet shows the text. Imports take such a quote off again, so an exported file imports unchanged.
/// </summary>
public static class CsvFiles
{
    public static CsvConfiguration Export => new(CultureInfo.InvariantCulture)
    {
        InjectionOptions = InjectionOptions.Escape,
        InjectionCharacters = ['=', '@', '+', '-', '\t', '\r'],
        InjectionEscapeCharacter = '\'',
    };

    /// <summary>A cell read back from an export: the escaping quote before a formula character is dropped.</summary>
    public static string Unescape(string cell) =>
        cell.Length >= 2 && cell[0] == '\'' && Export.InjectionCharacters.Contains(cell[1]) ? cell[1..] : cell;
}
