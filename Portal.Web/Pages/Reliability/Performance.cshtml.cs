using Portal.Data.Reliability;

namespace Portal.Web.Pages.Reliability;

/// <summary>
/// The customer's Delivery performance: the account's own figures over the last 13 weeks and 12 months, with a trend chart,
/// and its late and short lines with their reasons, each linking to its order. Reads the roll-ups only, with the
/// signed-in account.
/// </summary>
public sealed class Performance(CurrentUser me, ReliabilityStore store) : PageModel
{
    public AccountReliability Figures { get; private set; } = null!;

    public async Task OnGetAsync(CancellationToken ct) => Figures = await store.AccountAsync(me.RequiredAccountId, ct);
}
