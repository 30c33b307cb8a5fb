using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;
using Portal.Data.Ordering;

namespace Portal.Data.Replenishment;

/// <summary>
/// The stock-rule step of a replenishment run. One set-based read finds, across accounts, the rules whose latest count is
/// at or below the minimum, not yet used by an order, with something left to order (maximum − on hand − on order); their
/// quantities are rounded up to packs and the minimum order quantity; all due rules of one site go on ONE order. Exactly
/// once: the site's trigger (the counts that made it due) is claimed by inserting a row with a unique key (site, trigger
/// key), and each count by a row with a unique count id, in one transaction BEFORE the order is placed; the order's
/// idempotency key is the trigger key. Two runs at once: one claim wins, the other leaves the site alone. A run that stops
/// after claiming: the next run after the claim runs out takes it over and places the same lines with the same key, so the
/// placement core answers with the first order if there was one.
/// The order is placed on behalf of the user who made (or last changed) a due rule of the site and can still order for it —
/// the rule is their standing instruction, as a schedule's owner's is; the person counting may have no right to order.
/// </summary>
public sealed class StockRun(ConnectionFactory db, StockSql sql, OrderPlacement placement, TimeProvider clock, ILogger<StockRun> logger)
{
    public static readonly TimeSpan ClaimFor = ReplenishmentRun.ClaimFor;

    public static string ScopeOf(Guid siteId) => $"stock:{siteId:N}";

    /// <summary>The same counts always give the same key: a hash of their ids.</summary>
    public static string TriggerKeyOf(IEnumerable<Guid> countIds) =>
        "counts:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.ASCII.GetBytes(string.Join(",", countIds.Select(i => i.ToString("N")).Order(StringComparer.Ordinal)))))[..40];

    public async Task<RunSummary> RunAsync(CancellationToken ct = default)
    {
        var summary = RunSummary.None;
        var now = clock.GetUtcNow();
        List<Guid> stale;
        List<StockLevel> due;
        await using (var c = await db.OpenAsync(ct))
        {
            stale = (await c.QueryAsync<Guid>(new CommandDefinition(sql.StaleClaimsForRun, new { Now = now, Skip = 0, Take = 1000 }, cancellationToken: ct))).ToList();
            due = (await c.QueryAsync<StockLevel>(new CommandDefinition(sql.DueForRun, cancellationToken: ct))).ToList();
        }
        foreach (var id in stale)
        {
            ct.ThrowIfCancellationRequested();
            await using var c = await db.OpenAsync(ct);
            if (await c.ExecuteAsync(new CommandDefinition(sql.TakeOverStockClaim, new { Id = id, ClaimedUntilUtc = now + ClaimFor, Now = now }, cancellationToken: ct)) == 1)
                summary = summary.Plus(await PlaceAsync(id, ct));
        }
        foreach (var site in due.GroupBy(l => (l.AccountId, l.SiteId)))
        {
            ct.ThrowIfCancellationRequested();
            summary = summary.Plus(await RunSiteAsync(site.ToList(), ct));
        }
        return summary;
    }

    /// <summary>Claims and orders what is due at one site; safe to call from several runs at once.</summary>
    private async Task<RunSummary> RunSiteAsync(IReadOnlyList<StockLevel> lines, CancellationToken ct)
    {
        var first = lines[0];
        var now = clock.GetUtcNow();
        var key = TriggerKeyOf(lines.Select(l => l.CountId!.Value));
        // the maker of the earliest due rule who can still order for the site
        var placer = lines.OrderBy(l => l.RuleCreatedUtc).ThenBy(l => l.Sku)
            .FirstOrDefault(l => !l.OwnerIsDisabled && (l.OwnerSiteId is null || l.OwnerSiteId == l.SiteId))?.OwnerUserId;
        var claimId = Guid.NewGuid();
        await using (var c = await db.OpenAsync(ct))
        {
            await using var tx = await db.BeginWriteAsync(c, ct);
            var claimed = await c.ExecuteAsync(new CommandDefinition(sql.ClaimStockOrder, new
            {
                first.SiteId, TriggerKey = key, Id = claimId, first.AccountId, PlacerUserId = placer, Outcome = StockOrderOutcome.Claimed,
                Reason = (string?)null, ClaimedUntilUtc = now + ClaimFor, Now = now,
            }, tx, cancellationToken: ct)) == 1;
            if (!claimed) return RunSummary.None; // another run has these counts (placing, placed or failed)
            foreach (var l in lines)
            {
                var quantity = StockMath.OrderQuantity(l.MaxLevel, l.CountedOnHand!.Value, l.Pipeline, l.PackSize, l.MinQuantity);
                var tied = await c.ExecuteAsync(new CommandDefinition(sql.ClaimCount, new
                {
                    CountId = l.CountId!.Value, StockOrderId = claimId, l.ProductId, OnHand = l.CountedOnHand!.Value, OnOrder = l.Pipeline, Quantity = quantity,
                }, tx, cancellationToken: ct));
                if (tied == 0)
                {
                    // another run claimed a different set holding this count (a count came in between): leave the site to the next run
                    await tx.RollbackAsync(ct);
                    return RunSummary.None;
                }
            }
            await tx.CommitAsync(ct);
        }
        return await PlaceAsync(claimId, ct);
    }

