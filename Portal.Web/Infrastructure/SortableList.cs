using System.Net;
using Microsoft.AspNetCore.Html;

namespace Portal.Web.Infrastructure;

/// <summary>
/// The sort of a list page, read from the query string (<c>sort</c>, <c>dir</c>) against the columns of
/// <typeparamref name="TSort"/> only: anything else (a crafted value) is the default column. Renders the column headers as
/// links that sort by that column (again: the other direction), with <c>aria-sort</c> on the sorted one.
/// </summary>
public sealed record SortableList<TSort>(TSort Sort, bool Descending, string? Search) where TSort : struct, Enum
{
    public static SortableList<TSort> From(string? sort, string? dir, string? search, TSort fallback)
    {
        // names only: Enum.TryParse would also take "3" or "Name,Sku"
        var column = Enum.GetValues<TSort>().Select(v => (TSort?)v).FirstOrDefault(v => string.Equals(v.ToString(), sort?.Trim(), StringComparison.OrdinalIgnoreCase));
        return new SortableList<TSort>(column ?? fallback, column is not null && string.Equals(dir, "desc", StringComparison.OrdinalIgnoreCase), search);
    }

    /// <summary>The link to a page of the list as it is sorted and searched now.</summary>
    public string PageHref(int page) => Href(Sort, Descending, page);

    private string Href(TSort sort, bool descending, int page)
    {
        var parts = new List<string>();
        if (!string.IsNullOrWhiteSpace(Search)) parts.Add("q=" + Uri.EscapeDataString(Search.Trim()));
        parts.Add("sort=" + sort.ToString().ToLowerInvariant());
        if (descending) parts.Add("dir=desc");
        if (page > 1) parts.Add("p=" + page);
        return "?" + string.Join("&", parts);
    }

    /// <summary>A <c>&lt;th&gt;</c> whose link sorts by <paramref name="column"/> (ascending first; the sorted column's link reverses it).</summary>
    public IHtmlContent Header(string label, TSort column, string? cssClass = null)
    {
        var sorted = EqualityComparer<TSort>.Default.Equals(column, Sort);
        var nextDescending = sorted && !Descending;
        var ariaSort = sorted ? $" aria-sort=\"{(Descending ? "descending" : "ascending")}\"" : "";
        var arrow = sorted ? $"<span aria-hidden=\"true\">{(Descending ? " ▼" : " ▲")}</span>" : "";
        var hint = $"<span class=\"visually-hidden\"> (sort {(nextDescending ? "descending" : "ascending")})</span>";
        var css = cssClass is null ? "" : $" class=\"{WebUtility.HtmlEncode(cssClass)}\"";
        return new HtmlString($"<th scope=\"col\"{css}{ariaSort}><a href=\"{WebUtility.HtmlEncode(Href(column, nextDescending, 1))}\" data-sort=\"{column.ToString().ToLowerInvariant()}\">{WebUtility.HtmlEncode(label)}{arrow}{hint}</a></th>");
    }
}
