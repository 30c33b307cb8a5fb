using System.Net;
using Portal.Data.Accounts;
using Portal.Data.Catalog;
using Portal.Data.Mail;

namespace Portal.Data.Ordering;

/// <summary>Where an order came from: a person at checkout, a purchasing system through the API, a reorder schedule, a stock rule.</summary>
public static class OrderSource
{
    public const string Portal = "Portal";
    public const string Api = "Api";
    public const string Schedule = "Schedule";
    /// <summary>Placed by the replenishment run for a site whose counts fell to the minimum of its stock rules.</summary>
    public const string StockRule = "StockRule";
}

/// <summary>Who places an order: a user of the account (the buyer at checkout, the creator of an API key, a schedule's owner).</summary>
/// <summary>Whether an order would go on credit hold: the account's open orders and its credit limit (null: none).</summary>
public sealed record CreditPreview(bool WouldHold, decimal Open, decimal? Limit);

public sealed record Placer(Guid AccountId, Guid UserId);

/// <summary>One order of a batch handed to <see cref="OrderPlacement.PlaceManyAsync"/>: who places it and what.</summary>
public sealed record PlacementRequest(Placer Placer, OrderDraft Draft);

/// <summary>What placing a batch gave: one answer per request, in their order, and the e-mails queued (to wake after the commit).</summary>
public sealed record PlacedBatch(IReadOnlyList<Placement> Placements, IReadOnlyList<Guid> Mails);

public sealed record DraftLine(Guid ProductId, int Quantity);

/// <summary>The cart a checkout places, as the buyer saw it: it must still be that version, and it is emptied with the order.</summary>
public sealed record CartClaim(Guid CartId, int Version);

/// <summary>
/// An order as an adapter (checkout, API, schedule) hands it to <see cref="OrderPlacement"/>. The idempotency key belongs
/// to its scope (who sent it: a user's form, an API key, a schedule); the fingerprint says what was asked, so a key reused
/// for another request is refused rather than answered with the wrong order.
/// </summary>
public sealed record OrderDraft
{
    public Guid SiteId { get; init; }
    public IReadOnlyList<DraftLine> Lines { get; init; } = [];
    public string? PoNumber { get; init; }
    public DateOnly? RequestedDeliveryDate { get; init; }
    public string? Notes { get; init; }
    public string IdempotencyScope { get; init; } = "";
    public string IdempotencyKey { get; init; } = "";
    public string? Fingerprint { get; init; }
    public string Source { get; init; } = OrderSource.Portal;
    public CartClaim? Cart { get; init; }
}

/// <summary>What placing gave: the order (new or, for a replay, the first one), or the problems that stopped it.</summary>
public sealed record Placement(Order? Order, FieldErrors Errors, bool Replayed = false, bool KeyReusedForAnotherRequest = false)
{
    public bool Succeeded => Order is not null;
    public static Placement Failed(FieldErrors errors) => new(null, errors);
    public static Placement Failed(string field, string message) => new(null, new FieldErrors { [field] = message });
}

