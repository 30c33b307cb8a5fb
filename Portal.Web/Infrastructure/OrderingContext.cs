using Portal.Data.Ordering;

namespace Portal.Web.Infrastructure;

/// <summary>
/// Where the signed-in buyer orders for: the sites they may order for (their own site if they are limited to one, else all
/// of the account's), and the one they chose last (a cookie, checked against that list on every request).
/// </summary>
public sealed class OrderingContext(CurrentUser me, AccountStore accounts, IHttpContextAccessor http)
{
    public const string SiteCookie = "portal.site";
    private IReadOnlyList<Site>? _sites;

    public async Task<IReadOnlyList<Site>> SitesAsync(CancellationToken ct = default)
    {
        if (_sites is not null) return _sites;
        var all = await accounts.GetSitesAsync(me.RequiredAccountId, ct);
        _sites = me.SiteId is { } own ? all.Where(s => s.Id == own).ToList() : all.Where(s => s.IsActive).ToList();
        return _sites;
    }

    public async Task<Site?> CurrentSiteAsync(CancellationToken ct = default)
    {
        var sites = await SitesAsync(ct);
        var chosen = http.HttpContext?.Request.Cookies[SiteCookie];
        return sites.FirstOrDefault(s => s.Id.ToString() == chosen) ?? sites.FirstOrDefault();
    }

    /// <returns>false when the site is not one the user may order for.</returns>
    public async Task<bool> ChooseSiteAsync(Guid siteId, CancellationToken ct = default)
    {
        if ((await SitesAsync(ct)).All(s => s.Id != siteId)) return false;
        http.HttpContext!.Response.Cookies.Append(SiteCookie, siteId.ToString(), new CookieOptions { HttpOnly = true, SameSite = SameSiteMode.Lax, IsEssential = true });
        return true;
    }

    public async Task<Buyer?> BuyerAsync(CancellationToken ct = default) =>
        await CurrentSiteAsync(ct) is { } site ? new Buyer(me.RequiredAccountId, me.UserId, site.Id) : null;
}
