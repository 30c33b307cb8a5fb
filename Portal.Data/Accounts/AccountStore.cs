namespace Portal.Data.Accounts;

public sealed record NewAccount(string Name, Guid? ParentAccountId, string TimeZone, int IdleTimeoutMinutes = 15);

public sealed record NewSite(string Code, string Name, string AddressLine1, string? AddressLine2, string City, string PostalCode, string Country);

/// <summary>
/// Customer accounts, their sites and user lists. Every read of a customer's rows takes the account id of the caller,
/// so another account's row is simply not found.
/// </summary>
public sealed class AccountStore(ConnectionFactory db, AccountSql sql, TimeProvider clock)
{
    public const int MinIdleMinutes = 2;
    public const int MaxIdleMinutes = 480;

    /// <summary>The account's ordering terms; throws if the account does not exist (callers hold its id from a signed-in user or key).</summary>
    public async Task<AccountTerms> TermsAsync(Guid accountId, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        return await c.QuerySingleAsync<AccountTerms>(new CommandDefinition(sql.AccountTerms, new { AccountId = accountId }, cancellationToken: ct));
    }

    public async Task<Supplier?> GetSupplierAsync(CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        return await c.QuerySingleOrDefaultAsync<Supplier>(new CommandDefinition(sql.SupplierRow, cancellationToken: ct));
    }

    public async Task<Supplier> CreateSupplierAsync(string name, CancellationToken ct = default)
    {
        if (TextRules.Problem(name, "The supplier's name", TextLimits.Supplier.Name) is { } problem) throw new ArgumentException(problem, nameof(name));
        var supplier = new Supplier(Guid.NewGuid(), name);
        await using var c = await db.OpenAsync(ct);
        await c.ExecuteAsync(new CommandDefinition(sql.InsertSupplier, new { supplier.Id, supplier.Name, CreatedUtc = clock.GetUtcNow() }, cancellationToken: ct));
        return supplier;
    }

    public async Task<int> CountAccountsAsync(CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        return await c.ExecuteScalarAsync<int>(new CommandDefinition(sql.AccountCount, cancellationToken: ct));
    }

    public async Task<Outcome<CustomerAccount>> CreateAccountAsync(NewAccount input, CancellationToken ct = default)
    {
        var name = input.Name?.Trim() ?? "";
        var errors = new FieldErrors()
            .Add(name.Length == 0, nameof(NewAccount.Name), "Enter the account's name.")
            .Text(nameof(NewAccount.Name), name, "The name", TextLimits.CustomerAccounts.Name)
            .Add(!TimeZones.IsKnown(input.TimeZone), nameof(NewAccount.TimeZone), "Choose a time zone from the list.")
            .Add(input.IdleTimeoutMinutes is < MinIdleMinutes or > MaxIdleMinutes, nameof(NewAccount.IdleTimeoutMinutes),
                $"Idle sign-out must be between {MinIdleMinutes} and {MaxIdleMinutes} minutes.");
        await using var c = await db.OpenAsync(ct);
        if (!errors.ContainsKey(nameof(NewAccount.Name)) && await c.QuerySingleOrDefaultAsync<CustomerAccount>(new CommandDefinition(sql.AccountByName, new { Name = name }, cancellationToken: ct)) is not null)
            errors.Add(true, nameof(NewAccount.Name), "An account with this name already exists.");
        if (input.ParentAccountId is { } parentId &&
            await c.QuerySingleOrDefaultAsync<CustomerAccount>(new CommandDefinition(sql.AccountById, new { AccountId = parentId }, cancellationToken: ct)) is null)
            errors.Add(true, nameof(NewAccount.ParentAccountId), "The national account chosen as parent does not exist.");
        if (errors.Any) return Outcome<CustomerAccount>.Failed(errors);

        var account = new CustomerAccount
        {
            Id = Guid.NewGuid(), Name = name, ParentAccountId = input.ParentAccountId, TimeZone = input.TimeZone,
            IdleTimeoutMinutes = input.IdleTimeoutMinutes, IsActive = true, CreatedUtc = clock.GetUtcNow(), Version = 1,
        };
        await c.ExecuteAsync(new CommandDefinition(sql.InsertAccount, account, cancellationToken: ct));
        return Outcome<CustomerAccount>.Ok(account);
    }

    public async Task<CustomerAccount?> GetAccountAsync(Guid accountId, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        return await c.QuerySingleOrDefaultAsync<CustomerAccount>(new CommandDefinition(sql.AccountById, new { AccountId = accountId }, cancellationToken: ct));
    }

    public async Task<Page<AccountSummary>> ListAccountsAsync(string? search, int page, int pageSize, CancellationToken ct = default)
    {
        page = Math.Max(1, page);
        var args = new { Search = string.IsNullOrWhiteSpace(search) ? null : $"%{Like.Escape(search.Trim())}%", Skip = Paging.Skip(page, pageSize), Take = pageSize };
        await using var c = await db.OpenAsync(ct);
        var rows = await c.QueryAsync<AccountSummary>(new CommandDefinition(sql.AccountSummaries, args, cancellationToken: ct));
        var total = await c.ExecuteScalarAsync<int>(new CommandDefinition(sql.AccountSummaryCount, args, cancellationToken: ct));
        return new Page<AccountSummary>(rows.ToList(), page, pageSize, total);
    }

