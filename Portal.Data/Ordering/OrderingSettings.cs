namespace Portal.Data.Ordering;

/// <summary>The ordering terms the supplier sets per account (credit limit, PO numbers) and the approval limit per buyer.</summary>
public sealed class OrderingSettings(ConnectionFactory db, OrderingSql sql)
{
    public async Task<Outcome<bool>> SetTermsAsync(Guid accountId, decimal? creditLimit, bool requirePoNumber, CancellationToken ct = default)
    {
        if (creditLimit is < 0) return Outcome<bool>.Failed("CreditLimit", "A credit limit cannot be negative; leave it empty for no limit.");
        if (creditLimit is { } credit && Catalog.Money.Problem(credit, "The credit limit") is { } creditProblem) return Outcome<bool>.Failed("CreditLimit", creditProblem);
        await using var c = await db.OpenAsync(ct);
        var rows = await c.ExecuteAsync(new CommandDefinition(sql.SetAccountTerms, new { AccountId = accountId, CreditLimit = creditLimit, RequirePoNumber = requirePoNumber }, cancellationToken: ct));
        return rows == 1 ? Outcome<bool>.Ok(true) : Outcome<bool>.Failed("", "The account was not found.");
    }

    /// <summary>Sets a user's approval limit within the caller's account; null means no limit. False when no such user there.</summary>
    public async Task<Outcome<bool>> SetApprovalLimitAsync(Guid accountId, Guid userId, decimal? limit, CancellationToken ct = default)
    {
        if (limit is < 0) return Outcome<bool>.Failed("ApprovalLimit", "An approval limit cannot be negative; leave it empty for no limit.");
        if (limit is { } amount && Catalog.Money.Problem(amount, "The approval limit") is { } problem) return Outcome<bool>.Failed("ApprovalLimit", problem);
        await using var c = await db.OpenAsync(ct);
        var rows = await c.ExecuteAsync(new CommandDefinition(sql.SetApprovalLimit, new { AccountId = accountId, UserId = userId, ApprovalLimit = limit }, cancellationToken: ct));
        return rows == 1 ? Outcome<bool>.Ok(true) : Outcome<bool>.Failed("", "The user was not found.");
    }

    public async Task<decimal?> ApprovalLimitAsync(Guid accountId, Guid userId, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        var row = await c.QuerySingleOrDefaultAsync<(string Email, string DisplayName, decimal? ApprovalLimit)?>(new CommandDefinition(sql.UserContact, new { AccountId = accountId, UserId = userId }, cancellationToken: ct));
        return row?.ApprovalLimit;
    }
}
