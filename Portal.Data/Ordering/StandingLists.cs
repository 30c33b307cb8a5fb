namespace Portal.Data.Ordering;

/// <summary>Named lists shared within an account ("Monthly cleaning supplies"), put into the cart in one click.</summary>
public sealed class StandingLists(ConnectionFactory db, OrderingSql sql, Carts carts, TimeProvider clock)
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

    /// <summary>Adds every line of the list to the buyer's cart. Null when the list is not the account's.</summary>
    public async Task<int?> AddToCartAsync(Buyer buyer, Guid listId, CancellationToken ct = default)
    {
        var found = await GetAsync(buyer.AccountId, listId, ct);
        if (found is not { } list) return null;
        await carts.AddAsync(buyer, list.Lines.Select(l => (l.ProductId, l.Quantity)), ct);
        return list.Lines.Count;
    }

    public async Task<bool> DeleteAsync(Guid accountId, Guid listId, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        return await c.ExecuteAsync(new CommandDefinition(sql.DeleteList, new { AccountId = accountId, ListId = listId }, cancellationToken: ct)) == 1;
    }
}
