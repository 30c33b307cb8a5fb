using Portal.Data.Catalog;

namespace Portal.Data.Ordering;

/// <summary>Who is looking at orders: their account, their own site when they are limited to one, and whether they administer the account.</summary>
public sealed record OrderViewer(Guid AccountId, Guid UserId, Guid? SiteId, bool IsCustomerAdmin);

/// <summary>
/// The account's orders as its people see them: one order, its lines and history, orders since an instant, cancellation,
/// ordering again. Orders are placed by <see cref="OrderPlacement"/>, approved through <see cref="Approvals"/>.
/// </summary>
public sealed class Orders(ConnectionFactory db, OrderingSql sql, Carts carts, TimeProvider clock)
{
    /// <summary>How many orders of the account are open (placed, not yet delivered), and their total.</summary>
    public async Task<(int Count, decimal Total)> OpenOrdersAsync(Guid accountId, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        var totals = (await c.QueryAsync<decimal>(new CommandDefinition(sql.OpenTotals, new { AccountId = accountId, ExceptOrderId = Guid.Empty }, cancellationToken: ct))).ToList();
        return (totals.Count, totals.Sum());
    }

    /// <summary>One order of the account, whichever site it ships to (the API's account-wide keys, the order's own mail).</summary>
    public async Task<Order?> GetAsync(Guid accountId, string number, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        return await c.QuerySingleOrDefaultAsync<Order>(new CommandDefinition(sql.OrderByNumber, new { AccountId = accountId, Number = number, SiteId = (Guid?)null }, cancellationToken: ct));
    }

    /// <summary>One order as a signed-in user may see it: of their account and, for a buyer limited to a site, of that site.</summary>
    public async Task<Order?> GetAsync(OrderViewer viewer, string number, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        return await c.QuerySingleOrDefaultAsync<Order>(new CommandDefinition(sql.OrderByNumber, new { viewer.AccountId, Number = number, viewer.SiteId }, cancellationToken: ct));
    }

    /// <summary>The account's orders placed at or after an instant, oldest first, at most <paramref name="take"/>.</summary>
    public async Task<IReadOnlyList<Order>> SinceAsync(Guid accountId, DateTimeOffset since, int take = 500, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        return (await c.QueryAsync<Order>(new CommandDefinition(sql.OrdersSince, new { AccountId = accountId, Since = since, Skip = 0, Take = take }, cancellationToken: ct))).ToList();
    }

    public async Task<(IReadOnlyList<OrderLine> Lines, IReadOnlyList<OrderEvent> Events)> DetailsAsync(Order order, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        var lines = await c.QueryAsync<OrderLine>(new CommandDefinition(sql.OrderLines, new { OrderId = order.Id, order.AccountId }, cancellationToken: ct));
        var events = await c.QueryAsync<OrderEvent>(new CommandDefinition(sql.OrderEvents, new { OrderId = order.Id, order.AccountId }, cancellationToken: ct));
        return (lines.ToList(), events.ToList());
    }

    /// <summary>Whether this viewer may cancel the order: the person who placed it, or a customer admin.</summary>
    public static bool MayCancel(OrderViewer viewer, Order order) => viewer.IsCustomerAdmin || order.PlacedByUserId == viewer.UserId;

    /// <summary>The person who placed it, or a customer admin, cancels an order the supplier has not confirmed yet.</summary>
    public async Task<Outcome<Order>?> CancelAsync(OrderViewer viewer, string number, CancellationToken ct = default)
    {
        var order = await GetAsync(viewer, number, ct);
        if (order is null) return null;
        var (accountId, userId) = (viewer.AccountId, viewer.UserId);
        if (!MayCancel(viewer, order))
            return Outcome<Order>.Failed("", $"Only {order.PlacedBy}, who placed {order.Number}, or a customer admin can cancel it.");
        if (!OrderStatus.CanCancel(order.Status))
            return Outcome<Order>.Failed("", $"{order.Number} is {OrderStatus.Label(order.Status).ToLowerInvariant()} and can no longer be cancelled.");
        await using var c = await db.OpenAsync(ct);
        await using var tx = await c.BeginTransactionAsync(ct);
        var rows = await c.ExecuteAsync(new CommandDefinition(sql.SetStatus, new { OrderId = order.Id, AccountId = accountId, OldStatus = order.Status, NewStatus = OrderStatus.Cancelled }, tx, cancellationToken: ct));
        if (rows == 0) return Outcome<Order>.Failed("", $"{order.Number} changed meanwhile; look at its status and try again.");
        await c.ExecuteAsync(new CommandDefinition(sql.InsertEvent, new { Id = Guid.NewGuid(), OrderId = order.Id, AtUtc = clock.GetUtcNow(), Status = OrderStatus.Cancelled, UserId = userId, Note = "Cancelled by the customer." }, tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
        return Outcome<Order>.Ok((await GetAsync(accountId, number, ct))!);
    }

    /// <summary>Puts the lines of a past order back into the buyer's cart at today's prices; products no longer sold are named.</summary>
    public async Task<IReadOnlyList<string>?> OrderAgainAsync(OrderViewer viewer, Buyer buyer, string number, CatalogStore catalog, CancellationToken ct = default)
    {
        var order = await GetAsync(viewer, number, ct);
        if (order is null) return null;
        var (lines, _) = await DetailsAsync(order, ct);
        var skipped = new List<string>();
        var add = new List<(Guid, int)>();
        var products = await catalog.ByIdsAsync(lines.Select(l => l.ProductId), ct);
        foreach (var line in lines)
        {
            if (products.GetValueOrDefault(line.ProductId) is { IsActive: true } product) add.Add((product.Id, line.Quantity));
            else skipped.Add($"{line.Sku} {line.Name} is no longer sold.");
        }
        if (add.Count > 0) await carts.AddAsync(buyer, add, ct);
        return skipped;
    }
}
