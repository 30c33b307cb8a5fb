using Portal.Data.Accounts;
using Portal.Data.Catalog;

namespace Portal.Data.Ordering;

public sealed record CheckoutInput(string? PoNumber, DateOnly? RequestedDeliveryDate, string? Notes, string IdempotencyKey, int? CartVersion = null);

/// <summary>Who is ordering: the account and user come from the signed-in user (or the API key), never from a form.</summary>
public sealed record Buyer(Guid AccountId, Guid UserId, Guid SiteId);

/// <summary>One cart per user and ship-to site, kept in the database: it survives sign-out and restarts.</summary>
public sealed class Carts(ConnectionFactory db, OrderingSql sql, CatalogStore catalog, AccountStore accounts, OrderPlacement placement, TimeProvider clock)
{
    private async Task<(Guid Id, int Version)> CartIdAsync(DbConnection c, Buyer buyer, bool create, CancellationToken ct, DbTransaction? tx = null)
    {
        var cart = await c.QuerySingleOrDefaultAsync<(Guid Id, Guid SiteId, int Version)?>(new CommandDefinition(sql.CartOf, buyer, tx, cancellationToken: ct));
        if (cart is { } found) return (found.Id, found.Version);
        if (!create) return (Guid.Empty, 0);
        // made meanwhile by a second tab or a double click: the upsert leaves that one, and both use it
        await c.ExecuteAsync(new CommandDefinition(sql.EnsureCart, new { Id = Guid.NewGuid(), buyer.AccountId, buyer.UserId, buyer.SiteId, Now = clock.GetUtcNow() }, tx, cancellationToken: ct));
        var made = await c.QuerySingleAsync<(Guid Id, Guid SiteId, int Version)>(new CommandDefinition(sql.CartOf, buyer, tx, cancellationToken: ct));
        return (made.Id, made.Version);
    }

    public async Task<CartView> GetAsync(Buyer buyer, CancellationToken ct = default)
    {
        var terms = await accounts.TermsAsync(buyer.AccountId, ct);
        await using var c = await db.OpenAsync(ct);
        var (cartId, version) = await CartIdAsync(c, buyer, create: false, ct);
        if (cartId == Guid.Empty) return new CartView(Guid.Empty, buyer.SiteId, 0, []);
        var rows = (await c.QueryAsync<(Guid ProductId, int Quantity)>(new CommandDefinition(sql.CartLines, new { CartId = cartId }, cancellationToken: ct))).ToList();
        var prices = await catalog.PriceBookAsync(terms.Id, terms.ParentAccountId, terms.Today(clock), ct);
        var products = await catalog.ByIdsAsync(rows.Select(r => r.ProductId), ct);
        var lines = new List<CartLine>();
        foreach (var (productId, quantity) in rows)
        {
            if (!products.TryGetValue(productId, out var product)) continue;
            var problem = !product.IsActive ? $"{product.Sku} is no longer sold; remove it to check out." : QuantityRules.Check(product, quantity);
            lines.Add(new CartLine(product, quantity, prices.PriceOf(product.Id, product.ListPrice, quantity), problem));
        }
        return new CartView(cartId, buyer.SiteId, version, lines);
    }