    /// <summary>Places the order of a claim held by this run and records the outcome.</summary>
    private async Task<RunSummary> PlaceAsync(Guid claimId, CancellationToken ct)
    {
        ClaimRow claim;
        List<ClaimLine> lines;
        SiteRow? site;
        await using (var c = await db.OpenAsync(ct))
        {
            claim = await c.QuerySingleAsync<ClaimRow>(new CommandDefinition(sql.StockOrderForRun, new { Id = claimId }, cancellationToken: ct));
            lines = (await c.QueryAsync<ClaimLine>(new CommandDefinition(sql.StockOrderLinesForRun, new { Id = claimId }, cancellationToken: ct))).ToList();
            site = await c.QuerySingleOrDefaultAsync<SiteRow>(new CommandDefinition(sql.SiteForRun, new { claim.SiteId, claim.AccountId }, cancellationToken: ct));
        }
        var siteName = site?.SiteName ?? "the site";
        RunProblem Problem(string reason) => new(RunProblem.StockRule, claim.AccountId, site?.AccountName ?? "", siteName, claim.SiteId, reason);

        var left = lines.Where(l => l.IsActive && l.Quantity > 0).ToList();
        var dropped = lines.Where(l => !l.IsActive).ToList();
        var droppedNote = dropped.Count == 0 ? null : $"Left out, no longer sold: {string.Join(", ", dropped.Select(d => $"{d.Sku} {d.Name}"))}.";
        var stop = claim.PlacerUserId is null ? $"Nobody who made the stock rules of {siteName} can still order for it (disabled, or limited to another site); change a rule to take it over."
            : left.Count == 0 ? droppedNote ?? "Nothing left to order."
            : null;
        if (stop is not null)
        {
            await CompleteAsync(claimId, StockOrderOutcome.Failed, null, stop, ct);
            return RunSummary.None with { Failed = 1, Problems = [Problem(stop)] };
        }

        var now = clock.GetUtcNow();
        var draft = new OrderDraft
        {
            SiteId = claim.SiteId,
            Lines = left.Select(l => new DraftLine(l.ProductId, l.Quantity)).ToList(),
            RequestedDeliveryDate = DeliveryDates.Earliest(now, site?.TimeZone ?? "UTC", left.Max(l => l.LeadTimeDays)),
            Notes = TextLimits.Cut($"Placed by stock rules of {siteName}: " + string.Join("; ", left.Select(l => $"{l.Sku} counted {l.OnHand}, {l.OnOrder} on order")) + ".", TextLimits.Orders.Notes),
            IdempotencyScope = ScopeOf(claim.SiteId),
            IdempotencyKey = claim.TriggerKey,
            Source = OrderSource.StockRule,
        };
        Placement placed;
        try
        {
            placed = await placement.PlaceAsync(new Placer(claim.AccountId, claim.PlacerUserId!.Value), draft, ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // the claim stays: the next run after it runs out tries again with the same idempotency key
            logger.LogError(ex, "Placing the stock-rule order of site {SiteId} ({TriggerKey}) failed", claim.SiteId, claim.TriggerKey);
            return RunSummary.None with { Failed = 1, Problems = [Problem("The order could not be placed because of an error on our side; the next run tries again. " + ex.Message)] };
        }
        if (placed.Order is { } order)
        {
            await CompleteAsync(claimId, StockOrderOutcome.Placed, order, droppedNote, ct);
            return RunSummary.None with { Placed = 1 };
        }
        var why = "The order could not be placed: " + string.Join(" ", placed.Errors.Values.Distinct());
        await CompleteAsync(claimId, StockOrderOutcome.Failed, null, why, ct);
        return RunSummary.None with { Failed = 1, Problems = [Problem(why)] };
    }

    private async Task CompleteAsync(Guid claimId, string outcome, Order? order, string? reason, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        await c.ExecuteAsync(new CommandDefinition(sql.CompleteStockOrder, new
        {
            Id = claimId, Outcome = outcome, OrderId = order?.Id, OrderNumber = order?.Number,
            Reason = reason is null ? null : TextLimits.Cut(reason, TextLimits.StockOrders.Reason), Now = clock.GetUtcNow(),
        }, cancellationToken: ct));
    }

    private sealed record ClaimRow
    {
        public Guid Id { get; init; }
        public Guid AccountId { get; init; }
        public Guid SiteId { get; init; }
        public string TriggerKey { get; init; } = "";
        public Guid? PlacerUserId { get; init; }
        public string Outcome { get; init; } = "";
    }

    private sealed record ClaimLine
    {
        public Guid ProductId { get; init; }
        public string Sku { get; init; } = "";
        public string Name { get; init; } = "";
        public bool IsActive { get; init; }
        public int LeadTimeDays { get; init; }
        public int OnHand { get; init; }
        public int OnOrder { get; init; }
        public int Quantity { get; init; }
    }

    private sealed record SiteRow
    {
        public string SiteName { get; init; } = "";
        public bool SiteIsActive { get; init; }
        public string AccountName { get; init; } = "";
        public string TimeZone { get; init; } = "UTC";
        public bool AccountIsActive { get; init; }
    }
}
