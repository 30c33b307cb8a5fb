using System.Globalization;
using Portal.Data.Accounts;
using Portal.Data.Catalog;

namespace Portal.Data.Replenishment;

/// <summary>
/// The customer's own min/max levels: per site, stock rules (a product, a minimum that is the reorder point and a maximum
/// that is the order-up-to level) and the counts staff record on the count sheet, by CSV upload or through the API. Shows
/// each rule with its last count, what is on order, an estimate of on-hand now and when the minimum will be reached, and
/// what the next replenishment run will order (the same arithmetic the run uses, <see cref="StockMath"/>). Every read and
/// write is scoped to the viewer's account, and to their own site when they are limited to one; anything else is not found.
/// </summary>
public sealed class StockLevels(ConnectionFactory db, StockSql sql, AccountStore accounts, CatalogStore catalog, TimeProvider clock)
{
    public const int MaxCountsPerRequest = 2000;

    /// <summary>The site when the viewer may see it (the account's, and their own if they are limited to one); else null.</summary>
    public async Task<Site?> SiteAsync(StockViewer viewer, Guid siteId, CancellationToken ct = default)
    {
        if (viewer.OwnSiteId is { } own && own != siteId) return null;
        return await accounts.GetSiteAsync(viewer.AccountId, siteId, ct);
    }

    /// <summary>The site's rules with their last counts, on order, estimates and the next run's quantities; null when not the viewer's.</summary>
    public async Task<StockSiteView?> SiteLevelsAsync(StockViewer viewer, Guid siteId, CancellationToken ct = default)
    {
        var site = await SiteAsync(viewer, siteId, ct);
        if (site is null) return null;
        var terms = await accounts.TermsAsync(viewer.AccountId, ct);
        var zone = TimeZoneInfo.FindSystemTimeZoneById(terms.TimeZone);
        var now = clock.GetUtcNow();
        var since = now.AddDays(-StockMath.UsageDays);
        await using var c = await db.OpenAsync(ct);
        var levels = (await c.QueryAsync<StockLevel>(new CommandDefinition(sql.SiteLevels, new { viewer.AccountId, SiteId = (Guid?)siteId }, cancellationToken: ct))).ToList();
        var counts = (await c.QueryAsync<(Guid ProductId, DateTimeOffset At, int OnHand)>(new CommandDefinition(sql.CountHistory,
            new { viewer.AccountId, SiteId = siteId, Since = since }, cancellationToken: ct))).ToLookup(x => x.ProductId);
        var deliveries = (await c.QueryAsync<(Guid ProductId, DateTimeOffset At, int Quantity)>(new CommandDefinition(sql.DeliveryHistory,
            new { viewer.AccountId, SiteId = siteId, Since = since }, cancellationToken: ct))).ToLookup(x => x.ProductId);
        var views = levels.Select(l => new StockLevelView(l,
            StockMath.Estimate(counts[l.ProductId].Select(x => (x.At, x.OnHand)).ToList(), deliveries[l.ProductId].Select(x => (x.At, x.Quantity)).ToList(), l.MinLevel, now, zone),
            StockMath.Next(l))).ToList();
        return new StockSiteView(site, views, terms.TimeZone);
    }

    public async Task<StockLevel?> RuleAsync(StockViewer viewer, Guid id, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        var rule = await c.QuerySingleOrDefaultAsync<StockLevel>(new CommandDefinition(sql.RuleLevel, new { viewer.AccountId, Id = id }, cancellationToken: ct));
        return rule is null || (viewer.OwnSiteId is { } own && rule.SiteId != own) ? null : rule;
    }