    /// <summary>
    /// Checkout: the cart, as the buyer saw it (<see cref="CheckoutInput.CartVersion"/>), placed as an order through the
    /// placement core. The key belongs to the user's form, so a double click, a refresh or a retry gives the same order;
    /// two tabs checking out one cart give one order, because the cart is claimed and emptied with it.
    /// </summary>
    public async Task<Placement> CheckoutAsync(Buyer buyer, CheckoutInput input, CancellationToken ct = default)
    {
        var draft = new OrderDraft
        {
            SiteId = buyer.SiteId, PoNumber = input.PoNumber, RequestedDeliveryDate = input.RequestedDeliveryDate, Notes = input.Notes,
            IdempotencyScope = $"user:{buyer.UserId:N}", IdempotencyKey = input.IdempotencyKey, Source = OrderSource.Portal,
        };
        var cart = await GetAsync(buyer, ct);
        if (cart.Lines.Count == 0 || cart.HasProblems || (input.CartVersion is { } seen && seen != cart.Version))
        {
            // a replay of a checkout that already placed the cart finds its order; anything else is told what is wrong
            if (await placement.PriorAsync(buyer.AccountId, draft, ct) is { } replay) return replay;
            if (cart.Lines.Count == 0) return Placement.Failed("", "Your cart is empty.");
            if (cart.HasProblems) return Placement.Failed("", "Some cart lines need changing first: " + string.Join(" ", cart.Lines.Where(l => l.Problem is not null).Select(l => l.Problem)));
            return Placement.Failed("", "Your cart changed after this page was shown (perhaps in another tab). Check the order summary and place the order again.");
        }
        return await placement.PlaceAsync(new Placer(buyer.AccountId, buyer.UserId), draft with
        {
            Lines = cart.Lines.Select(l => new DraftLine(l.Product.Id, l.Quantity)).ToList(),
            Cart = new CartClaim(cart.CartId, cart.Version),
        }, ct);
    }

    /// <summary>How many lines the cart holds, without pricing them (for the "Cart (n)" link).</summary>
    public async Task<int> LineCountAsync(Buyer buyer, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        var (cartId, _) = await CartIdAsync(c, buyer, create: false, ct);
        return cartId == Guid.Empty
            ? 0
            : (await c.QueryAsync<(Guid ProductId, int Quantity)>(new CommandDefinition(sql.CartLines, new { CartId = cartId }, cancellationToken: ct))).Count();
    }

    /// <summary>Adds quantities to the cart (a product already there gets more). Returns problems per product, in words.</summary>
    public async Task AddAsync(Buyer buyer, IEnumerable<(Guid ProductId, int Quantity)> lines, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        await using var tx = await c.BeginTransactionAsync(ct);
        var (cartId, _) = await CartIdAsync(c, buyer, create: true, ct, tx);
        await AddLinesAsync(c, tx, buyer, cartId, lines, ct);
        await tx.CommitAsync(ct);
    }

    /// <summary>
    /// One atomic add per line (INSERT .. ON CONFLICT / MERGE WITH (HOLDLOCK)): two adds of the same product at once add up
    /// instead of one overwriting the other or both inserting; lines keep the order they were typed in, a tick apart.
    /// </summary>
    private async Task AddLinesAsync(DbConnection c, DbTransaction tx, Buyer buyer, Guid cartId, IEnumerable<(Guid ProductId, int Quantity)> lines, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var tick = 0;
        await c.ExecuteAsync(new CommandDefinition(sql.AddToCartLine,
            lines.Select(l => new { CartId = cartId, l.ProductId, l.Quantity, Now = now.AddTicks(tick++) }).ToList(), tx, cancellationToken: ct));
        await c.ExecuteAsync(new CommandDefinition(sql.TouchCart, new { CartId = cartId, buyer.AccountId, Now = now }, tx, cancellationToken: ct));
    }

    /// <summary>
    /// Puts lines into the cart, adding to what is there or (<paramref name="replace"/>) emptying it first, in one transaction,
    /// and says what happened: how many lines were new and how many quantities grew.
    /// </summary>
    public async Task<CartChange> FillAsync(Buyer buyer, IReadOnlyList<(Guid ProductId, int Quantity)> lines, bool replace, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        await using var tx = await db.BeginWriteAsync(c, ct);
        var (cartId, _) = await CartIdAsync(c, buyer, create: true, ct, tx);
        if (replace) await c.ExecuteAsync(new CommandDefinition(sql.ClearCart, new { CartId = cartId }, tx, cancellationToken: ct));
        var there = replace
            ? new HashSet<Guid>()
            : (await c.QueryAsync<(Guid ProductId, int Quantity)>(new CommandDefinition(sql.CartLines, new { CartId = cartId }, tx, cancellationToken: ct))).Select(l => l.ProductId).ToHashSet();
        await AddLinesAsync(c, tx, buyer, cartId, lines, ct);
        await tx.CommitAsync(ct);
        var distinct = lines.Select(l => l.ProductId).Distinct().ToList();
        return new CartChange(distinct.Count(p => !there.Contains(p)), distinct.Count(there.Contains), replace);
    }

