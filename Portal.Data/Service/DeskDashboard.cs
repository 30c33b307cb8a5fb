namespace Portal.Data.Service;

public sealed class QueueLoad
{
    public string QueueName { get; init; } = "";
    public int SortOrder { get; init; }
    public int NewCount { get; init; }
    public int OpenCount { get; init; }
    public int WaitingCount { get; init; }
    public int BreachedCount { get; init; }
    public int Total => NewCount + OpenCount + WaitingCount;
}

/// <summary>Business time a set of requests took: how many, median, 90th percentile, and how many within their target.</summary>
public sealed record HandlingTimes(int Count, TimeSpan? Median, TimeSpan? P90, int WithinTarget)
{
    public double? WithinShare => Count == 0 ? null : (double)WithinTarget / Count;

    /// <summary>Nearest-rank percentile of sorted values (p in 0..1).</summary>
    public static TimeSpan? Percentile(IReadOnlyList<TimeSpan> sorted, double p) =>
        sorted.Count == 0 ? null : sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];

    public static HandlingTimes Of(IReadOnlyList<(TimeSpan Used, TimeSpan Allowed)> items)
    {
        var sorted = items.Select(i => i.Used).Order().ToList();
        return new(sorted.Count, Percentile(sorted, 0.5), Percentile(sorted, 0.9), items.Count(i => i.Used <= i.Allowed));
    }
}

public sealed record WeekBreaches(DateOnly WeekStarting, int FirstResponse, int Resolution)
{
    public int Total => FirstResponse + Resolution;
}

public sealed class RecentRating
{
    public int Score { get; init; }
    public string? Comment { get; init; }
    public DateTimeOffset CreatedUtc { get; init; }
    public string Number { get; init; } = "";
    public string Subject { get; init; } = "";
    public string AccountName { get; init; } = "";
}

public sealed record SatisfactionSummary(int Count, double? Average, IReadOnlyList<int> Distribution, IReadOnlyList<RecentRating> RecentComments);

public sealed record DashboardFigures(
    DateTimeOffset FromUtc, DateTimeOffset ToUtc, string TimeZone,
    IReadOnlyList<QueueLoad> OpenByQueue, HandlingTimes FirstResponse, HandlingTimes Resolution,
    IReadOnlyList<WeekBreaches> BreachesByWeek, SatisfactionSummary Satisfaction);

/// <summary>
/// The desk dashboard's figures for a period: open requests by queue (now), first-response and resolution times in
/// business hours (median and 90th percentile, of the requests answered or resolved in the period, by the same SLA clock
/// the queues use: waiting on the customer does not count), breaches by week and customer satisfaction.
/// </summary>
public sealed class DeskDashboard(ConnectionFactory db, SlaSql sql, TicketClocks clocks, TimeProvider clock)
{
    public static readonly IReadOnlyList<int> PeriodDays = [7, 30, 90, 365];
    public const int RecentComments = 10;

    private sealed class HandledRow
    {
        public Guid Id { get; init; }
        public Guid QueueId { get; init; }
        public string Priority { get; init; } = "";
        public DateTimeOffset CreatedUtc { get; init; }
        public DateTimeOffset? FirstRespondedUtc { get; init; }
        public DateTimeOffset? ResolvedUtc { get; init; }
    }
    private sealed class ChangeRow { public Guid TicketId { get; init; } public DateTimeOffset AtUtc { get; init; } public string Status { get; init; } = ""; }
    private sealed class PolicyRow { public string Priority { get; init; } = ""; public Guid? QueueId { get; init; } public int FirstResponseMinutes { get; init; } public int ResolutionMinutes { get; init; } }
    private sealed class AlertRow { public string Target { get; init; } = ""; public DateTimeOffset AtUtc { get; init; } }

