using Portal.Data.Catalog;
using Portal.Data.Accounts;
using Portal.Data.Mail;

namespace Portal.Data.Ordering;

/// <summary>Who decides on orders waiting for approval: an approver of the account (or of its national account), maybe limited to a site.</summary>
public sealed record Approver(Guid AccountId, Guid UserId, Guid? SiteId);

/// <summary>
/// An order waiting for approval as one approver decides on it: the approval limit of the person who placed it (and how far
/// the order is over it), the approver's own limit, and so whether this approver may approve it or only reject it.
/// </summary>
public sealed record ApprovalCase(Order Order, decimal? PlacerLimit, decimal? ApproverLimit, bool PlacedByApprover)
{
    /// <summary>How far the order's total is over the limit of the person who placed it; null when it is not over one.</summary>
    public decimal? OverPlacerLimitBy => PlacerLimit is { } limit && Order.Total > limit ? Order.Total - limit : null;

    /// <summary>The order is over the approver's own limit: an approver with a higher limit must approve it.</summary>
    public bool OverApproverLimit => ApproverLimit is { } limit && Order.Total > limit;

    /// <summary>The rules <see cref="Approvals.DecideAsync"/> applies: nobody approves their own order or beyond their own limit.</summary>
    public bool MayApprove => !PlacedByApprover && !OverApproverLimit;
}

/// <summary>
/// The approval queue and decisions. An order is approved only by another approver of its account or national account
/// whose own limit (if any) covers it; nobody approves their own order. Approving runs the credit check in the account's
/// serialised transaction, counting the account's other open orders (not this one twice).
/// </summary>
public sealed class Approvals(ConnectionFactory db, OrderingSql sql, AccountStore accounts, OrderPlacement placement, MailOutbox mail, TimeProvider clock)
{
    /// <summary>The approver's queue: orders of their account, and of the accounts under it when it is a national account.</summary>
    public async Task<IReadOnlyList<Order>> QueueAsync(Approver approver, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        return (await c.QueryAsync<Order>(new CommandDefinition(sql.ApprovalQueue, new { approver.AccountId, approver.SiteId }, cancellationToken: ct))).ToList();
    }

    public async Task<Order?> PendingAsync(Approver approver, string number, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        return await c.QuerySingleOrDefaultAsync<Order>(new CommandDefinition(sql.PendingForApprover, new { approver.AccountId, approver.SiteId, Number = number }, cancellationToken: ct));
    }

    /// <summary>
    /// The order as the approver decides on it (the order page): null when it is not waiting in this approver's queue or
    /// the user is not an approver of the account.
    /// </summary>
    public async Task<ApprovalCase?> CaseAsync(Approver approver, string number, CancellationToken ct = default)
    {
        var order = await PendingAsync(approver, number, ct);
        if (order is null) return null;
        await using var c = await db.OpenAsync(ct);
        if (await c.ExecuteScalarAsync<int>(new CommandDefinition(sql.IsApprover, new { approver.UserId, approver.AccountId }, cancellationToken: ct)) == 0) return null;
        var own = await c.QuerySingleAsync<(string Email, string DisplayName, decimal? ApprovalLimit)>(
            new CommandDefinition(sql.UserContact, new { approver.UserId, approver.AccountId }, cancellationToken: ct));
        return new ApprovalCase(order, await PlacerLimitAsync(c, order, ct), own.ApprovalLimit, order.PlacedByUserId == approver.UserId);
    }

    /// <summary>The approval limit of the person who placed an order the caller already read within its tenancy; null: none.</summary>
    public async Task<decimal?> PlacerLimitAsync(Order order, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        return await PlacerLimitAsync(c, order, ct);
    }

    private async Task<decimal?> PlacerLimitAsync(DbConnection c, Order order, CancellationToken ct) =>
        (await c.QueryAsync<(string Email, string DisplayName, decimal? ApprovalLimit)>(
            new CommandDefinition(sql.UserContact, new { UserId = order.PlacedByUserId, order.AccountId }, cancellationToken: ct)))
        .Select(u => u.ApprovalLimit).FirstOrDefault();

