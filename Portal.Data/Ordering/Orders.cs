using System.Net;
using Portal.Data.Accounts;
using Portal.Data.Catalog;
using Portal.Data.Mail;

namespace Portal.Data.Ordering;

public sealed record CheckoutInput(string? PoNumber, DateOnly? RequestedDeliveryDate, string? Notes, string IdempotencyKey);

/// <summary>
/// Checkout, approvals, cancellation and history. Submitting is idempotent per account and key: a double click, a refresh
/// or a replay returns the order the first attempt created. Prices are fixed on the order when it is placed.
/// </summary>
public sealed class Orders(ConnectionFactory db, OrderingSql sql, Carts carts, AccountStore accounts, MailOutbox mail, TimeProvider clock)
{
    /// <summary>Places the buyer's cart as an order (the portal's checkout).</summary>
    public async Task<Outcome<Order>> SubmitAsync(Buyer buyer, CheckoutInput input, CancellationToken ct = default)
    {
        if (string.IsNullOrWhiteSpace(input.IdempotencyKey) || input.IdempotencyKey.Length > 100)
            return Outcome<Order>.Failed("", "The form is out of date; reload the page and submit again.");
        if (await ExistingAsync(buyer.AccountId, input.IdempotencyKey, ct) is { } already) return Outcome<Order>.Ok(already);
        var cart = await carts.GetAsync(buyer, ct);
        var errors = new FieldErrors()
            .Add(cart.Lines.Count == 0, "", "Your cart is empty.")
            .Add(cart.HasProblems, "", "Some cart lines need changing first: " + string.Join(" ", cart.Lines.Where(l => l.Problem is not null).Select(l => l.Problem)));
        return errors.Any ? Outcome<Order>.Failed(errors) : await PlaceAsync(buyer, cart, input, ct);
    }

    /// <summary>
    /// Places an order from SKU and quantity lines (the integration API), under the same rules as the portal: prices,
    /// minimums, pack sizes, lead times, approval limit, credit. Field errors are named lines[i].sku / lines[i].quantity.
    /// </summary>
    public async Task<Outcome<Order>> SubmitLinesAsync(Buyer buyer, IReadOnlyList<(string? Sku, int Quantity)> lines, CheckoutInput input, CatalogStore catalog, CancellationToken ct = default)
    {
        if (string.IsNullOrWhiteSpace(input.IdempotencyKey) || input.IdempotencyKey.Length > 100)
            return Outcome<Order>.Failed("Idempotency-Key", "Send an Idempotency-Key header of at most 100 characters.");
        if (await ExistingAsync(buyer.AccountId, input.IdempotencyKey, ct) is { } already) return Outcome<Order>.Ok(already);
        var terms = await accounts.TermsAsync(buyer.AccountId, ct);
        var prices = await catalog.PriceBookAsync(terms.Id, terms.ParentAccountId, terms.Today(clock), ct);
        var products = await catalog.BySkusAsync(lines.Where(l => !string.IsNullOrWhiteSpace(l.Sku)).Select(l => l.Sku!), ct);
        var errors = new FieldErrors().Add(lines.Count == 0, "lines", "Send at least one line.").Add(lines.Count > 500, "lines", "At most 500 lines per order.");
        var cartLines = new List<CartLine>();
        for (var i = 0; i < lines.Count; i++)
        {
            var (sku, quantity) = lines[i];
            if (string.IsNullOrWhiteSpace(sku) || !products.TryGetValue(CatalogStore.NormalizeSku(sku), out var product))
                errors.Add(true, $"lines[{i}].sku", $"No product has the SKU {sku}.");
            else if (!product.IsActive)
                errors.Add(true, $"lines[{i}].sku", $"{product.Sku} is no longer sold.");
            else if (QuantityRules.Check(product, quantity) is { } problem)
                errors.Add(true, $"lines[{i}].quantity", problem);
            else if (cartLines.Any(l => l.Product.Id == product.Id))
                errors.Add(true, $"lines[{i}].sku", $"{product.Sku} is on the order twice; send one line per SKU.");
            else
                cartLines.Add(new CartLine(product, quantity, prices.PriceOf(product.Id, product.ListPrice, quantity), null));
        }
        return errors.Any ? Outcome<Order>.Failed(errors) : await PlaceAsync(buyer, new CartView(Guid.Empty, buyer.SiteId, 0, cartLines), input, ct);
    }

