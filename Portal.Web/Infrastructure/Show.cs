using System.Globalization;
using Microsoft.AspNetCore.Html;

namespace Portal.Web.Infrastructure;

/// <summary>
/// The one way the portal shows money, dates and times, so every page reads alike: amounts carry the supplier's currency
/// (<c>Portal:Currency</c>, an ISO 4217 code, GBP by default), dates read "Tue 3 Mar 2026", times are converted to the
/// account's zone and read "Tue 3 Mar 2026 14:05", and where people of several zones look at one page (the order desk)
/// the zone is named. Inject it in a page as <c>@inject Show Show</c> (it is in <c>_ViewImports</c>).
/// </summary>
public sealed class Show
{
    public const string DateFormat = "ddd d MMM yyyy";
    public const string TimeFormat = "ddd d MMM yyyy HH:mm";
    private static readonly CultureInfo Culture = CultureInfo.GetCultureInfo("en-GB");

    public Show(IConfiguration configuration)
    {
        CurrencyCode = (configuration["Portal:Currency"] ?? "GBP").Trim().ToUpperInvariant();
        if (CurrencyCode.Length != 3 || !CurrencyCode.All(char.IsAsciiLetterUpper))
            throw new InvalidOperationException($"Portal:Currency must be an ISO 4217 code such as GBP or EUR, not '{CurrencyCode}'.");
        CurrencySymbol = SymbolOf(CurrencyCode);
    }

    /// <summary>ISO 4217 code of the supplier's currency (GBP).</summary>
    public string CurrencyCode { get; }

    /// <summary>The symbol people know (£), or the code when the currency has no unambiguous one.</summary>
    public string CurrencySymbol { get; }

    /// <summary>"£1,234.50"; negative amounts "-£12.00".</summary>
    public string Money(decimal amount)
    {
        var digits = Math.Abs(amount).ToString("#,##0.00", CultureInfo.InvariantCulture);
        var sign = amount < 0 ? "-" : "";
        return CurrencySymbol.Length == 3 ? $"{sign}{CurrencySymbol} {digits}" : $"{sign}{CurrencySymbol}{digits}";
    }

    public string Money(decimal? amount, string none) => amount is { } a ? Money(a) : none;

    /// <summary>"Tue 3 Mar 2026".</summary>
    public string Date(DateOnly date) => date.ToString(DateFormat, Culture);

    public string Date(DateOnly? date, string none) => date is { } d ? Date(d) : none;

    /// <summary>A UTC instant in the given zone: "Tue 3 Mar 2026 14:05".</summary>
    public string Time(DateTime utc, TimeZoneInfo zone) => Local(utc, zone).ToString(TimeFormat, Culture);

    /// <summary>A UTC instant in the given zone with the zone named: "Tue 3 Mar 2026 14:05 Europe/London".</summary>
    public string TimeInZone(DateTime utc, TimeZoneInfo zone) => $"{Time(utc, zone)} {zone.Id}";

    /// <summary>The instant as a <c>&lt;time&gt;</c> element: readable text, machine-readable <c>datetime</c>.</summary>
    public IHtmlContent TimeTag(DateTime utc, TimeZoneInfo zone, bool nameZone = false) =>
        new HtmlString($"<time datetime=\"{DateTime.SpecifyKind(utc, DateTimeKind.Utc):yyyy-MM-ddTHH:mm:ssZ}\">{System.Net.WebUtility.HtmlEncode(nameZone ? TimeInZone(utc, zone) : Time(utc, zone))}</time>");

    /// <summary>A date as a <c>&lt;time&gt;</c> element.</summary>
    public IHtmlContent DateTag(DateOnly date) =>
        new HtmlString($"<time datetime=\"{date:yyyy-MM-dd}\">{System.Net.WebUtility.HtmlEncode(Date(date))}</time>");

    /// <summary>How long ago, in words a queue can be sorted by at a glance: "35 min", "5 h", "3 days".</summary>
    public static string Age(TimeSpan age) => age.TotalMinutes < 60 ? $"{Math.Max(0, (int)age.TotalMinutes)} min"
        : age.TotalHours < 48 ? $"{(int)age.TotalHours} h"
        : $"{(int)age.TotalDays} days";

    private static DateTime Local(DateTime utc, TimeZoneInfo zone) =>
        TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), zone);

    /// <summary>The symbol most regions using the currency write (£, €, $) from .NET's region data; else the code.</summary>
    private static string SymbolOf(string code) =>
        CultureInfo.GetCultures(CultureTypes.SpecificCultures)
            .Select(c => { try { return new RegionInfo(c.Name); } catch (ArgumentException) { return null; } })
            .Where(r => r is not null && r.ISOCurrencySymbol == code)
            .GroupBy(r => r!.CurrencySymbol)
            .OrderByDescending(g => g.Count())
            .Select(g => g.Key)
            .FirstOrDefault() ?? code;
}
