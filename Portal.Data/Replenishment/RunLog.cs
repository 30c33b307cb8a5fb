namespace Portal.Data.Replenishment;

public sealed record StoredRun
{
    public Guid Id { get; init; }
    public DateTimeOffset StartedUtc { get; init; }
    public DateTimeOffset FinishedUtc { get; init; }
    public string Host { get; init; } = "";
    public int Placed { get; init; }
    public int Skipped { get; init; }
    public int Missed { get; init; }
    public int Failed { get; init; }
    public int Reminders { get; init; }
    public int ProblemCount { get; init; }
    public IReadOnlyList<RunProblem> Problems { get; init; } = [];
}

public sealed record RunHeartbeat(string Host, DateTimeOffset StartedUtc, DateTimeOffset FinishedUtc);

/// <summary>
/// The record of replenishment runs for the supplier admins. A run that placed, skipped, missed or failed something is
/// stored with its problems (schedule or stock rule, account, why); a run that found nothing to do only moves its host's
/// heartbeat (one row per host), so the table does not grow by a row a minute forever and the page can still say when
/// the job last ran and where.
/// </summary>
public sealed class RunLog(ConnectionFactory db, RunLogSql sql)
{
    public const int PageSize = 25;

    /// <summary>The machine and process of this run.</summary>
    public static string ThisHost => TextLimits.Cut($"{Environment.MachineName} (process {Environment.ProcessId})", TextLimits.ReplenishmentRuns.Host);

    public async Task RecordAsync(DateTimeOffset startedUtc, DateTimeOffset finishedUtc, RunSummary summary, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        await using var tx = await db.BeginWriteAsync(c, ct);
        await c.ExecuteAsync(new CommandDefinition(sql.Heartbeat, new { Host = ThisHost, StartedUtc = startedUtc, FinishedUtc = finishedUtc }, tx, cancellationToken: ct));
        if (summary.DidSomething)
        {
            var id = Guid.NewGuid();
            await c.ExecuteAsync(new CommandDefinition(sql.InsertRun, new
            {
                Id = id, StartedUtc = startedUtc, FinishedUtc = finishedUtc, Host = ThisHost, summary.Placed, summary.Skipped, summary.Missed, summary.Failed, summary.Reminders,
            }, tx, cancellationToken: ct));
            if (summary.Problems.Count > 0)
                await c.ExecuteAsync(new CommandDefinition(sql.InsertProblem, summary.Problems.Select(p => new
                {
                    Id = Guid.NewGuid(), RunId = id, p.Kind, p.AccountId,
                    AccountName = TextLimits.Cut(p.AccountName, TextLimits.ReplenishmentRunProblems.AccountName),
                    Subject = TextLimits.Cut(p.Subject, TextLimits.ReplenishmentRunProblems.Subject), p.SubjectId,
                    Reason = TextLimits.Cut(p.Reason, TextLimits.ReplenishmentRunProblems.Reason),
                }).ToList(), tx, cancellationToken: ct));
        }
        await tx.CommitAsync(ct);
    }

    /// <summary>Stored runs, newest first, a page at a time, each with its problems; only runs with failures when <paramref name="failedOnly"/>.</summary>
    public async Task<Page<StoredRun>> RunsAsync(int page, bool failedOnly, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        var args = new { FailedOnly = failedOnly ? 1 : 0, Skip = Paging.Skip(page, PageSize), Take = PageSize };
        var total = await c.ExecuteScalarAsync<int>(new CommandDefinition(sql.RunCount, args, cancellationToken: ct));
        var runs = (await c.QueryAsync<StoredRun>(new CommandDefinition(sql.Runs, args, cancellationToken: ct))).ToList();
        if (runs.Count > 0)
        {
            var problems = (await c.QueryAsync<ProblemRow>(new CommandDefinition(sql.ProblemsBetween,
                new { From = runs.Min(r => r.StartedUtc), To = runs.Max(r => r.StartedUtc) }, cancellationToken: ct))).ToLookup(p => p.RunId);
            runs = runs.Select(r => r with { Problems = problems[r.Id].Select(p => new RunProblem(p.Kind, p.AccountId, p.AccountName, p.Subject, p.SubjectId, p.Reason)).ToList() }).ToList();
        }
        return new Page<StoredRun>(runs, Math.Max(1, page), PageSize, total);
    }

    public async Task<IReadOnlyList<RunHeartbeat>> HeartbeatsAsync(CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        return (await c.QueryAsync<(string, DateTimeOffset, DateTimeOffset)>(new CommandDefinition(sql.Heartbeats, cancellationToken: ct)))
            .Select(h => new RunHeartbeat(h.Item1, h.Item2, h.Item3)).ToList();
    }

    private sealed record ProblemRow
    {
        public Guid RunId { get; init; }
        public string Kind { get; init; } = "";
        public Guid? AccountId { get; init; }
        public string AccountName { get; init; } = "";
        public string Subject { get; init; } = "";
        public Guid? SubjectId { get; init; }
        public string Reason { get; init; } = "";
    }
}
