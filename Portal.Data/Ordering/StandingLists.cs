using Portal.Data.Catalog;

namespace Portal.Data.Ordering;

/// <summary>What putting a list into the cart did, and the lines left out because their products are no longer sold.</summary>
public sealed record ListToCart(CartChange Change, IReadOnlyList<string> NotSold);

/// <summary>Named lists shared within an account ("Monthly cleaning supplies"), put into the cart in one click.</summary>
public sealed class StandingLists(ConnectionFactory db, OrderingSql sql, Carts carts, CatalogStore catalog, TimeProvider clock)
{
    public async Task<IReadOnlyList<StandingList>> AllAsync(Guid accountId, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        return (await c.QueryAsync<StandingList>(new CommandDefinition(sql.Lists, new { AccountId = accountId }, cancellationToken: ct))).ToList();
    }

    public async Task<(StandingList List, IReadOnlyList<StandingListLine> Lines)?> GetAsync(Guid accountId, Guid listId, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        var list = await c.QuerySingleOrDefaultAsync<StandingList>(new CommandDefinition(sql.List, new { AccountId = accountId, ListId = listId }, cancellationToken: ct));
        if (list is null) return null;
        var lines = await c.QueryAsync<StandingListLine>(new CommandDefinition(sql.ListLines, new { AccountId = accountId, ListId = listId }, cancellationToken: ct));
        return (list, lines.ToList());
    }

    /// <summary>Saves the buyer's current cart as a new list of the account.</summary>
    public async Task<Outcome<StandingList>> SaveCartAsync(Buyer buyer, string? name, CancellationToken ct = default)
    {
        name = name?.Trim() ?? "";
        var cart = await carts.GetAsync(buyer, ct);
        var errors = new FieldErrors()
            .Add(name.Length == 0, "Name", "Give the list a name, for example \"Monthly cleaning supplies\".")
            .Text("Name", name, "The list's name", TextLimits.StandingLists.Name)
            .Add(cart.Lines.Count == 0, "", "The cart is empty: add what the list should hold first.");
        await using var c = await db.OpenAsync(ct);
        if (!errors.ContainsKey("Name") && await c.ExecuteScalarAsync<int>(new CommandDefinition(sql.ListNameTaken, new { buyer.AccountId, Name = name }, cancellationToken: ct)) > 0)
            errors.Add(true, "Name", $"Your account already has a list called \"{name}\".");
        if (errors.Any) return Outcome<StandingList>.Failed(errors);

        var id = Guid.NewGuid();
        await using (var tx = await c.BeginTransactionAsync(ct))
        {
            await c.ExecuteAsync(new CommandDefinition(sql.InsertList, new { Id = id, buyer.AccountId, Name = name, buyer.UserId, Now = clock.GetUtcNow() }, tx, cancellationToken: ct));
            await c.ExecuteAsync(new CommandDefinition(sql.InsertListLine, cart.Lines.Select(l => new { ListId = id, ProductId = l.Product.Id, l.Quantity }).ToList(), tx, cancellationToken: ct));
            await tx.CommitAsync(ct);
        }
        return Outcome<StandingList>.Ok((await GetAsync(buyer.AccountId, id, ct))!.Value.List);
    }

    /// <summary>
    /// Puts the list into the buyer's cart: added to what is there, or (<paramref name="replace"/>) instead of it. Lines of
    /// products no longer sold are left out and named. Null when the list is not the account's.
    /// </summary>
    public async Task<ListToCart?> AddToCartAsync(Buyer buyer, Guid listId, bool replace, CancellationToken ct = default)
    {
        var found = await GetAsync(buyer.AccountId, listId, ct);
        if (found is not { } list) return null;
        var sold = list.Lines.Where(l => l.IsActive).Select(l => (l.ProductId, l.Quantity)).ToList();
        var notSold = list.Lines.Where(l => !l.IsActive).Select(l => $"{l.Sku} {l.Name}").ToList();
        var change = await carts.FillAsync(buyer, sold, replace, ct);
        return new ListToCart(change, notSold);
    }

