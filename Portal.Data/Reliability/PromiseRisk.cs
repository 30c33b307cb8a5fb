using System.Net;
using Portal.Data.Mail;
using Portal.Data.Ordering;

namespace Portal.Data.Reliability;

/// <summary>
/// Promises at risk: a confirmed line cannot meet its promise as things stand when what is promised is not all shipped
/// while the ship-by day (the promised date less the site's transit days, in business days; one by default) is today or
/// past, in the account's zone. The job flags each promise once (a unique key per promise: running twice, or on two
/// workers, makes one flag and one message to the buyer); a re-promise is a new promise, so it clears the flag, and a
/// flag whose promise is shipped or no longer in force is cleared by the next run.
/// </summary>
public sealed class PromiseRisk(ConnectionFactory db, ReliabilitySql sql, MailOutbox mail, TimeProvider clock)
{
    public const int DefaultTransitDays = 1;
    public const int MaxTransitDays = 30;

    /// <summary>The last day a line can leave and still arrive by the promised date: <paramref name="transitDays"/> business days before it.</summary>
    public static DateOnly ShipBy(DateOnly promised, int transitDays)
    {
        var date = promised;
        for (var left = Math.Max(0, transitDays); left > 0; left--)
        {
            do date = date.AddDays(-1);
            while (!DeliveryDates.IsBusinessDay(date));
        }
        return date;
    }

    public static bool IsAtRisk(DateOnly promised, int quantity, int shipped, int transitDays, DateOnly today) =>
        shipped < quantity && ShipBy(promised, transitDays) <= today;