    private async Task<Outcome<Order>> PlaceAsync(Buyer buyer, CartView cart, CheckoutInput input, CancellationToken ct)
    {
        var terms = await accounts.TermsAsync(buyer.AccountId, ct);
        var site = await accounts.GetSiteAsync(buyer.AccountId, buyer.SiteId, ct);
        var now = clock.GetUtcNow();
        var earliest = DeliveryDates.Earliest(now, terms.TimeZone, cart.LongestLeadTimeDays);
        var po = input.PoNumber?.Trim();
        var errors = new FieldErrors()
            .Add(site is null, "SiteId", "Choose one of your account's sites.")
            .Add(terms.RequirePoNumber && string.IsNullOrEmpty(po), "PoNumber", $"{terms.Name} requires a PO number on every order.")
            .Add(po is { Length: > 50 }, "PoNumber", "A PO number can be at most 50 characters.")
            .Add(input.RequestedDeliveryDate is null, "RequestedDeliveryDate", "Choose a delivery date.")
            .Add(input.RequestedDeliveryDate < earliest, "RequestedDeliveryDate",
                $"The earliest possible delivery is {earliest:ddd d MMM yyyy} ({cart.LongestLeadTimeDays} business days' lead time).")
            .Add(input.RequestedDeliveryDate is { } d && !DeliveryDates.IsBusinessDay(d), "RequestedDeliveryDate", "Deliveries are made Monday to Friday; choose a weekday.")
            .Add(input.Notes is { Length: > 1000 }, "Notes", "Notes can be at most 1000 characters.");
        if (errors.Any) return Outcome<Order>.Failed(errors);

        var total = cart.Total;
        await using var c = await db.OpenAsync(ct);
        var buyerRow = await c.QuerySingleAsync<(string Email, string DisplayName, decimal? ApprovalLimit)>(
            new CommandDefinition(sql.UserContact, new { buyer.UserId, buyer.AccountId }, cancellationToken: ct));
        string status, note;
        if (buyerRow.ApprovalLimit is { } limit && total > limit)
        {
            status = OrderStatus.PendingApproval;
            note = $"Over your approval limit of {Money.Format(limit)}: waits for an approver.";
        }
        else
        {
            (status, note) = await CreditCheckAsync(c, null, terms, total, ct);
        }

        var order = new Order
        {
            Id = Guid.NewGuid(), AccountId = buyer.AccountId, SiteId = buyer.SiteId, PlacedByUserId = buyer.UserId, Status = status,
            PoNumber = string.IsNullOrEmpty(po) ? null : po, RequestedDeliveryDate = input.RequestedDeliveryDate!.Value,
            Notes = string.IsNullOrWhiteSpace(input.Notes) ? null : input.Notes.Trim(), Total = total, LineCount = cart.Lines.Count, CreatedUtc = now,
        };
        await using (var tx = await c.BeginTransactionAsync(ct))
        {
            try
            {
                var number = await c.ExecuteScalarAsync<long>(new CommandDefinition(sql.NextOrderNumber, new { Name = "order-number" }, tx, cancellationToken: ct));
                order = order with { Number = $"SO-{number}" };
                await c.ExecuteAsync(new CommandDefinition(sql.InsertOrder, new
                {
                    order.Id, order.AccountId, order.Number, order.SiteId, order.PlacedByUserId, order.Status, order.PoNumber,
                    order.RequestedDeliveryDate, order.Notes, order.Total, order.LineCount, input.IdempotencyKey, order.CreatedUtc,
                }, tx, cancellationToken: ct));
                await c.ExecuteAsync(new CommandDefinition(sql.InsertOrderLine, cart.Lines.Select((l, i) => new
                {
                    OrderId = order.Id, LineNumber = i + 1, ProductId = l.Product.Id, l.Product.Sku, l.Product.Name, l.Product.Unit, l.Quantity,
                    l.Price.UnitPrice, l.LineTotal,
                }).ToList(), tx, cancellationToken: ct));
                await c.ExecuteAsync(new CommandDefinition(sql.InsertEvent, new { Id = Guid.NewGuid(), OrderId = order.Id, AtUtc = now, Status = status, buyer.UserId, Note = note }, tx, cancellationToken: ct));
                if (cart.CartId != Guid.Empty)
                    await c.ExecuteAsync(new CommandDefinition(sql.ClearCart, new { cart.CartId }, tx, cancellationToken: ct));
                await tx.CommitAsync(ct);
            }
            catch (DbException)
            {
                // the same submission won a race on another connection: that one is the order
                if (await ExistingAsync(buyer.AccountId, input.IdempotencyKey, CancellationToken.None) is { } winner) return Outcome<Order>.Ok(winner);
                throw;
            }
        }

        var placed = (await GetAsync(buyer.AccountId, order.Number, ct))!;
        await MailAsync(buyerRow.Email, placed, status switch
        {
            OrderStatus.PendingApproval => "is waiting for approval",
            OrderStatus.CreditHold => "is on credit hold for the supplier to review",
            _ => "was submitted to the supplier",
        }, note, ct);
        if (status == OrderStatus.PendingApproval)
        {
            var approvers = await c.QueryAsync<string>(new CommandDefinition(sql.ApproversOf, new { buyer.AccountId, ParentAccountId = terms.ParentAccountId ?? buyer.AccountId }, cancellationToken: ct));
            foreach (var approver in approvers.Distinct())
                await MailAsync(approver, placed, $"from {buyerRow.DisplayName} needs your approval", note, ct);
        }
        return Outcome<Order>.Ok(placed);
    }

