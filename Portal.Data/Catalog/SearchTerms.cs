using System.Globalization;
using System.Text;

namespace Portal.Data.Catalog;

/// <summary>
/// The words a product is found by: its SKU, name and description split into lower-case words (accents dropped), and
/// the words of a search the same way, so "Café" finds "cafe".
/// </summary>
public static class SearchTerms
{
    public const int MaxLength = 60;

    public static IReadOnlyList<string> Of(params string?[] texts) => texts
        .SelectMany(Words)
        .Distinct()
        .ToList();

    public static IEnumerable<string> Words(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) yield break;
        var word = new StringBuilder();
        foreach (var ch in text.Normalize(NormalizationForm.FormD))
        {
            if (CharUnicodeInfo.GetUnicodeCategory(ch) == UnicodeCategory.NonSpacingMark) continue;
            if (char.IsLetterOrDigit(ch)) word.Append(char.ToLowerInvariant(ch));
            else if (word.Length > 0) { if (Keep(word)) yield return Cut(word); word.Clear(); }
        }
        if (word.Length > 0 && Keep(word)) yield return Cut(word);
    }

    private static bool Keep(StringBuilder word) => word.Length >= 2 || char.IsDigit(word[0]);
    private static string Cut(StringBuilder word) => word.Length > MaxLength ? word.ToString(0, MaxLength) : word.ToString();
}