/// <summary>
/// The one place an order is placed, whoever places it. It checks every rule a person at checkout passes — the account is
/// active, the placer can sign in, the site is the account's, active and allowed for the placer, every product is sold,
/// quantities follow minimums and packs, the delivery date respects lead times — then, in one transaction that runs one
/// at a time per account, re-checks the idempotency key, claims the cart, applies the approval limit and the credit limit
/// against the account's open orders, writes the order and queues its e-mails. Prices are fixed on the order here.
/// </summary>
public sealed class OrderPlacement(
    ConnectionFactory db, OrderingSql sql, AccountStore accounts, CatalogStore catalog, MailOutbox mail, TimeProvider clock,
    Portal.Data.Service.CalendarAdmin calendars)
{
    public const int MaxLines = 500;
    public const int MaxKeyLength = TextLimits.Orders.IdempotencyKey;
    /// <summary>How far ahead a delivery may be requested: a year from the account's today.</summary>
    public const int HorizonDays = 366;

    public async Task<Placement> PlaceAsync(Placer placer, OrderDraft draft, CancellationToken ct = default)
    {
        if (KeyProblem(draft) is { } bad) return bad;
        if (await PriorAsync(null, null, placer.AccountId, draft, ct) is { } prior) return prior;
        var placed = (await PlaceCoreAsync([new PlacementRequest(placer, draft)], priorChecked: true, null, null, ct)).Placements[0];
        // a new order as the order pages read it back
        return placed is { Order: { } order, Replayed: false } ? placed with { Order = await GetAsync(placer.AccountId, order.Number, ct) } : placed;
    }

    /// <summary>
    /// Places a batch of orders (the replenishment job's due schedules) through the same checks as <see cref="PlaceAsync"/>,
    /// one answer per request in the order given, on the caller's connection and write transaction (so the job claims,
    /// places and records a batch in one transaction): what every order is checked against (placers, accounts' terms,
    /// sites, price books, products, the calendar) is read once per batch; the orders that pass are written with one
    /// prepared statement per table, the accounts locked in id order and each account's credit weighed against its open
    /// orders and the batch's orders before it. An order that fails a check is answered with its errors and does not stop
    /// the others; a replayed idempotency key is answered with its first order. After the commit, call
    /// <see cref="MailOutbox.Wake"/> with one of the returned messages.
    /// </summary>
    public Task<PlacedBatch> PlaceManyAsync(DbConnection c, DbTransaction tx, IReadOnlyList<PlacementRequest> requests, CancellationToken ct = default) =>
        PlaceCoreAsync(requests, priorChecked: false, c, tx, ct);

    private static Placement? KeyProblem(OrderDraft draft)
    {
        var key = draft.IdempotencyKey;
        return string.IsNullOrWhiteSpace(key) || key.Length > MaxKeyLength || key.Any(char.IsControl)
            ? Placement.Failed("IdempotencyKey", $"An idempotency key of 1 to {MaxKeyLength} printable characters is needed.")
            : null;
    }

    /// <summary>An order that passed every check, waiting for the write.</summary>
    private sealed record Checked(int Index, Placer Placer, OrderDraft Draft, PlacerRow Who, AccountTerms Terms, List<CartLine> Lines, Order Order);

    /// <summary>What a batch of orders is checked against, read once per batch.</summary>
    private sealed class Context
    {
        public Dictionary<(Guid AccountId, Guid UserId), PlacerRow?> Placers { get; } = [];
        public Dictionary<Guid, AccountTerms> Terms { get; } = [];
        public Dictionary<(Guid AccountId, Guid SiteId), Site?> Sites { get; } = [];
        public Dictionary<Guid, PriceBook> Prices { get; } = [];
        public IReadOnlyDictionary<Guid, Product> Products { get; set; } = new Dictionary<Guid, Product>();
        public Portal.Data.Service.BusinessCalendar Calendar { get; set; } = null!;
    }

    private async Task<Context> ContextAsync(IEnumerable<PlacementRequest> requests, CancellationToken ct)
    {
        var context = new Context();
        var list = requests.ToList();
        await using (var c = await db.OpenAsync(ct))
            foreach (var placer in list.Select(r => r.Placer).Distinct())
                context.Placers[(placer.AccountId, placer.UserId)] = await c.QuerySingleOrDefaultAsync<PlacerRow>(
                    new CommandDefinition(sql.Placer, new { placer.UserId, placer.AccountId }, cancellationToken: ct));
        // the placer is a user of the account, so the account exists
        foreach (var account in list.Where(r => context.Placers[(r.Placer.AccountId, r.Placer.UserId)] is { IsDisabled: false }).Select(r => r.Placer.AccountId).Distinct())
        {
            var terms = context.Terms[account] = await accounts.TermsAsync(account, ct);
            if (terms.IsActive) context.Prices[account] = await catalog.PriceBookAsync(terms.Id, terms.ParentAccountId, terms.Today(clock), ct);
        }
        foreach (var (account, site) in list.Where(r => context.Prices.ContainsKey(r.Placer.AccountId)).Select(r => (r.Placer.AccountId, r.Draft.SiteId)).Distinct())
            context.Sites[(account, site)] = await accounts.GetSiteAsync(account, site, ct);
        context.Products = await catalog.ByIdsAsync(list.SelectMany(r => r.Draft.Lines.Select(l => l.ProductId)), ct);
        // business days are the supplier's: its calendar's working weekdays, holidays excluded
        context.Calendar = await calendars.CurrentAsync(ct);
        return context;
    }

    /// <summary>Every rule a person at checkout passes, for one order: its errors, or the order ready to write.</summary>
    private (FieldErrors Errors, Checked? Ready) Check(int index, PlacementRequest request, Context context, DateTimeOffset now)
    {
        var (placer, draft) = request;
        var who = context.Placers[(placer.AccountId, placer.UserId)];
        if (who is null || who.IsDisabled) return (new FieldErrors { [""] = "This user cannot place orders for the account (disabled or unknown)." }, null);
        var terms = context.Terms[placer.AccountId];
        if (!terms.IsActive) return (new FieldErrors { [""] = $"{terms.Name} is deactivated: no orders can be placed." }, null);
        var site = context.Sites[(placer.AccountId, draft.SiteId)];
        var today = terms.Today(clock);
        var prices = context.Prices[placer.AccountId];
        var products = context.Products;
        var po = draft.PoNumber?.Trim();
        var notes = string.IsNullOrWhiteSpace(draft.Notes) ? null : draft.Notes.Trim();

        var errors = new FieldErrors()
            .Add(site is null || !site.IsActive, "SiteId", "Choose one of the account's active sites.")
            .Add(site is not null && who.SiteId is { } own && own != site.Id, "SiteId", "You may order only for your own site.")
            .Add(draft.Lines.Count == 0, "", "The order has no lines.")
            .Add(draft.Lines.Count > MaxLines, "", $"At most {MaxLines} lines per order.");
        var lines = new List<CartLine>();
        for (var i = 0; i < draft.Lines.Count && i < MaxLines; i++)
        {
            var (productId, quantity) = draft.Lines[i];
            if (!products.TryGetValue(productId, out var product))
                errors.Add(true, $"lines[{i}].product", $"Line {i + 1}: no such product.");
            else if (!product.IsActive)
                errors.Add(true, $"lines[{i}].product", $"Line {i + 1}: {product.Sku} {product.Name} is no longer sold.");
            else if (lines.Any(l => l.Product.Id == productId))
                errors.Add(true, $"lines[{i}].product", $"Line {i + 1}: {product.Sku} is on the order twice; one line per product.");
            else if (QuantityRules.Check(product, quantity) is { } problem)
                errors.Add(true, $"lines[{i}].quantity", $"Line {i + 1}: {problem}");
            else
                lines.Add(new CartLine(product, quantity, prices.PriceOf(product.Id, product.ListPrice, quantity), null));
        }
        var lead = lines.Count == 0 ? 0 : lines.Max(l => l.Product.LeadTimeDays);
        var calendar = context.Calendar;
        var earliest = DeliveryDates.Earliest(now, terms.TimeZone, lead, calendar);
        var latest = today.AddDays(HorizonDays);
        errors
            .Add(terms.RequirePoNumber && string.IsNullOrEmpty(po), "PoNumber", $"{terms.Name} requires a PO number on every order.")
            .Text("PoNumber", po, "The PO number", TextLimits.Orders.PoNumber)
            .Add(draft.RequestedDeliveryDate is null, "RequestedDeliveryDate", "Choose a delivery date.")
            .Add(draft.RequestedDeliveryDate < earliest, "RequestedDeliveryDate",
                $"The earliest possible delivery is {earliest:ddd d MMM yyyy} ({lead} business days' lead time).")
            .Add(draft.RequestedDeliveryDate > latest, "RequestedDeliveryDate", $"Deliveries can be requested up to {latest:d MMM yyyy}, a year ahead.")
            .Add(draft.RequestedDeliveryDate is { } d && !DeliveryDates.IsBusinessDay(d, calendar), "RequestedDeliveryDate", DeliveryDates.NotADeliveryDay(draft.RequestedDeliveryDate ?? default, calendar) ?? "")
            .Text("Notes", notes, "The notes", TextLimits.Orders.Notes, multiLine: true);
        if (errors.Any) return (errors, null);

        // time-ordered ids: a batch's orders, lines and events go at the end of their indexes instead of all over them
        var order = new Order
        {
            Id = Guid.CreateVersion7(), AccountId = placer.AccountId, SiteId = site!.Id, SiteName = site.Name, PlacedByUserId = placer.UserId,
            PlacedBy = who.DisplayName, PoNumber = string.IsNullOrEmpty(po) ? null : po, RequestedDeliveryDate = draft.RequestedDeliveryDate!.Value,
            Notes = notes, Total = lines.Sum(l => l.LineTotal), LineCount = lines.Count, CreatedUtc = now, Version = 1, Source = draft.Source,
        };
        return ([], new Checked(index, placer, draft, who, terms, lines, order));
    }

    /// <summary>
    /// Checks the requests and writes those that pass: in a transaction of its own (committed here, the mail woken) when
    /// <paramref name="c"/> is null, else in the caller's.
    /// </summary>
    private async Task<PlacedBatch> PlaceCoreAsync(IReadOnlyList<PlacementRequest> requests, bool priorChecked, DbConnection? c, DbTransaction? tx, CancellationToken ct)
    {
        var results = new Placement?[requests.Count];
        for (var i = 0; i < requests.Count; i++) results[i] = KeyProblem(requests[i].Draft);
        var context = await ContextAsync(requests.Where((_, i) => results[i] is null), ct);
        var now = clock.GetUtcNow();
        var ready = new List<Checked>();
        var refused = new List<int>();
        for (var i = 0; i < requests.Count; i++)
        {
            if (results[i] is not null) continue;
            var (errors, order) = Check(i, requests[i], context, now);
            if (order is not null) ready.Add(order);
            else { results[i] = Placement.Failed(errors); refused.Add(i); }
        }
        // a request sent again is answered with its first order, even when it would not pass the checks any more
        if (!priorChecked)
            foreach (var i in refused)
                if (await PriorAsync(c, tx, requests[i].Placer.AccountId, requests[i].Draft, ct) is { } prior) results[i] = prior;
        IReadOnlyList<Guid> mails = [];
        if (ready.Count > 0 && c is not null)
            mails = await WriteAsync(c, tx!, ready, results, ct);
        else if (ready.Count > 0)
        {
            await using var own = await db.OpenAsync(ct);
            await using var write = await db.BeginWriteAsync(own, ct);
            mails = await WriteAsync(own, write, ready, results, ct);
            await write.CommitAsync(ct);
            if (mails.Count > 0) mail.Wake(mails[0]);
        }
        return new PlacedBatch(results.Select(r => r!).ToList(), mails);
    }

    /// <summary>
    /// Writes the checked orders in the transaction: per account (in id order, so two batches at once lock alike), nobody
    /// else places or approves an order of it until the commit; the idempotency key is checked again, the cart claimed,
    /// the approval limit and the credit limit applied (the account's open orders plus the batch's orders before this one).
    /// Returns the e-mails queued.
    /// </summary>
    private async Task<IReadOnlyList<Guid>> WriteAsync(DbConnection c, DbTransaction tx, List<Checked> ready, Placement?[] results, CancellationToken ct)
    {
        var now = ready[0].Order.CreatedUtc;
        var written = new List<(Checked Item, string Status, string Note)>();
        var messages = new List<(string To, string Subject, string HtmlBody)>();
        foreach (var account in ready.GroupBy(r => r.Placer.AccountId).OrderBy(g => g.Key))
        {
            // from here to the commit, nobody else places or approves an order of this account
            await c.ExecuteScalarAsync<int?>(new CommandDefinition(sql.LockAccount, new { AccountId = account.Key }, tx, cancellationToken: ct));
            decimal? open = null;
            foreach (var item in account)
            {
                var (placer, draft) = (item.Placer, item.Draft);
                if (await PriorAsync(c, tx, placer.AccountId, draft, ct) is { } raced) { results[item.Index] = raced; continue; }
                if (draft.Cart is { } cart && await c.ExecuteAsync(new CommandDefinition(sql.ClaimCart,
                        new { cart.CartId, placer.AccountId, placer.UserId, cart.Version, Now = now }, tx, cancellationToken: ct)) == 0)
                {
                    results[item.Index] = Placement.Failed("", "Your cart changed after this page was shown (perhaps it was ordered from another tab). Look at your cart and orders, then check out again.");
                    continue;
                }
                var total = item.Order.Total;
                string status, note;
                if (item.Who.ApprovalLimit is { } limit && total > limit)
                    (status, note) = (OrderStatus.PendingApproval, $"Over the approval limit of {Money.Format(limit)}: waits for an approver.");
                else
                {
                    if (item.Terms.CreditLimit is not null) open ??= await OpenTotalAsync(c, tx, account.Key, Guid.Empty, ct);
                    (status, note) = CreditDecision(item.Terms, open ?? 0, total);
                }
                // the order is open from now on: the next one of the batch is weighed against it too
                if (open is not null) open += total;
                written.Add((item, status, note));
            }
        }
        if (written.Count == 0) return [];

        var last = await c.ExecuteScalarAsync<long>(new CommandDefinition(sql.TakeOrderNumbers, new { Name = "order-number", Count = written.Count }, tx, cancellationToken: ct));
        var first = last - written.Count + 1;
        var orders = written.Select((w, i) => (w.Item, Order: w.Item.Order with { Number = $"SO-{first + i}", Status = w.Status }, w.Status, w.Note)).ToList();
        await c.ExecuteAsync(new CommandDefinition(sql.InsertOrder, orders.Select(w => new
        {
            w.Order.Id, w.Order.AccountId, w.Order.Number, w.Order.SiteId, w.Order.PlacedByUserId, w.Order.Status, w.Order.PoNumber,
            w.Order.RequestedDeliveryDate, w.Order.Notes, w.Order.Total, w.Order.LineCount, w.Item.Draft.IdempotencyScope, w.Item.Draft.IdempotencyKey,
            RequestHash = w.Item.Draft.Fingerprint, w.Item.Draft.Source, w.Order.CreatedUtc,
        }).ToList(), tx, cancellationToken: ct));
        await c.ExecuteAsync(new CommandDefinition(sql.InsertOrderLine, orders.SelectMany(w => w.Item.Lines.Select((l, i) => new
        {
            OrderId = w.Order.Id, LineNumber = i + 1, ProductId = l.Product.Id, l.Product.Sku, l.Product.Name, l.Product.Unit, l.Quantity,
            l.Price.UnitPrice, l.LineTotal,
        })).ToList(), tx, cancellationToken: ct));
        await c.ExecuteAsync(new CommandDefinition(sql.InsertEvent, orders.Select(w => new
        {
            Id = Guid.CreateVersion7(), OrderId = w.Order.Id, AtUtc = now, w.Status, w.Item.Placer.UserId, Note = TextLimits.Cut(w.Note, TextLimits.OrderEvents.Note),
        }).ToList(), tx, cancellationToken: ct));
        var approversOf = new Dictionary<Placer, IReadOnlyList<string>>();
        foreach (var (item, order, status, note) in orders)
        {
            if (item.Draft.Cart is { } placed)
                await c.ExecuteAsync(new CommandDefinition(sql.ClearCart, new { placed.CartId }, tx, cancellationToken: ct));
            messages.Add((item.Who.Email, OrderMail.Subject(order, SubmittedWhat(status)), OrderMail.Body(order, SubmittedWhat(status), note)));
            if (status == OrderStatus.PendingApproval)
            {
                if (!approversOf.TryGetValue(item.Placer, out var approvers))
                    approversOf[item.Placer] = approvers = (await c.QueryAsync<string>(new CommandDefinition(sql.ApproversOf,
                        new { item.Placer.AccountId, ParentAccountId = item.Terms.ParentAccountId ?? item.Placer.AccountId, PlacedByUserId = item.Placer.UserId },
                        tx, cancellationToken: ct))).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
                var what = $"from {item.Who.DisplayName} needs your approval";
                foreach (var approver in approvers) messages.Add((approver, OrderMail.Subject(order, what), OrderMail.Body(order, what, note)));
            }
            results[item.Index] = new Placement(order, []);
        }
        return await mail.QueueManyAsync(c, tx, messages, ct);
    }

    private static string SubmittedWhat(string status) => status switch
    {
        OrderStatus.PendingApproval => "is waiting for approval",
        OrderStatus.CreditHold => "is on credit hold for the supplier to review",
        _ => "was submitted to the supplier",
    };

    /// <summary>
    /// Whether the account's open orders (but <paramref name="exceptOrderId"/>, the one being decided) plus this amount stay
    /// within its credit limit. Call inside the account's serialised transaction.
    /// </summary>
    internal async Task<(string Status, string Note)> CreditCheckAsync(DbConnection c, DbTransaction tx, AccountTerms terms, Guid exceptOrderId, decimal total, CancellationToken ct)
    {
        if (terms.CreditLimit is null) return CreditDecision(terms, 0, total);
        return CreditDecision(terms, await OpenTotalAsync(c, tx, terms.Id, exceptOrderId, ct), total);
    }

    /// <summary>The credit rule: an order that takes the account's open orders over its credit limit goes on credit hold.</summary>
    private static (string Status, string Note) CreditDecision(AccountTerms terms, decimal open, decimal total) =>
        terms.CreditLimit is { } limit && open + total > limit
            ? (OrderStatus.CreditHold, $"Open orders ({Money.Format(open)}) plus this one ({Money.Format(total)}) exceed the credit limit of {Money.Format(limit)}: the supplier reviews it.")
            : (OrderStatus.Submitted, "Submitted to the supplier.");

    /// <summary>
    /// Read-only preview of <see cref="CreditCheckAsync"/> for a form that has not been sent yet (checkout's warning): whether
    /// an order of <paramref name="total"/> would go on credit hold now, with the open total and the limit. Placement still
    /// decides inside its transaction; this only warns.
    /// </summary>
    public async Task<CreditPreview> CreditPreviewAsync(AccountTerms terms, decimal total, CancellationToken ct = default)
    {
        if (terms.CreditLimit is not { } limit) return new CreditPreview(false, 0, null);
        var open = await OpenOrdersTotalAsync(terms.Id, ct);
        return new CreditPreview(open + total > limit, open, limit);
    }

    /// <summary>
    /// How much of the account's credit its open orders use: the very sum <see cref="CreditCheckAsync"/> weighs a new order
    /// against, for showing the customer admin their terms (a read outside the placing transaction).
    /// </summary>
    public async Task<decimal> OpenOrdersTotalAsync(Guid accountId, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        return await OpenTotalAsync(c, null, accountId, Guid.Empty, ct);
    }

    private async Task<decimal> OpenTotalAsync(DbConnection c, DbTransaction? tx, Guid accountId, Guid exceptOrderId, CancellationToken ct) =>
        (await c.QueryAsync<decimal>(new CommandDefinition(sql.OpenTotals, new { AccountId = accountId, ExceptOrderId = exceptOrderId }, tx, cancellationToken: ct))).Sum();

    /// <summary>The answer to an earlier request with this key and sender, if there was one: its order, or a refusal when it asked for something else.</summary>
    public Task<Placement?> PriorAsync(Guid accountId, OrderDraft draft, CancellationToken ct = default) =>
        string.IsNullOrEmpty(draft.IdempotencyKey) ? Task.FromResult<Placement?>(null) : PriorAsync(null, null, accountId, draft, ct);

    private async Task<Placement?> PriorAsync(DbConnection? c, DbTransaction? tx, Guid accountId, OrderDraft draft, CancellationToken ct)
    {
        var args = new { AccountId = accountId, draft.IdempotencyScope, draft.IdempotencyKey };
        (string Number, string? RequestHash)? row;
        if (c is null)
        {
            await using var own = await db.OpenAsync(ct);
            row = await own.QuerySingleOrDefaultAsync<(string, string?)?>(new CommandDefinition(sql.OrderByIdempotencyKey, args, cancellationToken: ct));
        }
        else
        {
            row = await c.QuerySingleOrDefaultAsync<(string, string?)?>(new CommandDefinition(sql.OrderByIdempotencyKey, args, tx, cancellationToken: ct));
        }
        if (row is not { } found) return null;
        if (draft.Fingerprint is not null && found.RequestHash is not null && found.RequestHash != draft.Fingerprint)
            return new Placement(null, new FieldErrors { ["IdempotencyKey"] = $"This idempotency key was already used for another request (order {found.Number}); use a new key for a new order." },
                KeyReusedForAnotherRequest: true);
        var order = c is null
            ? await GetAsync(accountId, found.Number, ct)
            : await c.QuerySingleAsync<Order>(new CommandDefinition(sql.OrderByNumber, new { AccountId = accountId, found.Number, SiteId = (Guid?)null }, tx, cancellationToken: ct));
        return new Placement(order, [], Replayed: true);
    }

    private async Task<Order?> GetAsync(Guid accountId, string number, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        return await c.QuerySingleOrDefaultAsync<Order>(new CommandDefinition(sql.OrderByNumber, new { AccountId = accountId, Number = number, SiteId = (Guid?)null }, cancellationToken: ct));
    }

    private sealed record PlacerRow
    {
        public string Email { get; init; } = "";
        public string DisplayName { get; init; } = "";
        public decimal? ApprovalLimit { get; init; }
        public bool IsDisabled { get; init; }
        public Guid? SiteId { get; init; }
    }
}

/// <summary>The e-mails that tell the account's people what happened to an order.</summary>
public static class OrderMail
{
    public static string Subject(Order order, string what) => $"Order {order.Number} {what}";

    public static string Body(Order order, string what, string note) => $"""
        <p>Order <strong>{order.Number}</strong> {WebUtility.HtmlEncode(what)}.</p>
        <p>{WebUtility.HtmlEncode(note)}</p>
        <p>Total {Money.Format(order.Total)} · {order.LineCount} line(s) · delivery requested for {order.RequestedDeliveryDate:yyyy-MM-dd} to {WebUtility.HtmlEncode(order.SiteName)}{(order.PoNumber is null ? "" : $" · PO {WebUtility.HtmlEncode(order.PoNumber)}")}</p>
        """;
}
