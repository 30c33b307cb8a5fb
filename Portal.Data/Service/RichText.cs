using System.Net;
using Ganss.Xss;
using Markdig;

namespace Portal.Data.Service;

/// <summary>
/// The one way user text becomes HTML in the service desk. What people type in the editor (a textarea with markdown-ish
/// buttons: **bold**, *italic*, lists, &gt; quotes, `code`, [links](https://…)), what the API receives and the desk's
/// canned replies are rendered by Markdig (inline HTML passes through to the sanitizer rather than being trusted), then
/// cleaned by HtmlSanitizer with a small allow-list: p, br, strong/b, em/i, ul, ol, li, blockquote, code, pre and a[href]
/// with http, https or mailto only; every link gets rel="noopener noreferrer nofollow" and opens in a new tab. Only the
/// cleaned HTML is stored, and only stored HTML is shown (pages, API, e-mail). Plain text (e-mail bodies we make) goes in
/// as escaped paragraphs through the same sanitizer.
/// </summary>
public static class RichText
{
    /// <summary>The longest message source a person may send (characters).</summary>
    public const int MaxSourceLength = 20_000;

    public const string LinkRel = "noopener noreferrer nofollow";

    private static readonly string[] Schemes = ["http", "https", "mailto"];

    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder()
        .UseSoftlineBreakAsHardlineBreak()
        .UseAutoLinks()
        .Build();

    private static readonly HtmlSanitizer Sanitizer = Build();

    private static HtmlSanitizer Build()
    {
        var sanitizer = new HtmlSanitizer(new HtmlSanitizerOptions
        {
            AllowedTags = new HashSet<string>(["p", "br", "strong", "b", "em", "i", "ul", "ol", "li", "blockquote", "code", "pre", "a"], StringComparer.OrdinalIgnoreCase),
            AllowedAttributes = new HashSet<string>(["href"], StringComparer.OrdinalIgnoreCase),
            AllowedSchemes = new HashSet<string>(Schemes, StringComparer.OrdinalIgnoreCase),
            UriAttributes = new HashSet<string>(["href"], StringComparer.OrdinalIgnoreCase),
            AllowedCssProperties = new HashSet<string>(),
        });
        sanitizer.AllowDataAttributes = false;
        sanitizer.KeepChildNodes = true;
        sanitizer.PostProcessNode += (_, e) =>
        {
            if (e.Node is not AngleSharp.Dom.IElement element || !element.LocalName.Equals("a", StringComparison.OrdinalIgnoreCase)) return;
            var href = element.GetAttribute("href");
            // absolute http(s)/mailto addresses only: relative ones would point into the portal itself
            if (href is null || !Uri.TryCreate(href.Trim(), UriKind.Absolute, out var uri) || !Schemes.Contains(uri.Scheme, StringComparer.OrdinalIgnoreCase))
                element.RemoveAttribute("href");
            else
            {
                element.SetAttribute("rel", LinkRel);
                element.SetAttribute("target", "_blank");
            }
        };
        // the forced attributes survive because the sanitizer has already run over the element when PostProcessNode fires
        return sanitizer;
    }

    /// <summary>Cleans HTML with the allow-list (the last step of every path in).</summary>
    public static string Sanitize(string? html) => string.IsNullOrWhiteSpace(html) ? "" : Sanitizer.Sanitize(html).Trim();

    /// <summary>What a person typed in the editor (markdown-ish text, maybe with HTML) or an API client sent: rendered and cleaned.</summary>
    public static string FromEditor(string? source)
    {
        if (string.IsNullOrWhiteSpace(source)) return "";
        var normalized = source.Replace("\r\n", "\n").Replace('\r', '\n');
        return Sanitize(Markdown.ToHtml(normalized, Pipeline));
    }

    /// <summary>Plain text as escaped paragraphs (blank lines part paragraphs, single line breaks stay), cleaned like the rest.</summary>
    public static string FromPlainText(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return "";
        var paragraphs = text.Replace("\r\n", "\n").Replace('\r', '\n')
            .Split("\n\n", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(p => "<p>" + string.Join("<br>", p.Split('\n').Select(WebUtility.HtmlEncode)) + "</p>");
        return Sanitize(string.Concat(paragraphs));
    }

    /// <summary>Whether the cleaned HTML has any text a reader would see (a message of only removed tags is empty).</summary>
    public static bool HasText(string html) => !string.IsNullOrWhiteSpace(Text(html));

    /// <summary>The text of cleaned HTML, for excerpts and subjects.</summary>
    public static string Text(string html) =>
        WebUtility.HtmlDecode(System.Text.RegularExpressions.Regex.Replace(System.Text.RegularExpressions.Regex.Replace(html, "<[^>]+>", " "), @"\s+", " ")).Trim();
}