    /// <summary>Adds a rule to a site; null when the site is not the viewer's.</summary>
    public async Task<Outcome<StockLevel>?> AddRuleAsync(StockViewer viewer, Guid siteId, StockRuleInput input, CancellationToken ct = default)
    {
        var site = await SiteAsync(viewer, siteId, ct);
        if (site is null) return null;
        var sku = input.Sku?.Trim() ?? "";
        var product = sku.Length == 0 ? null : (await catalog.BySkusAsync([sku], ct)).GetValueOrDefault(sku);
        var errors = CheckLevels(input)
            .Add(sku.Length == 0, "Sku", "Enter the SKU of the product you keep in stock.")
            .Add(sku.Length > 0 && product is null, "Sku", $"No product has the SKU \"{TextLimits.Cut(sku, TextLimits.Products.Sku)}\".")
            .Add(product is { IsActive: false }, "Sku", $"{product?.Sku} {product?.Name} is no longer sold.");
        await using var c = await db.OpenAsync(ct);
        if (product is not null && !errors.ContainsKey("Sku")
            && await c.ExecuteScalarAsync<Guid?>(new CommandDefinition(sql.RuleOfSiteProduct, new { viewer.AccountId, SiteId = siteId, ProductId = product.Id }, cancellationToken: ct)) is not null)
            errors.Add(true, "Sku", $"{site.Name} already has a rule for {product.Sku}; change that one.");
        if (errors.Any) return Outcome<StockLevel>.Failed(errors);
        var id = Guid.NewGuid();
        try
        {
            await c.ExecuteAsync(new CommandDefinition(sql.InsertRule, new
            {
                Id = id, viewer.AccountId, SiteId = siteId, ProductId = product!.Id, MinLevel = input.MinLevel!.Value, MaxLevel = input.MaxLevel!.Value,
                OwnerUserId = viewer.UserId, Now = clock.GetUtcNow(),
            }, cancellationToken: ct));
        }
        catch (DbException)
        {
            // two people added the same rule at once: the unique key (site, product) kept one
            if (await c.ExecuteScalarAsync<Guid?>(new CommandDefinition(sql.RuleOfSiteProduct, new { viewer.AccountId, SiteId = siteId, ProductId = product!.Id }, cancellationToken: ct)) is null) throw;
            return Outcome<StockLevel>.Failed("Sku", $"{site.Name} already has a rule for {product.Sku}; change that one.");
        }
        return Outcome<StockLevel>.Ok((await RuleAsync(viewer, id, ct))!);
    }

    /// <summary>Changes a rule's levels at the version the person saw; the rule then orders on the changer's behalf. Null when not theirs.</summary>
    public async Task<Outcome<StockLevel>?> UpdateRuleAsync(StockViewer viewer, Guid id, int version, StockRuleInput input, CancellationToken ct = default)
    {
        var current = await RuleAsync(viewer, id, ct);
        if (current is null) return null;
        var errors = CheckLevels(input);
        if (errors.Any) return Outcome<StockLevel>.Failed(errors);
        await using var c = await db.OpenAsync(ct);
        var changed = await c.ExecuteAsync(new CommandDefinition(sql.UpdateRule, new
        {
            Id = id, viewer.AccountId, Version = version, MinLevel = input.MinLevel!.Value, MaxLevel = input.MaxLevel!.Value, OwnerUserId = viewer.UserId, Now = clock.GetUtcNow(),
        }, cancellationToken: ct));
        if (changed == 0) return Outcome<StockLevel>.Failed("", "Someone changed this rule after you opened it. Look at it again, then make your change.");
        return Outcome<StockLevel>.Ok((await RuleAsync(viewer, id, ct))!);
    }

    public async Task<bool> DeleteRuleAsync(StockViewer viewer, Guid id, CancellationToken ct = default)
    {
        if (await RuleAsync(viewer, id, ct) is null) return false;
        await using var c = await db.OpenAsync(ct);
        return await c.ExecuteAsync(new CommandDefinition(sql.DeleteRule, new { Id = id, viewer.AccountId }, cancellationToken: ct)) == 1;
    }

    private static FieldErrors CheckLevels(StockRuleInput input) => new FieldErrors()
        .Add(input.MinLevel is null, "MinLevel", "Enter the minimum: when a count is at or below it, the next run orders.")
        .Add(input.MinLevel < 0, "MinLevel", "The minimum is 0 or more.")
        .Add(input.MinLevel >= StockMath.MaxLevel, "MinLevel", $"The minimum is below {StockMath.MaxLevel.ToString("N0", CultureInfo.InvariantCulture)}.")
        .Add(input.MaxLevel is null, "MaxLevel", "Enter the maximum: the run orders up to this level.")
        .Add(input.MaxLevel > StockMath.MaxLevel, "MaxLevel", $"The maximum is at most {StockMath.MaxLevel.ToString("N0", CultureInfo.InvariantCulture)} (one order line).")
        .Add(input.MaxLevel <= input.MinLevel, "MaxLevel", "The maximum must be above the minimum.");

