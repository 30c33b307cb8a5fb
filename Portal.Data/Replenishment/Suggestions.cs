using Portal.Data.Accounts;
using Portal.Data.Catalog;
using Portal.Data.Ordering;

namespace Portal.Data.Replenishment;

/// <summary>A due item of the buyer's site as the home page and the cart offer it: the rhythm, the product, and the usual
/// quantity made orderable (a multiple of the pack, at least the minimum).</summary>
public sealed record Suggestion(Rhythm Rhythm, Product Product, int Quantity);

/// <summary>
/// Suggestions from buying rhythm for one account's site: its purchases of the last twelve months read in one query, the
/// <see cref="RhythmRule"/> applied in the account's time zone, and left out whatever is already taken care of (on an open
/// order, on an active schedule of the site, in the buyer's cart) or no longer sold.
/// </summary>
public sealed class Suggestions(ConnectionFactory db, SuggestionSql sql, CatalogStore catalog, AccountStore accounts, TimeProvider clock)
{
    public const int MaxShown = 6;

    public RhythmRule Rule { get; init; } = RhythmRule.Default;

    public async Task<IReadOnlyList<Suggestion>> DueAsync(Buyer buyer, int max = MaxShown, CancellationToken ct = default)
    {
        var terms = await accounts.TermsAsync(buyer.AccountId, ct);
        var zone = TimeZoneInfo.FindSystemTimeZoneById(terms.TimeZone);
        var today = terms.Today(clock);
        var since = clock.GetUtcNow().AddDays(-Rule.LookbackDays - 2);
        List<Purchase> purchases;
        HashSet<string> covered;
        await using (var c = await db.OpenAsync(ct))
        {
            var args = new { buyer.AccountId, buyer.SiteId, buyer.UserId, Since = since };
            purchases = (await c.QueryAsync<(DateTimeOffset CreatedUtc, string Sku, int Quantity)>(new CommandDefinition(sql.Purchases, args, cancellationToken: ct)))
                .Select(r => new Purchase(DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(r.CreatedUtc, zone).DateTime), r.Sku, r.Quantity)).ToList();
            if (purchases.Count == 0) return [];
            covered = new HashSet<string>(await c.QueryAsync<string>(new CommandDefinition(sql.Covered, args, cancellationToken: ct)), StringComparer.OrdinalIgnoreCase);
        }
        var due = Rule.Due(purchases, today).Where(r => !covered.Contains(r.Sku)).ToList();
        if (due.Count == 0) return [];
        var products = await catalog.BySkusAsync(due.Select(r => r.Sku), ct);
        return due
            .Select(r => products.TryGetValue(r.Sku, out var p) && p.IsActive
                ? new Suggestion(r, p, Math.Min(QuantityRules.MaxPerLine / Math.Max(1, p.PackSize) * Math.Max(1, p.PackSize), RhythmRule.Orderable(r.UsualQuantity, p.PackSize, p.MinQuantity)))
                : null)
            .OfType<Suggestion>().Take(max).ToList();
    }
}