    public async Task<RiskSummary> RunAsync(CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        List<Candidate> atRisk;
        HashSet<Guid> open;
        await using (var c = await db.OpenAsync(ct))
        {
            var candidates = await c.QueryAsync<Candidate>(new CommandDefinition(sql.RiskCandidates, cancellationToken: ct));
            var todays = new Dictionary<string, DateOnly>();
            atRisk = candidates.Where(x =>
            {
                if (!todays.TryGetValue(x.TimeZone, out var today))
                    todays[x.TimeZone] = today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now,
                        TimeZoneInfo.TryFindSystemTimeZoneById(x.TimeZone, out var zone) ? zone : TimeZoneInfo.Utc).DateTime);
                return IsAtRisk(x.PromisedDate, x.Quantity, x.Shipped, x.TransitDays ?? DefaultTransitDays, today);
            }).ToList();
            var stillAtRisk = atRisk.Select(a => a.PromiseId).ToHashSet();
            open = (await c.QueryAsync<(Guid Id, Guid PromiseId)>(new CommandDefinition(sql.OpenRisks, cancellationToken: ct)))
                .Where(r => !stillAtRisk.Contains(r.PromiseId)).Select(r => r.Id).ToHashSet();
        }

        var flagged = 0;
        foreach (var line in atRisk)
        {
            await using var c = await db.OpenAsync(ct);
            await using var tx = await db.BeginWriteAsync(c, ct);
            var shipBy = ShipBy(line.PromisedDate, line.TransitDays ?? DefaultTransitDays);
            var inserted = await c.ExecuteAsync(new CommandDefinition(sql.InsertRisk, new
            {
                Id = Guid.NewGuid(), line.PromiseId, line.OrderId, line.LineNumber, line.AccountId, line.PromisedDate, line.Quantity, line.Shipped, ShipBy = shipBy, FlaggedUtc = now,
            }, tx, cancellationToken: ct));
            Guid? message = null;
            if (inserted > 0 && await c.QuerySingleOrDefaultAsync<string>(new CommandDefinition(sql.BuyerEmail, new { UserId = line.PlacedByUserId }, tx, cancellationToken: ct)) is { Length: > 0 } email)
            {
                var left = line.Quantity - line.Shipped;
                message = await mail.QueueAsync(c, tx, email, TextLimits.Cut($"Order {line.OrderNumber}: line {line.LineNumber} may arrive after its promised date", TextLimits.MailOutbox.Subject),
                    $"<p>Line {line.LineNumber} of order <strong>{WebUtility.HtmlEncode(line.OrderNumber)}</strong> ({WebUtility.HtmlEncode(line.Sku)} {WebUtility.HtmlEncode(line.ProductName)}) " +
                    $"is promised for {line.PromisedDate:ddd d MMM yyyy}, and {left} of {line.Quantity} {(left == 1 ? "has" : "have")} not left our warehouse yet.</p>" +
                    "<p>We are telling you now rather than after the date. We will confirm a new date as soon as we have one.</p>", ct);
            }
            await tx.CommitAsync(ct);
            if (inserted > 0) flagged++;
            if (message is { } id) mail.Wake(id);
        }

        if (open.Count > 0)
        {
            await using var c = await db.OpenAsync(ct);
            await c.ExecuteAsync(new CommandDefinition(sql.ClearRisk, open.Select(id => new { Id = id, Now = now }).ToList(), cancellationToken: ct));
        }
        return new RiskSummary(atRisk.Count, flagged, open.Count);
    }

    /// <summary>A re-promise of the line: its open flag is cleared at once (the new promise is judged by the next run).</summary>
    public async Task ClearLineAsync(Guid orderId, int lineNumber, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        await c.ExecuteAsync(new CommandDefinition(sql.ClearRisksOfLine, new { OrderId = orderId, LineNumber = lineNumber, Now = clock.GetUtcNow() }, cancellationToken: ct));
    }

    /// <summary>The desk's At risk queue (every account: the supplier's side only).</summary>
    public async Task<IReadOnlyList<RiskLine>> QueueOfEveryAccountAsync(CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        return (await c.QueryAsync<RiskLine>(new CommandDefinition(sql.RiskQueue, cancellationToken: ct))).ToList();
    }

    public async Task<int> OpenCountAsync(CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        return await c.ExecuteScalarAsync<int>(new CommandDefinition(sql.OpenRiskCount, cancellationToken: ct));
    }

    /// <summary>Sites with their transit days, of one account or (null) of all.</summary>
    public async Task<IReadOnlyList<SiteTransit>> SitesAsync(Guid? accountId, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        return (await c.QueryAsync<SiteTransit>(new CommandDefinition(sql.SiteTransits, new { AccountId = accountId }, cancellationToken: ct))).ToList();
    }

    /// <summary>Sets how many business days a delivery takes to reach the site (0 to <see cref="MaxTransitDays"/>); null when the site does not exist.</summary>
    public async Task<Outcome<int>?> SetTransitDaysAsync(Guid siteId, int? days, Guid userId, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        if (await c.ExecuteScalarAsync<int>(new CommandDefinition(sql.SiteExists, new { SiteId = siteId }, cancellationToken: ct)) == 0) return null;
        var errors = new FieldErrors()
            .Add(days is null, "TransitDays", "Give the transit days as a whole number.")
            .Add(days is < 0 or > MaxTransitDays, "TransitDays", $"Transit days are between 0 and {MaxTransitDays} business days.");
        if (errors.Any) return Outcome<int>.Failed(errors);
        await c.ExecuteAsync(new CommandDefinition(sql.SetTransitDays, new { SiteId = siteId, TransitDays = days!.Value, UpdatedUtc = clock.GetUtcNow(), UpdatedByUserId = userId }, cancellationToken: ct));
        return Outcome<int>.Ok(days.Value);
    }

    private sealed class Candidate
    {
        public Guid OrderId { get; init; }
        public string OrderNumber { get; init; } = "";
        public Guid AccountId { get; init; }
        public string TimeZone { get; init; } = "UTC";
        public Guid PlacedByUserId { get; init; }
        public int LineNumber { get; init; }
        public string Sku { get; init; } = "";
        public string ProductName { get; init; } = "";
        public Guid PromiseId { get; init; }
        public DateOnly PromisedDate { get; init; }
        public int Quantity { get; init; }
        public int? TransitDays { get; init; }
        public int Shipped { get; init; }
    }
}