    /// <summary>
    /// Records counts for a site, all or nothing: each SKU must have a rule at the site, once, with a whole number from 0 to
    /// <see cref="StockMath.MaxOnHand"/>. Errors are keyed <c>Counts[i].Sku</c> / <c>Counts[i].OnHand</c> by the input's index.
    /// With <paramref name="blankIsNotCounted"/> (the count sheet) an empty on-hand is a rule not counted this time.
    /// Null when the site is not the viewer's.
    /// </summary>
    public async Task<Outcome<int>?> RecordCountsAsync(StockViewer viewer, Guid siteId, IReadOnlyList<CountInput> counts, string source, bool blankIsNotCounted,
        CancellationToken ct = default)
    {
        var site = await SiteAsync(viewer, siteId, ct);
        if (site is null) return null;
        await using var c = await db.OpenAsync(ct);
        var rules = (await c.QueryAsync<StockLevel>(new CommandDefinition(sql.SiteLevels, new { viewer.AccountId, SiteId = (Guid?)siteId }, cancellationToken: ct)))
            .ToDictionary(r => r.Sku, StringComparer.OrdinalIgnoreCase);
        var errors = new FieldErrors();
        var rows = new List<(StockLevel Rule, int OnHand)>();
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        if (counts.Count > MaxCountsPerRequest) return Outcome<int>.Failed("", $"At most {MaxCountsPerRequest} counts at once.");
        for (var i = 0; i < counts.Count; i++)
        {
            var sku = counts[i].Sku?.Trim() ?? "";
            var typed = counts[i].OnHand?.Trim() ?? "";
            if (blankIsNotCounted && typed.Length == 0) continue;
            var shown = TextLimits.Cut(sku, TextLimits.Products.Sku);
            if (sku.Length == 0) { errors.Add(true, $"Counts[{i}].Sku", "Enter the SKU."); continue; }
            if (!rules.TryGetValue(sku, out var rule))
            {
                var known = (await catalog.BySkusAsync([sku], ct)).ContainsKey(sku);
                errors.Add(true, $"Counts[{i}].Sku", known ? $"{shown} has no stock rule at {site.Name}; add a rule for it first." : $"No product has the SKU \"{shown}\".");
                continue;
            }
            if (!seen.Add(rule.Sku)) { errors.Add(true, $"Counts[{i}].Sku", $"{rule.Sku} is counted twice; give one count per SKU."); continue; }
            if (typed.Length == 0) { errors.Add(true, $"Counts[{i}].OnHand", $"{rule.Sku}: enter the number on the shelf."); continue; }
            if (!long.TryParse(typed, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number))
            {
                errors.Add(true, $"Counts[{i}].OnHand", $"{rule.Sku}: \"{TextLimits.Cut(typed, 20)}\" is not a whole number; enter how many {rule.Unit} are on the shelf.");
                continue;
            }
            if (number < 0) { errors.Add(true, $"Counts[{i}].OnHand", $"{rule.Sku}: a count cannot be below 0."); continue; }
            if (number > StockMath.MaxOnHand)
            {
                errors.Add(true, $"Counts[{i}].OnHand", $"{rule.Sku}: {number.ToString("N0", CultureInfo.InvariantCulture)} is more than a shelf holds (at most {StockMath.MaxOnHand.ToString("N0", CultureInfo.InvariantCulture)}); check the number.");
                continue;
            }
            rows.Add((rule, (int)number));
        }
        if (!errors.Any && rows.Count == 0) errors.Add(true, "", blankIsNotCounted ? "Enter at least one count." : "There are no counts to record.");
        if (errors.Any) return Outcome<int>.Failed(errors);
        var now = clock.GetUtcNow();
        await using var tx = await db.BeginWriteAsync(c, ct);
        await c.ExecuteAsync(new CommandDefinition(sql.InsertCount, rows.Select(r => new
        {
            Id = Guid.NewGuid(), viewer.AccountId, SiteId = siteId, r.Rule.ProductId, r.OnHand, Now = now,
            CountedByUserId = viewer.UserId == Guid.Empty ? (Guid?)null : viewer.UserId, Source = source,
        }).ToList(), tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
        return Outcome<int>.Ok(rows.Count);
    }

    /// <summary>Whether <paramref name="code"/> is a site code of another account than <paramref name="accountId"/> (for the API's 404).</summary>
    public async Task<bool> SiteCodeOfAnotherAccountAsync(Guid accountId, string code, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        return await c.ExecuteScalarAsync<int>(new CommandDefinition(sql.SiteCodeOfAnotherAccount, new { AccountId = accountId, Code = code }, cancellationToken: ct)) > 0;
    }

    /// <summary>The site a stock-rule order of the account was placed for: for "Placed by stock rule" on order pages.</summary>
    public async Task<(Guid SiteId, string SiteName)?> StockOrderOfOrderAsync(Guid accountId, Guid orderId, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        return await c.QuerySingleOrDefaultAsync<(Guid, string)?>(new CommandDefinition(sql.StockOrderOfOrder, new { AccountId = accountId, OrderId = orderId }, cancellationToken: ct));
    }
}
