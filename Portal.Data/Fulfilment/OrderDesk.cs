using Portal.Data.Accounts;
using System.Net;
using Portal.Data.Catalog;
using Portal.Data.Mail;
using Portal.Data.Ordering;
using Portal.Data.Reliability;

namespace Portal.Data.Fulfilment;

public sealed record PromiseInput(int LineNumber, DateOnly? PromisedDate, int Quantity);
public sealed record QuantityInput(int LineNumber, int Quantity);

/// <summary>
/// The supplier's order desk: confirm orders with a promise per line, re-promise with a reason (the ledger keeps every
/// promise), record shipments and deliveries, release or reject credit holds. Status follows the quantities: Confirmed,
/// Partially shipped, Shipped, Delivered, Closed. Every change is a status event and an e-mail to the buyer.
/// </summary>
public sealed class OrderDesk(ConnectionFactory db, FulfilmentSql sql, OrderingSql orderingSql, AccountStore accounts, CatalogStore catalog, MailOutbox mail, TimeProvider clock,
    Portal.Data.Service.CalendarAdmin calendars, ReliabilityHooks reliability)
{
    public async Task<Page<Order>> QueueAsync(OrderDeskFilter f, CancellationToken ct = default)
    {
        var size = Math.Clamp(f.PageSize, 1, 200);
        var args = new
        {
            f.AccountId, Status = string.IsNullOrWhiteSpace(f.Status) ? null : f.Status, f.RequestedFrom, f.RequestedTo,
            WaitingSince = f.WaitingHours is { } h ? clock.GetUtcNow().AddHours(-h) : (DateTimeOffset?)null,
            Skip = Paging.Skip(f.Page, size), Take = size,
        };
        await using var c = await db.OpenAsync(ct);
        var items = (await c.QueryAsync<Order>(new CommandDefinition(sql.Queue, args, cancellationToken: ct))).ToList();
        var total = await c.ExecuteScalarAsync<int>(new CommandDefinition(sql.QueueCount, args, cancellationToken: ct));
        return new Page<Order>(items, Math.Max(1, f.Page), size, total);
    }

    /// <summary>How many orders wait in each of the desk's queues, of one account or (null) of all.</summary>
    public async Task<DeskCounts> CountsAsync(Guid? accountId = null, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        return await c.QuerySingleAsync<DeskCounts>(new CommandDefinition(sql.QueueCounts, new { AccountId = accountId }, cancellationToken: ct));
    }

    public async Task<Order?> GetAsync(string number, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        return await c.QuerySingleOrDefaultAsync<Order>(new CommandDefinition(sql.OrderByNumber, new { Number = number }, cancellationToken: ct));
    }

    /// <summary>The progress of an order of any account: for the supplier's side only.</summary>
    public Task<OrderProgress> ProgressOfAnyAccountAsync(Guid orderId, CancellationToken ct = default) => ProgressAsync(null, orderId, ct);

    /// <summary>The progress of one of the account's orders; another account's order reads as empty.</summary>
    public Task<OrderProgress> ProgressAsync(Guid accountId, Guid orderId, CancellationToken ct = default) => ProgressAsync((Guid?)accountId, orderId, ct);

    /// <summary>Lines with their promises, shipped and delivered quantities, and the shipments with their deliveries.</summary>
    private async Task<OrderProgress> ProgressAsync(Guid? accountId, Guid orderId, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        var lines = await c.QueryAsync<OrderLine>(new CommandDefinition(orderingSql.OrderLines, new { OrderId = orderId, AccountId = accountId }, cancellationToken: ct));
        var promises = (await c.QueryAsync<PromiseEntry>(new CommandDefinition(sql.PromisesOfOrder, new { OrderId = orderId, AccountId = accountId }, cancellationToken: ct))).ToList();
        var shipments = (await c.QueryAsync<ShipmentView>(new CommandDefinition(sql.ShipmentsOfOrder, new { OrderId = orderId, AccountId = accountId }, cancellationToken: ct))).ToList();
        var shipped = (await c.QueryAsync<(Guid ShipmentId, int LineNumber, int Quantity)>(new CommandDefinition(sql.ShipmentLinesOfOrder, new { OrderId = orderId, AccountId = accountId }, cancellationToken: ct))).ToList();
        var delivered = (await c.QueryAsync<(Guid ShipmentId, int LineNumber, int Quantity)>(new CommandDefinition(sql.DeliveryLinesOfOrder, new { OrderId = orderId, AccountId = accountId }, cancellationToken: ct))).ToList();
        var views = shipments.Select(s => s with
        {
            Lines = shipped.Where(x => x.ShipmentId == s.Id).ToDictionary(x => x.LineNumber, x => x.Quantity),
            Delivered = delivered.Where(x => x.ShipmentId == s.Id).ToDictionary(x => x.LineNumber, x => x.Quantity),
        }).ToList();
        var progress = lines.Select(l =>
        {
            var history = promises.Where(p => p.LineNumber == l.LineNumber).ToList();
            return new LineProgress(l, history.LastOrDefault(), history,
                shipped.Where(x => x.LineNumber == l.LineNumber).Sum(x => x.Quantity),
                delivered.Where(x => x.LineNumber == l.LineNumber).Sum(x => x.Quantity));
        }).ToList();
        return new OrderProgress(progress, views);
    }

    /// <summary>The promise to propose per line: the requested date where the lead time allows, else the earliest it allows.</summary>
    public async Task<IReadOnlyList<PromiseInput>> ProposalAsync(Order order, CancellationToken ct = default)
    {
        var terms = await accounts.TermsAsync(order.AccountId, ct);
        var progress = await ProgressOfAnyAccountAsync(order.Id, ct);
        var products = await catalog.ByIdsAsync(progress.Lines.Select(l => l.Line.ProductId), ct);
        var proposal = new List<PromiseInput>();
        var calendar = await calendars.CurrentAsync(ct);
        foreach (var line in progress.Lines)
        {
            var lead = products.GetValueOrDefault(line.Line.ProductId)?.LeadTimeDays ?? 1;
            var earliest = DeliveryDates.Earliest(clock.GetUtcNow(), terms.TimeZone, lead, calendar);
            proposal.Add(new PromiseInput(line.Line.LineNumber, order.RequestedDeliveryDate >= earliest ? order.RequestedDeliveryDate : earliest, line.Line.Quantity));
        }
        return proposal;
    }

    public async Task<Outcome<Order>?> ConfirmAsync(string number, Guid userId, IReadOnlyList<PromiseInput> promises, CancellationToken ct = default)
    {
        if (await GetAsync(number, ct) is not { } order) return null;
        if (order.Status != OrderStatus.Submitted)
            return Outcome<Order>.Failed("", $"{number} is {OrderStatus.Label(order.Status).ToLowerInvariant()}; only submitted orders can be confirmed.");
        var progress = await ProgressOfAnyAccountAsync(order.Id, ct);
        var today = (await accounts.TermsAsync(order.AccountId, ct)).Today(clock);
        var errors = new FieldErrors();
        foreach (var line in progress.Lines)
        {
            var input = promises.FirstOrDefault(p => p.LineNumber == line.Line.LineNumber);
            // each field of the line has its own key, so the page marks the date or the quantity that was refused
            errors.Add(input?.PromisedDate is null, PromiseField(line.Line.LineNumber, "PromisedDate"), $"Line {line.Line.LineNumber} ({line.Line.Sku}): give a promised date.");
            errors.Add(input is not null && (input.Quantity < 1 || input.Quantity > line.Line.Quantity), PromiseField(line.Line.LineNumber, "Quantity"),
                $"Line {line.Line.LineNumber} ({line.Line.Sku}): promise between 1 and {line.Line.Quantity}.");
            errors.Add(input?.PromisedDate is { } d && d < today, PromiseField(line.Line.LineNumber, "PromisedDate"),
                $"Line {line.Line.LineNumber} ({line.Line.Sku}): a promise cannot be in the past.");
        }
        if (errors.Any) return Outcome<Order>.Failed(errors);

        var now = clock.GetUtcNow();
        await using var c = await db.OpenAsync(ct);
        await using var tx = await c.BeginTransactionAsync(ct);
        if (await c.ExecuteAsync(new CommandDefinition(sql.SetStatus, new { OrderId = order.Id, OldStatus = OrderStatus.Submitted, NewStatus = OrderStatus.Confirmed }, tx, cancellationToken: ct)) == 0)
            return Outcome<Order>.Failed("", $"{number} changed meanwhile; look at it again.");
        await c.ExecuteAsync(new CommandDefinition(sql.InsertPromise, promises.Select(p => new
        {
            Id = Guid.NewGuid(), OrderId = order.Id, p.LineNumber, PromisedDate = p.PromisedDate!.Value, p.Quantity, Kind = "Confirmed",
            ReasonCode = (string?)null, Note = (string?)null, ByUserId = userId, AtUtc = now,
        }).ToList(), tx, cancellationToken: ct));
        var latest = promises.Max(p => p.PromisedDate!.Value);
        await Event(c, tx, order.Id, OrderStatus.Confirmed, userId, $"Confirmed; delivery promised by {latest:ddd d MMM yyyy}.", ct);
        await tx.CommitAsync(ct);
        await MailBuyerAsync(order, "was confirmed", $"Delivery is promised by {latest:ddd d MMM yyyy}. " + string.Join(" ", promises.Select(p => $"Line {p.LineNumber}: {p.Quantity} by {p.PromisedDate:yyyy-MM-dd}.")), ct);
        return Outcome<Order>.Ok((await GetAsync(number, ct))!);
    }

    /// <summary>The key of a confirmation error of one field of one line: "Line2.Quantity".</summary>
    public static string PromiseField(int lineNumber, string field) => $"Line{lineNumber}.{field}";

    /// <summary>
    /// A new promise for one line, with a reason code; the earlier promise stays in the ledger. Only what is given changes:
    /// a date or quantity left out (null) stays as the line's promise in force, so a re-promise of the date never changes
    /// the quantity. A re-promise that changes neither is refused.
    /// </summary>
    public async Task<Outcome<Order>?> RepromiseAsync(string number, Guid userId, int lineNumber, DateOnly? date, int? quantity, string? reason, string? note, CancellationToken ct = default)
    {
        if (await GetAsync(number, ct) is not { } order) return null;
        var progress = await ProgressOfAnyAccountAsync(order.Id, ct);
        var line = progress.Lines.FirstOrDefault(l => l.Line.LineNumber == lineNumber);
        var newDate = date ?? line?.Promise?.PromisedDate;
        var newQuantity = quantity ?? line?.Promise?.Quantity;
        var least = Math.Max(1, line?.Shipped ?? 0);
        var errors = new FieldErrors()
            .Add(order.Status is not (OrderStatus.Confirmed or OrderStatus.PartiallyShipped), "", $"{number} is {OrderStatus.Label(order.Status).ToLowerInvariant()}; only confirmed, not fully shipped orders can be re-promised.")
            .Add(line is null, "LineNumber", "Choose a line of the order.")
            .Add(line is { Promise: null }, "LineNumber", "That line has no promise yet.")
            .Add(date is { } promised && promised < (await accounts.TermsAsync(order.AccountId, ct)).Today(clock), "PromisedDate", "A promise cannot be in the past.")
            .Add(line is not null && quantity is { } q && (q < least || q > line.Line.Quantity), "Quantity",
                line is { Shipped: > 1 } ? $"Promise between the {line.Shipped} already shipped and the {line.Line.Quantity} ordered." : $"Promise between 1 and {line?.Line.Quantity}.")
            .Add(line?.Promise is { } current && newDate == current.PromisedDate && newQuantity == current.Quantity, "PromisedDate",
                $"Line {lineNumber} is already promised {line?.Promise?.Quantity} by {line?.Promise?.PromisedDate:ddd d MMM yyyy}: change the date or the quantity.")
            .Add(!RepromiseReasons.All.Contains(reason ?? ""), "ReasonCode", "Choose the reason for the change.")
            .Add(reason == RepromiseReasons.Other && string.IsNullOrWhiteSpace(note), "Note", "Say what the other reason is.")
            .Add(note is { Length: > 500 }, "Note", "The note can be at most 500 characters.");
        if (errors.Any) return Outcome<Order>.Failed(errors);

        var at = clock.GetUtcNow();
        await using var c = await db.OpenAsync(ct);
        await using var tx = await c.BeginTransactionAsync(ct);
        await c.ExecuteAsync(new CommandDefinition(sql.InsertPromise, new
        {
            Id = Guid.NewGuid(), OrderId = order.Id, LineNumber = lineNumber, PromisedDate = newDate!.Value, Quantity = newQuantity!.Value, Kind = "Repromise",
            ReasonCode = reason, Note = string.IsNullOrWhiteSpace(note) ? null : note.Trim(), ByUserId = userId, AtUtc = at,
        }, tx, cancellationToken: ct));
        var text = $"Line {lineNumber} ({line!.Line.Sku}) re-promised: {newQuantity} by {newDate:ddd d MMM yyyy} (was {line.Promise!.Quantity} by {line.Promise.PromisedDate:ddd d MMM yyyy}). Reason: {RepromiseReasons.Label(reason)}{(string.IsNullOrWhiteSpace(note) ? "" : $", {note.Trim()}")}.";
        await Event(c, tx, order.Id, order.Status, userId, text, ct);
        await tx.CommitAsync(ct);
        await reliability.RepromisedAsync(order.Id, lineNumber, ct);
        await MailBuyerAsync(order, "has a new promised date", text, ct);
        return Outcome<Order>.Ok(order);
    }

    /// <summary>Records a shipment (partial allowed) and moves the order to Partially shipped or Shipped.</summary>
    public async Task<Outcome<Order>?> ShipAsync(string number, Guid userId, string? carrier, string? trackingRef, IReadOnlyList<QuantityInput> lines, CancellationToken ct = default)
    {
        if (await GetAsync(number, ct) is not { } order) return null;
        var progress = await ProgressOfAnyAccountAsync(order.Id, ct);
        var errors = new FieldErrors()
            .Add(order.Status is not (OrderStatus.Confirmed or OrderStatus.PartiallyShipped), "", $"{number} is {OrderStatus.Label(order.Status).ToLowerInvariant()}; only confirmed orders with something left to ship can be shipped.")
            .Add(string.IsNullOrWhiteSpace(carrier), "Carrier", "Name the carrier.")
            .Text("Carrier", carrier?.Trim(), "The carrier", TextLimits.Shipments.Carrier)
            .Text("TrackingRef", trackingRef?.Trim(), "The tracking reference", TextLimits.Shipments.TrackingRef)
            .Add(lines.All(l => l.Quantity <= 0), "", "Ship at least one unit.");
        // a shipment carries at most what is promised and not yet shipped: a quantity never promised is never shipped
        foreach (var input in lines.Where(l => l.Quantity != 0))
        {
            var line = progress.Lines.FirstOrDefault(l => l.Line.LineNumber == input.LineNumber);
            errors.Add(line is null, $"Line{input.LineNumber}", $"Line {input.LineNumber} is not on the order.");
            errors.Add(line is not null && input.Quantity < 0, $"Line{input.LineNumber}", $"Line {input.LineNumber} ({line?.Line.Sku}): ship 0 or more.");
            errors.Add(line is not null && input.Quantity > line.PromisedToShip, $"Line{input.LineNumber}",
                line?.PromisedToShip == 0
                    ? $"Line {input.LineNumber} ({line.Line.Sku}): nothing promised is left to ship; ship 0, or re-promise the line first."
                    : $"Line {input.LineNumber} ({line?.Line.Sku}): ship between 0 and the {line?.PromisedToShip} promised and not yet shipped.");
        }
        if (errors.Any) return Outcome<Order>.Failed(errors);

        // shipped once everything promised is shipped (a quantity never promised is not waited for)
        var allShipped = progress.Lines.All(l => l.PromisedToShip - lines.Where(x => x.LineNumber == l.Line.LineNumber).Sum(x => x.Quantity) <= 0);
        var status = allShipped ? OrderStatus.Shipped : OrderStatus.PartiallyShipped;
        var id = Guid.NewGuid();
        await using var c = await db.OpenAsync(ct);
        await using var tx = await c.BeginTransactionAsync(ct);
        if (await c.ExecuteAsync(new CommandDefinition(sql.SetStatusAtVersion, new { OrderId = order.Id, OldStatus = order.Status, NewStatus = status, order.Version }, tx, cancellationToken: ct)) == 0)
            return Outcome<Order>.Failed("", $"{number} changed meanwhile (another shipment or delivery was recorded); look at it again.");
        await c.ExecuteAsync(new CommandDefinition(sql.InsertShipment, new
        {
            Id = id, OrderId = order.Id, Carrier = carrier!.Trim(), TrackingRef = string.IsNullOrWhiteSpace(trackingRef) ? null : trackingRef.Trim(),
            ShippedUtc = clock.GetUtcNow(), ByUserId = userId,
        }, tx, cancellationToken: ct));
        await c.ExecuteAsync(new CommandDefinition(sql.InsertShipmentLine, lines.Where(l => l.Quantity > 0).Select(l => new { ShipmentId = id, l.LineNumber, l.Quantity }).ToList(), tx, cancellationToken: ct));
        var text = Notes.Listing($"Dispatched with {carrier.Trim()}{(string.IsNullOrWhiteSpace(trackingRef) ? "" : $", tracking {trackingRef.Trim()}")}: ",
            lines.Where(l => l.Quantity > 0).Select(l => $"line {l.LineNumber} × {l.Quantity}").ToList(), "line");
        await Event(c, tx, order.Id, status, userId, text, ct);
        await tx.CommitAsync(ct);
        await MailBuyerAsync(order, allShipped ? "was dispatched" : "was partly dispatched", text, ct);
        return Outcome<Order>.Ok((await GetAsync(number, ct))!);
    }

    /// <summary>Records what arrived of one shipment (short deliveries allowed); Delivered once everything shipped has arrived.</summary>
    public async Task<Outcome<Order>?> DeliverAsync(string number, Guid userId, Guid shipmentId, DateOnly? date, IReadOnlyList<QuantityInput> lines, CancellationToken ct = default)
    {
        if (await GetAsync(number, ct) is not { } order) return null;
        var progress = await ProgressOfAnyAccountAsync(order.Id, ct);
        var shipment = progress.Shipments.FirstOrDefault(s => s.Id == shipmentId);
        if (shipment is null) return null;
        // dates are the account's: the day the shipment left and today, in its time zone
        var terms = await accounts.TermsAsync(order.AccountId, ct);
        var zone = TimeZoneInfo.FindSystemTimeZoneById(terms.TimeZone);
        var left = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(shipment.ShippedUtc, zone).DateTime);
        var errors = new FieldErrors()
            .Add(shipment.DeliveredDate is not null, "", "This shipment's delivery is already recorded.")
            .Add(date is null, "DeliveredDate", "Give the date it was delivered.")
            .Add(date is { } d && d < left, "DeliveredDate", "A delivery cannot be before the shipment left.")
            .Add(date is { } d2 && d2 > terms.Today(clock), "DeliveredDate", "A delivery cannot be recorded in the future.");
        foreach (var input in lines)
        {
            var sent = shipment.Lines.GetValueOrDefault(input.LineNumber);
            errors.Add(input.Quantity < 0 || input.Quantity > sent, $"Line{input.LineNumber}", $"Line {input.LineNumber}: received between 0 and the {sent} shipped.");
        }
        if (errors.Any) return Outcome<Order>.Failed(errors);

        var everythingShipped = order.Status == OrderStatus.Shipped;
        var lastOpen = progress.Shipments.Count(s => s.DeliveredDate is null) == 1;
        var status = everythingShipped && lastOpen ? OrderStatus.Delivered : order.Status;
        var received = shipment.Lines.Keys.Select(n => new QuantityInput(n, lines.FirstOrDefault(l => l.LineNumber == n)?.Quantity ?? 0)).ToList();
        var shortLines = received.Where(r => r.Quantity < shipment.Lines[r.LineNumber]).ToList();
        var id = Guid.NewGuid();
        await using var c = await db.OpenAsync(ct);
        await using var tx = await c.BeginTransactionAsync(ct);
        if (await c.ExecuteAsync(new CommandDefinition(sql.SetStatusAtVersion, new { OrderId = order.Id, OldStatus = order.Status, NewStatus = status, order.Version }, tx, cancellationToken: ct)) == 0)
            return Outcome<Order>.Failed("", $"{number} changed meanwhile (another shipment or delivery was recorded); look at it again.");
        await c.ExecuteAsync(new CommandDefinition(sql.InsertDelivery, new { Id = id, ShipmentId = shipmentId, OrderId = order.Id, DeliveredDate = date!.Value, RecordedUtc = clock.GetUtcNow(), ByUserId = userId }, tx, cancellationToken: ct));
        await c.ExecuteAsync(new CommandDefinition(sql.InsertDeliveryLine, received.Select(r => new { DeliveryId = id, r.LineNumber, r.Quantity }).ToList(), tx, cancellationToken: ct));
        var text = shortLines.Count == 0
            ? $"Delivered on {date:ddd d MMM yyyy}."
            : Notes.Listing($"Delivered on {date:ddd d MMM yyyy}, short: ", shortLines.Select(s => $"line {s.LineNumber} {s.Quantity} of {shipment.Lines[s.LineNumber]}").ToList(), "short line");
        await Event(c, tx, order.Id, status, userId, text, ct);
        await tx.CommitAsync(ct);
        await reliability.DeliveredAsync(order.Id, ct);
        return Outcome<Order>.Ok((await GetAsync(number, ct))!);
    }

    /// <summary>Credit hold review: release to the desk (Submitted) or reject with a reason. The buyer is told either way.</summary>
    public async Task<Outcome<Order>?> ReviewHoldAsync(string number, Guid userId, bool release, string? reason, CancellationToken ct = default)
    {
        if (await GetAsync(number, ct) is not { } order) return null;
        if (order.Status != OrderStatus.CreditHold) return Outcome<Order>.Failed("", $"{number} is not on credit hold.");
        return release
            ? await DecideAsync(order, userId, OrderStatus.Submitted, null, "Released from credit hold by the supplier.", "was released from credit hold", ct)
            : await RejectAsync(number, userId, reason, ct);
    }

    /// <summary>The supplier rejects a submitted or held order, with a reason the buyer reads.</summary>
    public async Task<Outcome<Order>?> RejectAsync(string number, Guid userId, string? reason, CancellationToken ct = default)
    {
        if (await GetAsync(number, ct) is not { } order) return null;
        reason = reason?.Trim();
        if (order.Status is not (OrderStatus.Submitted or OrderStatus.CreditHold))
            return Outcome<Order>.Failed("", $"{number} is {OrderStatus.Label(order.Status).ToLowerInvariant()}; only submitted or held orders can be rejected.");
        if (string.IsNullOrEmpty(reason)) return Outcome<Order>.Failed("Reason", "Say why the order is rejected; the buyer reads it.");
        return await DecideAsync(order, userId, OrderStatus.Rejected, reason, $"Rejected by the supplier: {reason}", "was rejected by the supplier", ct);
    }

    public async Task<Outcome<Order>?> CloseAsync(string number, Guid userId, CancellationToken ct = default)
    {
        if (await GetAsync(number, ct) is not { } order) return null;
        if (order.Status != OrderStatus.Delivered) return Outcome<Order>.Failed("", $"{number} is not delivered yet.");
        await using var c = await db.OpenAsync(ct);
        await using var tx = await c.BeginTransactionAsync(ct);
        if (await c.ExecuteAsync(new CommandDefinition(sql.SetStatus, new { OrderId = order.Id, OldStatus = order.Status, NewStatus = OrderStatus.Closed }, tx, cancellationToken: ct)) == 0)
            return Outcome<Order>.Failed("", $"{number} changed meanwhile; look at it again.");
        await Event(c, tx, order.Id, OrderStatus.Closed, userId, "Closed.", ct);
        await tx.CommitAsync(ct);
        return Outcome<Order>.Ok((await GetAsync(number, ct))!);
    }

    private async Task<Outcome<Order>> DecideAsync(Order order, Guid userId, string status, string? reason, string note, string what, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        await using var tx = await c.BeginTransactionAsync(ct);
        if (await c.ExecuteAsync(new CommandDefinition(sql.Decide, new { OrderId = order.Id, OldStatus = order.Status, NewStatus = status, UserId = userId, Now = clock.GetUtcNow(), Reason = reason }, tx, cancellationToken: ct)) == 0)
            return Outcome<Order>.Failed("", $"{order.Number} changed meanwhile; look at it again.");
        await Event(c, tx, order.Id, status, userId, note, ct);
        await tx.CommitAsync(ct);
        await MailBuyerAsync(order, what, note, ct);
        return Outcome<Order>.Ok((await GetAsync(order.Number, ct))!);
    }

    private Task Event(DbConnection c, DbTransaction tx, Guid orderId, string status, Guid userId, string note, CancellationToken ct) =>
        c.ExecuteAsync(new CommandDefinition(orderingSql.InsertEvent, new { Id = Guid.NewGuid(), OrderId = orderId, AtUtc = clock.GetUtcNow(), Status = status, UserId = userId, Note = TextLimits.Cut(note, TextLimits.OrderEvents.Note) }, tx, cancellationToken: ct));

    private async Task MailBuyerAsync(Order order, string what, string note, CancellationToken ct)
    {
        string? email;
        await using (var c = await db.OpenAsync(ct))
            email = await c.QuerySingleOrDefaultAsync<string>(new CommandDefinition(sql.BuyerEmail, new { UserId = order.PlacedByUserId }, cancellationToken: ct));
        if (email is null) return;
        await mail.QueueAsync(email, TextLimits.Cut($"Order {order.Number} {what}", TextLimits.MailOutbox.Subject),
            $"<p>Order <strong>{order.Number}</strong> {WebUtility.HtmlEncode(what)}.</p><p>{WebUtility.HtmlEncode(note)}</p>", ct);
    }
}