    /// <summary>Approves (then the credit check places it, or holds it) or rejects with a reason. Null when not in the approver's queue.</summary>
    public async Task<Outcome<Order>?> DecideAsync(Approver approver, string number, bool approve, string? reason, CancellationToken ct = default)
    {
        var order = await PendingAsync(approver, number, ct);
        if (order is null) return null;
        reason = reason?.Trim();
        if (!approve && string.IsNullOrEmpty(reason)) return Outcome<Order>.Failed("Reason", "Say why the order is rejected; the buyer reads it.");
        if (TextRules.Problem(reason, "The reason", TextLimits.Orders.DecisionReason, multiLine: true) is { } problem) return Outcome<Order>.Failed("Reason", problem);

        await using var c = await db.OpenAsync(ct);
        if (await c.ExecuteScalarAsync<int>(new CommandDefinition(sql.IsApprover, new { approver.UserId, approver.AccountId }, cancellationToken: ct)) == 0)
            return Outcome<Order>.Failed("", "Only an approver of the account can decide on orders.");
        if (approve)
        {
            if (order.PlacedByUserId == approver.UserId)
                return Outcome<Order>.Failed("", $"You placed {order.Number}; another approver must approve it.");
            var own = await c.QuerySingleAsync<(string Email, string DisplayName, decimal? ApprovalLimit)>(
                new CommandDefinition(sql.UserContact, new { approver.UserId, approver.AccountId }, cancellationToken: ct));
            if (own.ApprovalLimit is { } limit && order.Total > limit)
                return Outcome<Order>.Failed("", $"{order.Number} ({Money.Format(order.Total)}) is over your own approval limit of {Money.Format(limit)}; an approver with a higher limit must approve it.");
        }

        var terms = await accounts.TermsAsync(order.AccountId, ct);
        var now = clock.GetUtcNow();
        Guid mailId;
        string status, note;
        await using (var tx = await db.BeginWriteAsync(c, ct))
        {
            await c.ExecuteScalarAsync<int?>(new CommandDefinition(sql.LockAccount, new { order.AccountId }, tx, cancellationToken: ct));
            (status, note) = approve ? await placement.CreditCheckAsync(c, tx, terms, order.Id, order.Total, ct) : (OrderStatus.Rejected, $"Rejected: {reason}");
            if (approve) note = "Approved. " + note;
            var rows = await c.ExecuteAsync(new CommandDefinition(sql.Decide, new
            {
                OrderId = order.Id, order.AccountId, OldStatus = OrderStatus.PendingApproval, NewStatus = status, approver.UserId, Now = now,
                Reason = string.IsNullOrEmpty(reason) ? null : reason,
            }, tx, cancellationToken: ct));
            if (rows == 0) return Outcome<Order>.Failed("", $"{order.Number} was decided meanwhile by someone else.");
            await c.ExecuteAsync(new CommandDefinition(sql.InsertEvent, new { Id = Guid.NewGuid(), OrderId = order.Id, AtUtc = now, Status = status, approver.UserId, Note = TextLimits.Cut(note, TextLimits.OrderEvents.Note) }, tx, cancellationToken: ct));
            var buyer = await c.QuerySingleAsync<(string Email, string DisplayName, decimal? ApprovalLimit)>(
                new CommandDefinition(sql.UserContact, new { UserId = order.PlacedByUserId, order.AccountId }, tx, cancellationToken: ct));
            var what = approve ? "was approved" : "was rejected";
            var decided = order with { Status = status };
            mailId = await mail.QueueAsync(c, tx, buyer.Email, OrderMail.Subject(decided, what), OrderMail.Body(decided, what, note), ct);
            await tx.CommitAsync(ct);
        }
        mail.Wake(mailId);
        return Outcome<Order>.Ok((await c.QuerySingleAsync<Order>(new CommandDefinition(sql.OrderByNumber, new { order.AccountId, Number = number, SiteId = (Guid?)null }, cancellationToken: ct))));
    }
}
