using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Html;

namespace Portal.Web.Infrastructure;

/// <summary>
/// The &lt;option&gt;s of a filter's &lt;select&gt; written as one piece of HTML: each value and label encoded, the chosen one
/// marked <c>selected</c>. A list filter offers every account or person there is, on the desk's busiest pages; written option
/// by option through Razor, each one is half a dozen writes into the view's buffer and an encoding pass at the end.
/// </summary>
public static class Options
{
    public static IHtmlContent For<T>(IEnumerable<T> items, Func<T, string> value, Func<T, string> label, string? selected)
    {
        var html = new StringBuilder();
        var encoder = HtmlEncoder.Default;
        foreach (var item in items)
        {
            var v = value(item);
            html.Append("<option value=\"").Append(encoder.Encode(v)).Append('"');
            if (selected is not null && string.Equals(v, selected, StringComparison.Ordinal)) html.Append(" selected=\"selected\"");
            html.Append('>').Append(encoder.Encode(label(item))).Append("</option>");
        }
        return new HtmlString(html.ToString());
    }
}
