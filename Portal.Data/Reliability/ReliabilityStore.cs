using Portal.Data.Accounts;

namespace Portal.Data.Reliability;

/// <summary>One week or month of an account's figures (a period without lines that counted has zero lines).</summary>
public sealed record PeriodFigures(DateOnly PeriodStart, ReliabilitySums Sums);

/// <summary>What the customer's Delivery performance page shows.</summary>
public sealed record AccountReliability(
    DateOnly Today, IReadOnlyList<PeriodFigures> Weeks, IReadOnlyList<PeriodFigures> Months, ReliabilitySums Last13Weeks, ReliabilitySums Last12Months,
    IReadOnlyList<ExceptionLine> Exceptions);

/// <summary>
/// Reads of delivery reliability for pages and the API: the roll-ups and line figures only, never the ledger. Customer
/// reads take the signed-in account (@AccountId); reads of every account are for the supplier's side and say so.
/// </summary>
public sealed class ReliabilityStore(ConnectionFactory db, ReliabilitySql sql, AccountStore accounts, TimeProvider clock)
{
    public const int WeeksShown = 13;
    public const int MonthsShown = 12;
    public const int ExceptionsShown = 100;

    public async Task<AccountReliability> AccountAsync(Guid accountId, CancellationToken ct = default)
    {
        var today = (await accounts.TermsAsync(accountId, ct)).Today(clock);
        var lastWeek = LineReliability.WeekStart(today);
        var firstWeek = lastWeek.AddDays(-7 * (WeeksShown - 1));
        var lastMonth = LineReliability.MonthStart(today);
        var firstMonth = lastMonth.AddMonths(-(MonthsShown - 1));
        await using var c = await db.OpenAsync(ct);
        var weeks = await c.QueryAsync<RollupRow>(new CommandDefinition(sql.AccountPeriods, new { AccountId = accountId, Grain = ReliabilityGrains.Week, From = firstWeek, To = lastWeek }, cancellationToken: ct));
        var months = await c.QueryAsync<RollupRow>(new CommandDefinition(sql.AccountPeriods, new { AccountId = accountId, Grain = ReliabilityGrains.Month, From = firstMonth, To = lastMonth }, cancellationToken: ct));
        var exceptions = await c.QueryAsync<ExceptionLine>(new CommandDefinition(sql.ExceptionLines,
            new { AccountId = accountId, From = firstMonth, To = today, Skip = 0, Take = ExceptionsShown }, cancellationToken: ct));
        var weekList = Fill(weeks, firstWeek, lastWeek, d => d.AddDays(7));
        var monthList = Fill(months, firstMonth, lastMonth, d => d.AddMonths(1));
        return new AccountReliability(today, weekList, monthList, ReliabilitySums.Sum(weekList.Select(w => w.Sums)), ReliabilitySums.Sum(monthList.Select(m => m.Sums)), exceptions.ToList());
    }

    /// <summary>The account's own figures week by week, for the weeks starting between the Mondays of <paramref name="from"/> and <paramref name="to"/>.</summary>
    public async Task<IReadOnlyList<PeriodFigures>> WeeksAsync(Guid accountId, DateOnly from, DateOnly to, CancellationToken ct = default)
    {
        var (first, last) = (LineReliability.WeekStart(from), LineReliability.WeekStart(to));
        await using var c = await db.OpenAsync(ct);
        var rows = await c.QueryAsync<RollupRow>(new CommandDefinition(sql.AccountPeriods, new { AccountId = accountId, Grain = ReliabilityGrains.Week, From = first, To = last }, cancellationToken: ct));
        return Fill(rows, first, last, d => d.AddDays(7));
    }

    /// <summary>Every account's figures week by week (weeks with lines only): the supplier's side.</summary>
    public async Task<IReadOnlyList<RollupRow>> WeeksOfEveryAccountAsync(DateOnly from, DateOnly to, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        return (await c.QueryAsync<RollupRow>(new CommandDefinition(sql.EveryAccountPeriods,
            new { Grain = ReliabilityGrains.Week, From = LineReliability.WeekStart(from), To = LineReliability.WeekStart(to) }, cancellationToken: ct))).ToList();
    }

    /// <summary>
    /// A dimension's keys with their figures over the periods starting from <paramref name="from"/> to <paramref name="to"/>:
    /// the supplier's rankings. <paramref name="managerUserId"/> keeps the accounts that account manager looks after.
    /// </summary>
    public async Task<IReadOnlyList<RankedRow>> RankingAsync(string dimension, string grain, DateOnly from, DateOnly to, Guid? managerUserId, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        return (await c.QueryAsync<RankedRow>(new CommandDefinition(sql.Ranking,
            new { Dimension = dimension, Grain = grain, From = from, To = to, ManagerUserId = managerUserId }, cancellationToken: ct))).ToList();
    }

    private static List<PeriodFigures> Fill(IEnumerable<RollupRow> rows, DateOnly first, DateOnly last, Func<DateOnly, DateOnly> next)
    {
        var byPeriod = rows.ToDictionary(r => r.PeriodStart);
        var list = new List<PeriodFigures>();
        for (var d = first; d <= last; d = next(d))
            list.Add(new PeriodFigures(d, byPeriod.TryGetValue(d, out var r) ? r : new ReliabilitySums()));
        return list;
    }
}