    /// <summary>Changes the account's idle sign-out time if nobody else changed the account since <paramref name="version"/>.</summary>
    public async Task<Outcome<CustomerAccount>> SetIdleTimeoutAsync(Guid accountId, int minutes, int version, CancellationToken ct = default)
    {
        if (minutes is < MinIdleMinutes or > MaxIdleMinutes)
            return Outcome<CustomerAccount>.Failed("IdleTimeoutMinutes", $"Idle sign-out must be between {MinIdleMinutes} and {MaxIdleMinutes} minutes.");
        await using var c = await db.OpenAsync(ct);
        var rows = await c.ExecuteAsync(new CommandDefinition(sql.UpdateIdleTimeout, new { AccountId = accountId, IdleTimeoutMinutes = minutes, Version = version }, cancellationToken: ct));
        var current = await c.QuerySingleOrDefaultAsync<CustomerAccount>(new CommandDefinition(sql.AccountById, new { AccountId = accountId }, cancellationToken: ct));
        if (current is null) return Outcome<CustomerAccount>.Failed("", "The account was not found.");
        return rows == 1
            ? Outcome<CustomerAccount>.Ok(current)
            : Outcome<CustomerAccount>.Failed("IdleTimeoutMinutes",
                $"Someone else changed this account's settings meanwhile; idle sign-out is now {current.IdleTimeoutMinutes} minutes. Check it and save again.");
    }

    public async Task<IReadOnlyList<Site>> GetSitesAsync(Guid accountId, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        return (await c.QueryAsync<Site>(new CommandDefinition(sql.SitesOfAccount, new { AccountId = accountId }, cancellationToken: ct))).ToList();
    }

    public async Task<Site?> GetSiteAsync(Guid accountId, Guid siteId, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        return await c.QuerySingleOrDefaultAsync<Site>(new CommandDefinition(sql.SiteOfAccount, new { AccountId = accountId, SiteId = siteId }, cancellationToken: ct));
    }

    public async Task<Outcome<Site>> AddSiteAsync(Guid accountId, NewSite input, CancellationToken ct = default)
    {
        var code = input.Code?.Trim().ToUpperInvariant() ?? "";
        string name = input.Name?.Trim() ?? "", line1 = input.AddressLine1?.Trim() ?? "", line2 = input.AddressLine2?.Trim() ?? "",
            city = input.City?.Trim() ?? "", postalCode = input.PostalCode?.Trim() ?? "", country = input.Country?.Trim() ?? "";
        var errors = new FieldErrors()
            .Add(code.Length == 0, nameof(NewSite.Code), "Enter a short site code, for example LON-01.")
            .Text(nameof(NewSite.Code), code, "The site code", TextLimits.Sites.Code)
            .Add(name.Length == 0, nameof(NewSite.Name), "Enter the site's name.")
            .Text(nameof(NewSite.Name), name, "The site's name", TextLimits.Sites.Name)
            .Add(line1.Length == 0, nameof(NewSite.AddressLine1), "Enter the street address.")
            .Text(nameof(NewSite.AddressLine1), line1, "The street address", TextLimits.Sites.AddressLine1)
            .Text(nameof(NewSite.AddressLine2), line2, "The second address line", TextLimits.Sites.AddressLine2)
            .Add(city.Length == 0, nameof(NewSite.City), "Enter the city.")
            .Text(nameof(NewSite.City), city, "The city", TextLimits.Sites.City)
            .Add(postalCode.Length == 0, nameof(NewSite.PostalCode), "Enter the postal code.")
            .Text(nameof(NewSite.PostalCode), postalCode, "The postal code", TextLimits.Sites.PostalCode)
            .Add(country.Length == 0, nameof(NewSite.Country), "Enter the country.")
            .Text(nameof(NewSite.Country), country, "The country", TextLimits.Sites.Country);
        await using var c = await db.OpenAsync(ct);
        if (!errors.Any && await c.ExecuteScalarAsync<int>(new CommandDefinition(sql.SiteCodeTaken, new { AccountId = accountId, Code = code }, cancellationToken: ct)) > 0)
            errors.Add(true, nameof(NewSite.Code), $"This account already has a site with code {code}.");
        if (errors.Any) return Outcome<Site>.Failed(errors);

        var site = new Site
        {
            Id = Guid.NewGuid(), AccountId = accountId, Code = code, Name = name, AddressLine1 = line1,
            AddressLine2 = line2.Length == 0 ? null : line2, City = city, PostalCode = postalCode, Country = country, IsActive = true,
        };
        await c.ExecuteAsync(new CommandDefinition(sql.InsertSite, site, cancellationToken: ct));
        return Outcome<Site>.Ok(site);
    }

    public async Task<IReadOnlyList<AccountUser>> GetUsersAsync(Guid accountId, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        return (await c.QueryAsync<AccountUser>(new CommandDefinition(sql.UsersOfAccount, new { AccountId = accountId }, cancellationToken: ct))).ToList();
    }

    public async Task<AccountUser?> GetUserAsync(Guid accountId, Guid userId, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        return await c.QuerySingleOrDefaultAsync<AccountUser>(new CommandDefinition(sql.UserOfAccount, new { AccountId = accountId, UserId = userId }, cancellationToken: ct));
    }

    public async Task<IReadOnlyList<AccountUser>> GetSupplierStaffAsync(CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        return (await c.QueryAsync<AccountUser>(new CommandDefinition(sql.SupplierStaff, cancellationToken: ct))).ToList();
    }

    /// <summary>The supplier's account managers who can sign in: the people an account can be assigned to.</summary>
    public async Task<IReadOnlyList<AccountUser>> AccountManagersAsync(CancellationToken ct = default) =>
        (await GetSupplierStaffAsync(ct)).Where(u => u.RoleList.Contains(Roles.AccountManager) && !u.IsDisabled).ToList();

    public async Task<AccountUser?> GetSupplierStaffMemberAsync(Guid userId, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        return await c.QuerySingleOrDefaultAsync<AccountUser>(new CommandDefinition(sql.SupplierStaffMember, new { UserId = userId }, cancellationToken: ct));
    }
}
