namespace Portal.Data.Relationships;

/// <summary>
/// Where the score reads logged contacts (calls, meetings, e-mails) from: the workspace's contact log registers one
/// (<c>services.AddSingleton&lt;IAccountContactSource, ...&gt;()</c>); without one, contacts are simply not known.
/// Return the latest contact per account logged before <paramref name="asOf"/>.
/// </summary>
public interface IAccountContactSource
{
    Task<IReadOnlyDictionary<Guid, DateTimeOffset>> LastContactsAsync(DbConnection connection, DateTimeOffset asOf, CancellationToken ct);
}

/// <summary>An account's health with who it is, as the command, the job and the evaluation use it.</summary>
public sealed record ScoredAccount(AccountFacts Facts, HealthResult Health);

/// <summary>
/// Gathers every account's facts as of a date in a handful of set-based reads (no query per account), scores them with
/// <see cref="HealthScoring"/> and stores them in AccountHealthScores (one row per account and date: idempotent).
/// Supplier side only: no customer page or API calls it.
/// </summary>
public sealed class RelationshipHealth(ConnectionFactory db, RelationshipsSql sql, TimeProvider clock,
    IEnumerable<IAccountContactSource> contactSources)
{
    public const int LookBackDays = 730;

    public async Task<IReadOnlyList<AccountFacts>> FactsAsync(DateOnly asOf, CancellationToken ct = default)
    {
        var at = new DateTimeOffset(asOf.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        var p = new { AsOf = at, From = at.AddDays(-LookBackDays), Since = at.AddDays(-HealthScoring.RecentDays), RatingsSince = at.AddDays(-365) };
        await using var c = await db.OpenAsync(ct);

        async Task<Dictionary<Guid, T>> By<T>(string statement, Func<dynamic, T> value)
        {
            var rows = await c.QueryAsync(new CommandDefinition(statement, p, cancellationToken: ct));
            var found = new Dictionary<Guid, T>();
            foreach (var row in rows) found[ReadGuid((object)row.AccountId)] = value(row);
            return found;
        }

        var accounts = (await c.QueryAsync<AccountRow>(new CommandDefinition(sql.AccountsAsOf, p, cancellationToken: ct))).ToList();
        var orders = (await c.QueryAsync<OrderRow>(new CommandDefinition(sql.OrdersAsOf, p, cancellationToken: ct)))
            .GroupBy(o => o.AccountId)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<OrderFact>)g.Select(o => new OrderFact(o.CreatedUtc, o.Total, o.Status)).ToList());
        var signIns = await By(sql.LastSignInsAsOf, r => ReadInstant((object)r.AtUtc));
        var requests = await By(sql.LastRequestsAsOf, r => ReadInstant((object)r.AtUtc));
        var complaints = await By(sql.OpenComplaintsAsOf, r => Int((object?)r.Count));
        var breaches = await By(sql.BreachedRequestsAsOf, r => Int((object?)r.Count));
        var ratings = await By(sql.RatingsAsOf, r => (Int((object?)r.Count), Int((object?)r.Total)));
        var holds = await By(sql.CreditHoldsAsOf, r => Int((object?)r.Count));
        // from the ledger as it stood then: the reliability roll-ups hold today's figures, which a score as of a past date
        // (the command, the evaluation) must not see
        var deliveries = await By(sql.DeliveriesAsOf, r => (Deliveries: Int((object?)r.Count), Late: Int((object?)r.Late)));
        var contacts = new Dictionary<Guid, DateTimeOffset>();
        foreach (var source in contactSources)
            foreach (var (account, when) in await source.LastContactsAsync(c, at, ct))
                if (when < at && (!contacts.TryGetValue(account, out var known) || when > known)) contacts[account] = when;

        return accounts.Select(a => new AccountFacts
        {
            AccountId = a.Id,
            Name = a.Name,
            ExternalRef = a.ExternalRef,
            Orders = orders.GetValueOrDefault(a.Id) ?? [],
            LastSignInUtc = signIns.TryGetValue(a.Id, out var s) ? s : null,
            LastRequestUtc = requests.TryGetValue(a.Id, out var r) ? r : null,
            LastContactUtc = contacts.TryGetValue(a.Id, out var k) ? k : null,
            OpenComplaints = complaints.GetValueOrDefault(a.Id),
            RecentBreachedRequests = breaches.GetValueOrDefault(a.Id),
            Ratings = ratings.GetValueOrDefault(a.Id).Item1,
            RatingTotal = ratings.GetValueOrDefault(a.Id).Item2,
            RecentCreditHolds = holds.GetValueOrDefault(a.Id),
            RecentDeliveries = deliveries.GetValueOrDefault(a.Id).Deliveries,
            RecentLateDeliveries = deliveries.GetValueOrDefault(a.Id).Late,
        }).ToList();
    }

    /// <summary>Every account's health as of the date, riskiest first.</summary>
    public async Task<IReadOnlyList<ScoredAccount>> ScoreAsync(DateOnly asOf, HealthModel? model = null, CancellationToken ct = default) =>
        (await FactsAsync(asOf, ct))
            .Select(f => new ScoredAccount(f, HealthScoring.Score(f, asOf, model)))
            .OrderByDescending(s => s.Health.Risk).ThenBy(s => s.Facts.Name, StringComparer.OrdinalIgnoreCase)
            .ToList();

    /// <summary>Scores every account as of the date and stores the rows (computing a date again replaces its rows).</summary>
    public async Task<IReadOnlyList<ScoredAccount>> ComputeAndStoreAsync(DateOnly asOf, CancellationToken ct = default)
    {
        var scored = await ScoreAsync(asOf, ct: ct);
        var now = clock.GetUtcNow();
        await using var c = await db.OpenAsync(ct);
        await using var tx = await db.BeginWriteAsync(c, ct);
        await c.ExecuteAsync(new CommandDefinition(sql.UpsertScore, scored.Select(s => new
        {
            s.Facts.AccountId, AsOfDate = asOf, s.Health.Score, s.Health.Risk, s.Health.Silent, Reasons = Cut(s.Health.ReasonText, 2000), ComputedUtc = now,
        }), tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
        return scored;
    }

    /// <summary>The stored scores of a date, riskiest first.</summary>
    public async Task<IReadOnlyList<AccountHealth>> StoredAsync(DateOnly asOf, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        return (await c.QueryAsync<AccountHealth>(new CommandDefinition(sql.ScoresOn, new { AsOfDate = asOf }, cancellationToken: ct))).ToList();
    }

    private static int Int(object? value) => value is null or DBNull ? 0 : Convert.ToInt32(value, System.Globalization.CultureInfo.InvariantCulture);

    private static string Cut(string text, int length) => text.Length <= length ? text : text[..length];

    private static Guid ReadGuid(object value) => value switch { Guid g => g, string s => Guid.Parse(s), _ => throw new DataException("Not a GUID: " + value) };

    private static DateTimeOffset ReadInstant(object value) => value switch
    {
        DateTime d => new DateTimeOffset(DateTime.SpecifyKind(d, DateTimeKind.Utc)),
        DateTimeOffset d => d.ToUniversalTime(),
        string s => new DateTimeOffset(DateTime.Parse(s, System.Globalization.CultureInfo.InvariantCulture,
            System.Globalization.DateTimeStyles.AssumeUniversal | System.Globalization.DateTimeStyles.AdjustToUniversal)),
        _ => throw new DataException("Not an instant: " + value),
    };

    private sealed class AccountRow
    {
        public Guid Id { get; init; }
        public string Name { get; init; } = "";
        public string? ExternalRef { get; init; }
    }

    private sealed class OrderRow
    {
        public Guid AccountId { get; init; }
        public DateTimeOffset CreatedUtc { get; init; }
        public decimal Total { get; init; }
        public string Status { get; init; } = "";
    }
}
