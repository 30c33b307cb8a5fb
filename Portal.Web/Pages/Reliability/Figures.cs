using System.Globalization;
using Portal.Data.Reliability;

namespace Portal.Web.Pages.Reliability;

/// <summary>How the reliability pages write a share and a period.</summary>
public static class Figures
{
    private static readonly CultureInfo Culture = CultureInfo.GetCultureInfo("en-GB");

    /// <summary>"93.5 %", or a dash where no line counted.</summary>
    public static string Percent(decimal? share) => share is { } s ? s.ToString("0.#", Culture) + " %" : "–";

    /// <summary>"2 of 3 (66.7 %)": how many of the late lines the customer was told about in advance.</summary>
    public static string Warned(ReliabilitySums s) => s.LateLines == 0 ? "no late lines" : $"{s.WarnedLate} of {s.LateLines} ({Percent(s.Warned)})";

    public static string Week(DateOnly monday) => monday.ToString("d MMM", Culture);
    public static string Month(DateOnly first) => first.ToString("MMM yyyy", Culture);
    public static string ShortMonth(DateOnly first) => first.ToString("MMM", Culture);
}
