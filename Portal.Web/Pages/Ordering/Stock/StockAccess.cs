using Portal.Data.Replenishment;

namespace Portal.Web.Pages.Ordering.Stock;

/// <summary>Stock levels are kept by buyers and customer admins, for the sites they may order for (their own if limited to one).</summary>
public static class StockAccess
{
    public const string Roles = Portal.Data.Accounts.Roles.Buyer + "," + Portal.Data.Accounts.Roles.CustomerAdmin;

    public static StockViewer StockViewer(this CurrentUser me) => new(me.RequiredAccountId, me.UserId, me.SiteId);

    /// <summary>
    /// The site asked for (it must be one the user may see: null means not found), or when none is asked for, the one they
    /// order for now. <paramref name="notFound"/> is true when a site was asked for and is not theirs.
    /// </summary>
    public static async Task<(Site? Site, IReadOnlyList<Site> Sites, bool NotFound)> ChooseSiteAsync(OrderingContext ordering, Guid? asked, CancellationToken ct)
    {
        var sites = await ordering.SitesAsync(ct);
        if (asked is { } id)
        {
            var site = sites.FirstOrDefault(s => s.Id == id);
            return (site, sites, site is null);
        }
        return (await ordering.CurrentSiteAsync(ct), sites, false);
    }

    public static string Link(Guid siteId, string page = "/stock") => $"{page}?site={siteId}";
}