    /// <summary>Sets quantities (0 removes the line), if the cart is still the version the buyer saw.</summary>
    public async Task<bool> UpdateAsync(Buyer buyer, int version, IEnumerable<(Guid ProductId, int Quantity)> lines, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        var (cartId, current) = await CartIdAsync(c, buyer, create: false, ct);
        if (cartId == Guid.Empty || current != version) return false;
        await using var tx = await c.BeginTransactionAsync(ct);
        foreach (var (productId, quantity) in lines)
        {
            var args = new { CartId = cartId, ProductId = productId, Quantity = quantity };
            await c.ExecuteAsync(new CommandDefinition(quantity <= 0 ? sql.DeleteCartLine : sql.UpdateCartLine, args, tx, cancellationToken: ct));
        }
        await c.ExecuteAsync(new CommandDefinition(sql.TouchCart, new { CartId = cartId, buyer.AccountId, Now = clock.GetUtcNow() }, tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
        return true;
    }

    public async Task ClearAsync(Buyer buyer, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        var (cartId, _) = await CartIdAsync(c, buyer, create: false, ct);
        if (cartId == Guid.Empty) return;
        await c.ExecuteAsync(new CommandDefinition(sql.ClearCart, new { CartId = cartId }, cancellationToken: ct));
        await c.ExecuteAsync(new CommandDefinition(sql.TouchCart, new { CartId = cartId, buyer.AccountId, Now = clock.GetUtcNow() }, cancellationToken: ct));
    }

    public async Task RemoveAsync(Buyer buyer, Guid productId, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        var (cartId, _) = await CartIdAsync(c, buyer, create: false, ct);
        if (cartId == Guid.Empty) return;
        await c.ExecuteAsync(new CommandDefinition(sql.DeleteCartLine, new { CartId = cartId, ProductId = productId }, cancellationToken: ct));
        await c.ExecuteAsync(new CommandDefinition(sql.TouchCart, new { CartId = cartId, buyer.AccountId, Now = clock.GetUtcNow() }, cancellationToken: ct));
    }

    /// <summary>
    /// Puts typed, pasted or uploaded rows into the cart. Unknown SKUs, products no longer sold and bad quantities are
    /// reported row by row; the good rows are added.
    /// </summary>
    public async Task<IReadOnlyList<(int Row, string Text, string Problem)>> AddQuickOrderAsync(Buyer buyer, string? text, CancellationToken ct = default)
    {
        var parsed = QuickOrder.Parse(text);
        var problems = parsed.Problems.ToList();
        var products = await catalog.BySkusAsync(parsed.Lines.Select(l => l.Sku), ct);
        var good = new List<(Guid, int)>();
        foreach (var (row, sku, quantity) in parsed.Lines)
        {
            if (!products.TryGetValue(CatalogStore.NormalizeSku(sku), out var product))
                problems.Add((row, $"{sku} {quantity}", $"No product has the SKU {sku}."));
            else if (!product.IsActive)
                problems.Add((row, $"{sku} {quantity}", $"{product.Sku} {product.Name} is no longer sold."));
            else if (QuantityRules.Check(product, quantity) is { } problem)
                problems.Add((row, $"{sku} {quantity}", problem));
            else
                good.Add((product.Id, quantity));
        }
        if (good.Count > 0) await AddAsync(buyer, good, ct);
        if (parsed.Lines.Count == 0 && problems.Count == 0) problems.Add((0, "", "Type or paste at least one line: a SKU and a quantity."));
        return problems.OrderBy(p => p.Item1).ToList();
    }
}
