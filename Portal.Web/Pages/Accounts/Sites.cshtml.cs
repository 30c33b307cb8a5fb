namespace Portal.Web.Pages.Accounts;

/// <summary>The ship-to sites of the signed-in user's account.</summary>
public sealed class Sites(CurrentUser me, AccountStore accounts) : PageModel
{
    public IReadOnlyList<Site> List { get; private set; } = [];
    public Guid? MySiteId => me.SiteId;
    public string AccountName => me.AccountName ?? "";

    public async Task OnGetAsync(CancellationToken ct) => List = await accounts.GetSitesAsync(me.RequiredAccountId, ct);
}