    /// <summary>Whether open orders plus this amount stay within the account's credit limit.</summary>
    private async Task<(string Status, string Note)> CreditCheckAsync(DbConnection c, DbTransaction? tx, AccountTerms terms, decimal total, CancellationToken ct)
    {
        if (terms.CreditLimit is not { } limit) return (OrderStatus.Submitted, "Submitted to the supplier.");
        var open = (await OpenTotalsAsync(c, tx, terms.Id, ct)).Sum();
        return open + total > limit
            ? (OrderStatus.CreditHold, $"Open orders ({Money.Format(open)}) plus this one ({Money.Format(total)}) exceed the credit limit of {Money.Format(limit)}: the supplier reviews it.")
            : (OrderStatus.Submitted, "Submitted to the supplier.");
    }

    /// <summary>The order an earlier submission with this idempotency key created, if any.</summary>
    public Task<Order?> ExistingOrderAsync(Guid accountId, string key, CancellationToken ct = default) => ExistingAsync(accountId, key, ct);

    private async Task<List<decimal>> OpenTotalsAsync(DbConnection c, DbTransaction? tx, Guid accountId, CancellationToken ct) =>
        (await c.QueryAsync<decimal>(new CommandDefinition(sql.OpenTotals, new { AccountId = accountId }, tx, cancellationToken: ct))).ToList();

    /// <summary>How many orders of the account are open (placed, not yet delivered), and their total.</summary>
    public async Task<(int Count, decimal Total)> OpenOrdersAsync(Guid accountId, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        var totals = await OpenTotalsAsync(c, null, accountId, ct);
        return (totals.Count, totals.Sum());
    }

    private async Task<Order?> ExistingAsync(Guid accountId, string key, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        var number = await c.QuerySingleOrDefaultAsync<string>(new CommandDefinition(sql.OrderIdByIdempotencyKey, new { AccountId = accountId, IdempotencyKey = key }, cancellationToken: ct));
        return number is null ? null : await GetAsync(accountId, number, ct);
    }

    public async Task<Order?> GetAsync(Guid accountId, string number, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        return await c.QuerySingleOrDefaultAsync<Order>(new CommandDefinition(sql.OrderByNumber, new { AccountId = accountId, Number = number }, cancellationToken: ct));
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
        var lines = await c.QueryAsync<OrderLine>(new CommandDefinition(sql.OrderLines, new { OrderId = order.Id }, cancellationToken: ct));
        var events = await c.QueryAsync<OrderEvent>(new CommandDefinition(sql.OrderEvents, new { OrderId = order.Id }, cancellationToken: ct));
        return (lines.ToList(), events.ToList());
    }

