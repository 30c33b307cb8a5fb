namespace Portal.Data.Replenishment;

/// <summary>Statements for the record of replenishment runs (the supplier admins' page; unscoped: no customer reads these).</summary>
public class RunLogSql(SqlDialect dialect) : ISqlStatements
{
    public virtual string InsertRun => """
        INSERT INTO ReplenishmentRuns (Id, StartedUtc, FinishedUtc, Host, Placed, Skipped, Missed, Failed, Reminders)
        VALUES (@Id, @StartedUtc, @FinishedUtc, @Host, @Placed, @Skipped, @Missed, @Failed, @Reminders)
        """;

    public virtual string InsertProblem => """
        INSERT INTO ReplenishmentRunProblems (Id, RunId, Kind, AccountId, AccountName, Subject, SubjectId, Reason)
        VALUES (@Id, @RunId, @Kind, @AccountId, @AccountName, @Subject, @SubjectId, @Reason)
        """;

    public virtual string Heartbeat => dialect.Upsert("ReplenishmentHeartbeats", [("Host", "@Host")],
        [("StartedUtc", "@StartedUtc"), ("FinishedUtc", "@FinishedUtc")], updateSet: "StartedUtc = @StartedUtc, FinishedUtc = @FinishedUtc");

    public virtual string Heartbeats => "SELECT Host, StartedUtc, FinishedUtc FROM ReplenishmentHeartbeats ORDER BY FinishedUtc DESC, Host";

    /// <summary>Stored runs, newest first; only those with failures when @FailedOnly is 1.</summary>
    public virtual string Runs => $"""
        SELECT r.Id, r.StartedUtc, r.FinishedUtc, r.Host, r.Placed, r.Skipped, r.Missed, r.Failed, r.Reminders,
               (SELECT COUNT(*) FROM ReplenishmentRunProblems p WHERE p.RunId = r.Id) AS ProblemCount
        FROM ReplenishmentRuns r
        WHERE (@FailedOnly = 0 OR r.Failed > 0)
        ORDER BY r.StartedUtc DESC, r.Id {dialect.Page}
        """;

    public virtual string RunCount => "SELECT COUNT(*) FROM ReplenishmentRuns r WHERE (@FailedOnly = 0 OR r.Failed > 0)";

    /// <summary>The problems of the runs started from @From to @To (a page of runs), to group by run.</summary>
    public virtual string ProblemsBetween => """
        SELECT p.RunId, p.Kind, p.AccountId, p.AccountName, p.Subject, p.SubjectId, p.Reason
        FROM ReplenishmentRunProblems p JOIN ReplenishmentRuns r ON r.Id = p.RunId
        WHERE r.StartedUtc >= @From AND r.StartedUtc <= @To
        ORDER BY p.AccountName, p.Subject
        """;
}
