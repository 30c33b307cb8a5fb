namespace Portal.Data;

/// <summary>
/// The checks every stored text passes: not longer than its <see cref="TextLimits"/> entry, and free of control
/// characters (C0 U+0000–U+001F, DEL U+007F and C1 U+0080–U+009F), which no keyboard types and which break CSV exports,
/// e-mail headers and other systems that read the data. Multi-line notes may hold tabs and line breaks.
/// </summary>
public static class TextRules
{
    public static bool IsControl(char c, bool multiLine) =>
        (c < 0x20 || c is >= '\u007F' and <= '\u009F') && !(multiLine && c is '\t' or '\r' or '\n');

    public static bool HasControlCharacters(string? text, bool multiLine = false)
    {
        if (string.IsNullOrEmpty(text)) return false;
        foreach (var c in text)
            if (IsControl(c, multiLine)) return true;
        return false;
    }

    /// <summary>Why a text cannot be stored, in words; null when it can. <paramref name="what"/> starts the sentence ("The name").</summary>
    public static string? Problem(string? text, string what, int limit, bool multiLine = false)
    {
        if (text is null) return null;
        if (text.Length > limit) return TextLimits.TooLong(what, limit);
        if (HasControlCharacters(text, multiLine))
            return multiLine
                ? $"{what} contains control characters; use only letters, digits, punctuation, tabs and line breaks."
                : $"{what} contains control characters (such as tabs or line breaks); use only letters, digits and punctuation.";
        return null;
    }

    /// <summary>Adds the length and control-character problem of one field, if it has one and the field has no error yet.</summary>
    public static FieldErrors Text(this FieldErrors errors, string field, string? text, string what, int limit, bool multiLine = false)
    {
        var problem = Problem(text, what, limit, multiLine);
        return errors.Add(problem is not null, field, problem ?? "");
    }
}