    /// <summary>
    /// Saves an edited list in one go: its name and each line's quantity as typed (0 removes the line). Quantities follow
    /// the product's minimum and pack size. Nothing is saved when anything is refused; the errors are keyed "Name" and
    /// "lines[i]" (the index in <paramref name="lines"/>). Null when the list is not the account's.
    /// </summary>
    public async Task<Outcome<StandingList>?> SaveAsync(Guid accountId, Guid listId, string? name, IReadOnlyList<(Guid ProductId, string? Quantity)> lines, CancellationToken ct = default)
    {
        if (await GetAsync(accountId, listId, ct) is not { } found) return null;
        name = name?.Trim() ?? "";
        var errors = new FieldErrors()
            .Add(name.Length == 0, "Name", "Give the list a name, for example \"Monthly cleaning supplies\".")
            .Text("Name", name, "The list's name", TextLimits.StandingLists.Name);
        await using var c = await db.OpenAsync(ct);
        if (!errors.ContainsKey("Name") && await c.ExecuteScalarAsync<int>(new CommandDefinition(sql.ListNameTakenByOther, new { AccountId = accountId, ListId = listId, Name = name }, cancellationToken: ct)) > 0)
            errors.Add(true, "Name", $"Your account already has another list called \"{name}\".");
        var byProduct = found.Lines.ToDictionary(l => l.ProductId);
        var changes = new List<(Guid ProductId, int Quantity)>();
        for (var i = 0; i < lines.Count; i++)
        {
            var (productId, typed) = lines[i];
            if (!byProduct.TryGetValue(productId, out var line)) continue; // removed meanwhile
            if (QuantityProblem(line, typed, out var quantity) is { } problem) errors.Add(true, $"lines[{i}]", problem);
            else changes.Add((productId, quantity));
        }
        if (errors.Any) return Outcome<StandingList>.Failed(errors);

        await using (var tx = await db.BeginWriteAsync(c, ct))
        {
            await c.ExecuteAsync(new CommandDefinition(sql.RenameList, new { AccountId = accountId, ListId = listId, Name = name }, tx, cancellationToken: ct));
            foreach (var (productId, quantity) in changes)
                await c.ExecuteAsync(new CommandDefinition(quantity == 0 ? sql.DeleteListLine : sql.UpdateListLine,
                    new { AccountId = accountId, ListId = listId, ProductId = productId, Quantity = quantity }, tx, cancellationToken: ct));
            await tx.CommitAsync(ct);
        }
        return Outcome<StandingList>.Ok((await GetAsync(accountId, listId, ct))!.Value.List);
    }

    /// <summary>Takes a line off a list of the account; false when there was no such line.</summary>
    public async Task<bool> RemoveLineAsync(Guid accountId, Guid listId, Guid productId, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        return await c.ExecuteAsync(new CommandDefinition(sql.DeleteListLine, new { AccountId = accountId, ListId = listId, ProductId = productId }, cancellationToken: ct)) == 1;
    }

    /// <summary>
    /// Adds a product to a list by its SKU, with a quantity that follows its minimum and pack size. Errors keyed "Sku" and
    /// "Quantity". Null when the list is not the account's.
    /// </summary>
    public async Task<Outcome<StandingListLine>?> AddLineAsync(Guid accountId, Guid listId, string? sku, string? quantity, CancellationToken ct = default)
    {
        if (await GetAsync(accountId, listId, ct) is not { } found) return null;
        sku = sku?.Trim() ?? "";
        if (sku.Length == 0) return Outcome<StandingListLine>.Failed("Sku", "Enter the SKU of the product to add, for example 85123A.");
        var product = await catalog.BySkuAsync(sku, ct);
        if (product is null) return Outcome<StandingListLine>.Failed("Sku", $"No product has the SKU {sku}.");
        if (!product.IsActive) return Outcome<StandingListLine>.Failed("Sku", $"{product.Sku} {product.Name} is no longer sold.");
        if (found.Lines.FirstOrDefault(l => l.ProductId == product.Id) is { } there)
            return Outcome<StandingListLine>.Failed("Sku", $"{product.Sku} is already on the list ({there.Quantity} {there.Unit}); change its quantity above.");
        var asLine = new StandingListLine { ProductId = product.Id, Sku = product.Sku, Name = product.Name, Unit = product.Unit, PackSize = product.PackSize, MinQuantity = product.MinQuantity };
        var problem = QuantityProblem(asLine, quantity, out var value) ?? QuantityRules.Check(product, value);
        if (problem is not null) return Outcome<StandingListLine>.Failed("Quantity", problem);
        await using var c = await db.OpenAsync(ct);
        await c.ExecuteAsync(new CommandDefinition(sql.AddListLine, new { AccountId = accountId, ListId = listId, ProductId = product.Id, Quantity = value }, cancellationToken: ct));
        return Outcome<StandingListLine>.Ok(asLine with { Quantity = value });
    }

    /// <summary>Why a typed list quantity cannot be kept (0 removes the line); null when it can.</summary>
    public static string? QuantityProblem(StandingListLine line, string? typed, out int quantity)
    {
        quantity = 0;
        var text = typed?.Trim() ?? "";
        if (text.Length == 0) return "Enter a quantity, or 0 to take the line off the list.";
        if (!int.TryParse(text, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out quantity))
            return text.TrimStart('+').All(char.IsAsciiDigit)
                ? $"At most {QuantityRules.MaxPerLineText} per line."
                : $"\"{(text.Length <= 20 ? text : text[..20] + "…")}\" is not a whole number; enter a quantity, or 0 to take the line off the list.";
        if (quantity < 0) return "A quantity cannot be negative; enter 0 to take the line off the list.";
        if (quantity == 0) return null;
        return QuantityRules.Check(new Product { Sku = line.Sku, Name = line.Name, Unit = line.Unit, PackSize = line.PackSize, MinQuantity = line.MinQuantity }, quantity);
    }

    public async Task<bool> DeleteAsync(Guid accountId, Guid listId, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        return await c.ExecuteAsync(new CommandDefinition(sql.DeleteList, new { AccountId = accountId, ListId = listId }, cancellationToken: ct)) == 1;
    }
}