    /// <summary>The customer cancels an order the supplier has not confirmed yet.</summary>
    public async Task<Outcome<Order>?> CancelAsync(Guid accountId, string number, Guid userId, CancellationToken ct = default)
    {
        var order = await GetAsync(accountId, number, ct);
        if (order is null) return null;
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

    /// <summary>The approver's queue: orders of their account, and of the accounts under it when it is a national account.</summary>
    public async Task<IReadOnlyList<Order>> ApprovalQueueAsync(Guid approverAccountId, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        return (await c.QueryAsync<Order>(new CommandDefinition(sql.ApprovalQueue, new { AccountId = approverAccountId }, cancellationToken: ct))).ToList();
    }

    public async Task<Order?> PendingForApproverAsync(Guid approverAccountId, string number, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        return await c.QuerySingleOrDefaultAsync<Order>(new CommandDefinition(sql.PendingForApprover, new { AccountId = approverAccountId, Number = number }, cancellationToken: ct));
    }

    /// <summary>Approves (then the credit check places it, or holds it) or rejects with a reason. Null when not in the approver's queue.</summary>
    public async Task<Outcome<Order>?> DecideAsync(Guid approverAccountId, Guid approverId, string number, bool approve, string? reason, CancellationToken ct = default)
    {
        var order = await PendingForApproverAsync(approverAccountId, number, ct);
        if (order is null) return null;
        reason = reason?.Trim();
        if (!approve && string.IsNullOrEmpty(reason)) return Outcome<Order>.Failed("Reason", "Say why the order is rejected; the buyer reads it.");
        if (reason is { Length: > 500 }) return Outcome<Order>.Failed("Reason", "The reason can be at most 500 characters.");

        var terms = await accounts.TermsAsync(order.AccountId, ct);
        await using var c = await db.OpenAsync(ct);
        await using var tx = await c.BeginTransactionAsync(ct);
        var (status, note) = approve ? await CreditCheckAsync(c, tx, terms, order.Total, ct) : (OrderStatus.Rejected, $"Rejected: {reason}");
        if (approve) note = "Approved. " + note;
        var rows = await c.ExecuteAsync(new CommandDefinition(sql.Decide, new
        {
            OrderId = order.Id, order.AccountId, OldStatus = OrderStatus.PendingApproval, NewStatus = status, UserId = approverId, Now = clock.GetUtcNow(),
            Reason = string.IsNullOrEmpty(reason) ? null : reason,
        }, tx, cancellationToken: ct));
        if (rows == 0) return Outcome<Order>.Failed("", $"{order.Number} was decided meanwhile by someone else.");
        await c.ExecuteAsync(new CommandDefinition(sql.InsertEvent, new { Id = Guid.NewGuid(), OrderId = order.Id, AtUtc = clock.GetUtcNow(), Status = status, UserId = approverId, Note = note }, tx, cancellationToken: ct));
        await tx.CommitAsync(ct);

        var decided = (await GetAsync(order.AccountId, number, ct))!;
        var buyerEmail = await c.QuerySingleAsync<(string Email, string DisplayName, decimal? ApprovalLimit)>(
            new CommandDefinition(sql.UserContact, new { UserId = order.PlacedByUserId, order.AccountId }, cancellationToken: ct));
        await MailAsync(buyerEmail.Email, decided, approve ? "was approved" : "was rejected", note, ct);
        return Outcome<Order>.Ok(decided);
    }

    /// <summary>Puts the lines of a past order back into the buyer's cart at today's prices; products no longer sold are named.</summary>
    public async Task<IReadOnlyList<string>?> OrderAgainAsync(Buyer buyer, string number, CatalogStore catalog, CancellationToken ct = default)
    {
        var order = await GetAsync(buyer.AccountId, number, ct);
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

    private Task MailAsync(string to, Order order, string what, string note, CancellationToken ct)
    {
        var body = $"""
            <p>Order <strong>{order.Number}</strong> {WebUtility.HtmlEncode(what)}.</p>
            <p>{WebUtility.HtmlEncode(note)}</p>
            <p>Total {Money.Format(order.Total)} · {order.LineCount} line(s) · delivery requested for {order.RequestedDeliveryDate:yyyy-MM-dd} to {WebUtility.HtmlEncode(order.SiteName)}{(order.PoNumber is null ? "" : $" · PO {WebUtility.HtmlEncode(order.PoNumber)}")}</p>
            """;
        return mail.QueueAsync(to, $"Order {order.Number} {what}", body, ct);
    }
}