    public async Task<DashboardFigures> LoadAsync(int days, CancellationToken ct = default)
    {
        var to = clock.GetUtcNow();
        var from = to.AddDays(-Math.Clamp(days, 1, 3660));
        var args = new { From = from, To = to };
        await using var c = await db.OpenAsync(ct);
        var calendar = await clocks.CalendarAsync(c, null, ct);
        var load = (await c.QueryAsync<QueueLoad>(new CommandDefinition(sql.OpenByQueue, cancellationToken: ct))).ToList();
        var handled = (await c.QueryAsync<HandledRow>(new CommandDefinition(sql.HandledInPeriod, args, cancellationToken: ct))).ToList();
        var changes = (await c.QueryAsync<ChangeRow>(new CommandDefinition(sql.StatusChangesOfHandled, args, cancellationToken: ct)))
            .GroupBy(r => r.TicketId).ToDictionary(g => g.Key, g => (IReadOnlyList<StatusChange>)g.Select(r => new StatusChange(r.AtUtc, r.Status)).ToList());
        var policies = (await c.QueryAsync<PolicyRow>(new CommandDefinition(sql.AllPolicies, cancellationToken: ct))).ToList();
        var alerts = (await c.QueryAsync<AlertRow>(new CommandDefinition(sql.BreachesInPeriod, args, cancellationToken: ct))).ToList();
        var ratings = (await c.QueryAsync<RecentRating>(new CommandDefinition(sql.RatingsInPeriod, args, cancellationToken: ct))).ToList();

        var firstTimes = new List<(TimeSpan, TimeSpan)>();
        var resolutionTimes = new List<(TimeSpan, TimeSpan)>();
        foreach (var t in handled)
        {
            var policy = policies.FirstOrDefault(p => p.Priority == t.Priority && p.QueueId == t.QueueId) ?? policies.FirstOrDefault(p => p.Priority == t.Priority && p.QueueId is null);
            var history = changes.GetValueOrDefault(t.Id) ?? [];
            if (t.FirstRespondedUtc is { } answered && answered >= from && answered <= to)
                firstTimes.Add((Used(calendar, SlaTarget.FirstResponse, t.CreatedUtc, history, answered), TimeSpan.FromMinutes(policy?.FirstResponseMinutes ?? int.MaxValue / 2)));
            if (t.ResolvedUtc is { } resolved && resolved >= from && resolved <= to)
                resolutionTimes.Add((Used(calendar, SlaTarget.Resolution, t.CreatedUtc, history, resolved), TimeSpan.FromMinutes(policy?.ResolutionMinutes ?? int.MaxValue / 2)));
        }

        var weeks = new List<WeekBreaches>();
        var firstWeek = WeekOf(calendar.LocalDate(from));
        var lastWeek = WeekOf(calendar.LocalDate(to));
        for (var w = firstWeek; w <= lastWeek; w = w.AddDays(7))
        {
            var inWeek = alerts.Where(a => WeekOf(calendar.LocalDate(a.AtUtc)) == w).ToList();
            weeks.Add(new WeekBreaches(w, inWeek.Count(a => a.Target == SlaTarget.FirstResponse), inWeek.Count(a => a.Target == SlaTarget.Resolution)));
        }

        var distribution = Enumerable.Range(1, 5).Select(s => ratings.Count(r => r.Score == s)).ToList();
        var satisfaction = new SatisfactionSummary(ratings.Count, ratings.Count == 0 ? null : ratings.Average(r => r.Score), distribution,
            ratings.Where(r => !string.IsNullOrWhiteSpace(r.Comment)).Take(RecentComments).ToList());
        return new DashboardFigures(from, to, calendar.Zone.Id, load, HandlingTimes.Of(firstTimes), HandlingTimes.Of(resolutionTimes), weeks, satisfaction);
    }

    /// <summary>The Monday a date's week starts on.</summary>
    public static DateOnly WeekOf(DateOnly date) => date.AddDays(-(((int)date.DayOfWeek + 6) % 7));

    /// <summary>The business time a clock ran until it stopped (the same clock as the request's SLA, so waits do not count).</summary>
    private static TimeSpan Used(BusinessCalendar calendar, string target, DateTimeOffset created, IReadOnlyList<StatusChange> history, DateTimeOffset stopped) =>
        SlaClock.Read(calendar, target, TimeSpan.FromDays(36500), created, history, stopped, stopped).Used;
}
