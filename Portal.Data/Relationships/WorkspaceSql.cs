namespace Portal.Data.Relationships;

/// <summary>
/// Statements of the account manager's workspace: the ranked accounts with their latest health, follow-up tasks, the
/// contact log and the follow-up job. Supplier staff only: none of these is ever called for a customer. An account
/// manager's reads pass @ManagerUserId (their own accounts); a supplier admin's pass null (every account).
/// </summary>
public class WorkspaceSql(SqlDialect dialect) : ISqlStatements
{
    private const string Latest = "h.AsOfDate = (SELECT MAX(x.AsOfDate) FROM AccountHealthScores x WHERE x.AccountId = a.Id)";

    private const string Filter = $"""
        FROM CustomerAccounts a
        LEFT JOIN Users am ON am.Id = a.AccountManagerUserId
        LEFT JOIN AccountHealthScores h ON h.AccountId = a.Id AND {Latest}
        WHERE a.IsActive = 1
          AND (@ManagerUserId IS NULL OR a.AccountManagerUserId = @ManagerUserId)
          AND (@Unassigned = 0 OR a.AccountManagerUserId IS NULL)
          AND (@Q IS NULL OR a.Name LIKE @Q ESCAPE '\')
          AND (@Silent IS NULL OR h.Silent = @Silent)
          AND (@NoScore = 0 OR h.AccountId IS NULL)
          AND (@MinScore IS NULL OR h.Score >= @MinScore)
          AND (@MaxScore IS NULL OR h.Score <= @MaxScore)
          AND (@HasOpenTasks IS NULL
               OR (@HasOpenTasks = 1 AND EXISTS (SELECT 1 FROM FollowUpTasks t WHERE t.AccountId = a.Id AND t.CompletedUtc IS NULL))
               OR (@HasOpenTasks = 0 AND NOT EXISTS (SELECT 1 FROM FollowUpTasks t WHERE t.AccountId = a.Id AND t.CompletedUtc IS NULL)))
        """;

    /// <summary>The accounts ranked by risk (highest first; accounts without a score last), with their latest health.</summary>
    public virtual string Accounts => $"""
        SELECT a.Id AS AccountId, a.Name, a.TimeZone, a.AccountManagerUserId, am.DisplayName AS ManagerName,
               h.AsOfDate, h.Score, h.Risk, h.Silent, h.Reasons,
               (SELECT COUNT(*) FROM FollowUpTasks t WHERE t.AccountId = a.Id AND t.CompletedUtc IS NULL) AS OpenTasks,
               (SELECT MIN(t.DueDate) FROM FollowUpTasks t WHERE t.AccountId = a.Id AND t.CompletedUtc IS NULL) AS NextDueDate,
               (SELECT MAX(c.ContactedUtc) FROM AccountContacts c WHERE c.AccountId = a.Id) AS LastContactUtc,
               (SELECT MAX(o.CreatedUtc) FROM Orders o WHERE o.AccountId = a.Id) AS LastOrderUtc
        {Filter}
        ORDER BY CASE WHEN h.Risk IS NULL THEN 1 ELSE 0 END, h.Risk DESC, h.Score, a.Name, a.Id
        {dialect.Page}
        """;
    public virtual string CountAccounts => $"SELECT COUNT(*) {Filter}";

    /// <summary>One account as the workspace shows it, when the viewer may see it (@ManagerUserId null: any account).</summary>
    public virtual string Account => $"""
        SELECT a.Id AS AccountId, a.Name, a.TimeZone, a.AccountManagerUserId, am.DisplayName AS ManagerName,
               h.AsOfDate, h.Score, h.Risk, h.Silent, h.Reasons,
               (SELECT COUNT(*) FROM FollowUpTasks t WHERE t.AccountId = a.Id AND t.CompletedUtc IS NULL) AS OpenTasks,
               (SELECT MIN(t.DueDate) FROM FollowUpTasks t WHERE t.AccountId = a.Id AND t.CompletedUtc IS NULL) AS NextDueDate,
               (SELECT MAX(c.ContactedUtc) FROM AccountContacts c WHERE c.AccountId = a.Id) AS LastContactUtc,
               (SELECT MAX(o.CreatedUtc) FROM Orders o WHERE o.AccountId = a.Id) AS LastOrderUtc
        FROM CustomerAccounts a
        LEFT JOIN Users am ON am.Id = a.AccountManagerUserId
        LEFT JOIN AccountHealthScores h ON h.AccountId = a.Id AND {Latest}
        WHERE a.Id = @AccountId AND (@ManagerUserId IS NULL OR a.AccountManagerUserId = @ManagerUserId)
        """;

    /// <summary>The account's most recent scores, newest first.</summary>
    public virtual string RecentScores => $"""
        SELECT AccountId, AsOfDate, Score, Risk, Silent, Reasons, ComputedUtc FROM AccountHealthScores
        WHERE AccountId = @AccountId
        ORDER BY AsOfDate DESC {dialect.Page}
        """;

    /// <summary>The supplier's active account managers who look after at least one account, for the admin's filter.</summary>
    public virtual string Managers => """
        SELECT DISTINCT u.Id, u.DisplayName FROM Users u JOIN CustomerAccounts a ON a.AccountManagerUserId = u.Id
        WHERE a.IsActive = 1
        ORDER BY u.DisplayName, u.Id
        """;

    public virtual string RecentOrders => $"""
        SELECT o.Id, o.Number, o.Status, o.Total, o.CreatedUtc FROM Orders o
        WHERE o.AccountId = @AccountId
        ORDER BY o.CreatedUtc DESC, o.Id {dialect.Page}
        """;

    /// <summary>The account's requests not yet resolved or closed.</summary>
    public virtual string OpenRequests => $"""
        SELECT t.Id, t.Number, t.Kind, t.Subject, t.Status, t.Priority, t.CreatedUtc FROM Tickets t
        WHERE t.AccountId = @AccountId AND t.Status IN ('New', 'Open', 'WaitingOnCustomer')
        ORDER BY t.CreatedUtc DESC, t.Id {dialect.Page}
        """;

    // ---- follow-up tasks ---------------------------------------------------------------------------------------------

    private const string TaskColumns = """
        t.Id, t.AccountId, a.Name AS AccountName, t.Kind, t.DueDate, t.Notes, t.AssignedUserId, au.DisplayName AS AssignedName,
        t.Source, t.SourceKey, t.TicketId, t.CreatedByUserId, t.CreatedUtc, t.CompletedUtc, cu.DisplayName AS CompletedByName, t.Outcome, t.Version
        """;
    private const string TaskFrom = """
        FROM FollowUpTasks t JOIN CustomerAccounts a ON a.Id = t.AccountId
        LEFT JOIN Users au ON au.Id = t.AssignedUserId LEFT JOIN Users cu ON cu.Id = t.CompletedByUserId
        """;

    public virtual string OpenTasks => $"""
        SELECT {TaskColumns} {TaskFrom}
        WHERE t.AccountId = @AccountId AND t.CompletedUtc IS NULL
        ORDER BY t.DueDate, t.CreatedUtc, t.Id
        """;
    public virtual string CompletedTasks => $"""
        SELECT {TaskColumns} {TaskFrom}
        WHERE t.AccountId = @AccountId AND t.CompletedUtc IS NOT NULL
        ORDER BY t.CompletedUtc DESC, t.Id {dialect.Page}
        """;
    public virtual string Task => $"SELECT {TaskColumns} {TaskFrom} WHERE t.Id = @Id AND t.AccountId = @AccountId";
    public virtual string InsertTask => """
        INSERT INTO FollowUpTasks (Id, AccountId, Kind, DueDate, Notes, AssignedUserId, Source, SourceKey, TicketId, CreatedByUserId, CreatedUtc, Version)
        VALUES (@Id, @AccountId, @Kind, @DueDate, @Notes, @AssignedUserId, @Source, NULL, NULL, @CreatedByUserId, @Now, 1)
        """;
    /// <summary>A task the job makes: nothing when one exists for the same account, source and key (a re-run makes no second).</summary>
    public virtual string InsertTaskOnce => dialect.Upsert("FollowUpTasks",
        [("AccountId", "@AccountId"), ("Source", "@Source"), ("SourceKey", "@SourceKey")],
        [("Id", "@Id"), ("Kind", "@Kind"), ("DueDate", "@DueDate"), ("Notes", "@Notes"), ("AssignedUserId", "@AssignedUserId"),
         ("TicketId", "@TicketId"), ("CreatedUtc", "@Now"), ("Version", "1")], updateSet: null);
    /// <summary>Completes an open task with its outcome, at the version the person saw.</summary>
    public virtual string CompleteTask => """
        UPDATE FollowUpTasks SET CompletedUtc = @Now, CompletedByUserId = @UserId, Outcome = @Outcome, Version = Version + 1
        WHERE Id = @Id AND AccountId = @AccountId AND CompletedUtc IS NULL AND Version = @Version
        """;

    // ---- the follow-up job (every account: supplier side only) -------------------------------------------------------

    /// <summary>Each active account's two latest scores, the latest at or after @Since (for the job only).</summary>
    public virtual string LatestTwoScoresForRun => """
        SELECT r.AccountId, r.AsOfDate, r.Score, r.Silent, r.Recent, a.AccountManagerUserId FROM (
            SELECT s.AccountId, s.AsOfDate, s.Score, s.Silent, ROW_NUMBER() OVER (PARTITION BY s.AccountId ORDER BY s.AsOfDate DESC) AS Recent
            FROM AccountHealthScores s
            WHERE s.AccountId IN (SELECT x.AccountId FROM AccountHealthScores x WHERE x.AsOfDate >= @Since)
        ) r JOIN CustomerAccounts a ON a.Id = r.AccountId
        WHERE r.Recent <= 2 AND a.IsActive = 1
        ORDER BY r.AccountId, r.AsOfDate DESC
        """;
    /// <summary>Complaints resolved between @Since and @Until with no follow-up task yet (for the job only).</summary>
    public virtual string ResolvedComplaintsForRun => """
        SELECT t.Id AS TicketId, t.AccountId, t.Number, t.ResolvedUtc, a.AccountManagerUserId FROM Tickets t
        JOIN CustomerAccounts a ON a.Id = t.AccountId
        WHERE t.Kind IN ('DeliveryClaim', 'QualityComplaint', 'ReturnRequest')
          AND t.ResolvedUtc IS NOT NULL AND t.ResolvedUtc > @Since AND t.ResolvedUtc <= @Until AND a.IsActive = 1
          AND NOT EXISTS (SELECT 1 FROM FollowUpTasks f WHERE f.AccountId = t.AccountId AND f.Source = 'ComplaintResolved' AND f.TicketId = t.Id)
        ORDER BY t.ResolvedUtc, t.Id
        """;

    // ---- contact log -------------------------------------------------------------------------------------------------

    public virtual string Contacts => $"""
        SELECT c.Id, c.AccountId, c.Kind, c.ContactedUtc, c.WithWhom, c.Notes, c.LoggedByUserId, u.DisplayName AS LoggedByName, c.LoggedUtc
        FROM AccountContacts c JOIN Users u ON u.Id = c.LoggedByUserId
        WHERE c.AccountId = @AccountId
        ORDER BY c.ContactedUtc DESC, c.Id {dialect.Page}
        """;
    public virtual string InsertContact => """
        INSERT INTO AccountContacts (Id, AccountId, Kind, ContactedUtc, WithWhom, Notes, LoggedByUserId, LoggedUtc)
        VALUES (@Id, @AccountId, @Kind, @ContactedUtc, @WithWhom, @Notes, @LoggedByUserId, @Now)
        """;
    /// <summary>The account's last logged contact at or before @AsOfUtc (null when none).</summary>
    public virtual string LastContact => "SELECT MAX(ContactedUtc) AS LastContactUtc FROM AccountContacts WHERE AccountId = @AccountId AND ContactedUtc <= @AsOfUtc";
    /// <summary>Every account's last logged contact at or before @AsOfUtc (accounts with none are left out): set-based, for the health score.</summary>
    public virtual string LastContactPerAccount => """
        SELECT AccountId, MAX(ContactedUtc) AS LastContactUtc FROM AccountContacts WHERE ContactedUtc <= @AsOfUtc GROUP BY AccountId
        """;

    // ---- demo data ---------------------------------------------------------------------------------------------------

    /// <summary>A demo health row (the demo seeder only, marked as demo in its reasons).</summary>
    public virtual string InsertDemoScore => """
        INSERT INTO AccountHealthScores (AccountId, AsOfDate, Score, Risk, Silent, Reasons, ComputedUtc)
        VALUES (@AccountId, @AsOfDate, @Score, @Risk, @Silent, @Reasons, @Now)
        """;
    public virtual string SetDemoManager => "UPDATE CustomerAccounts SET AccountManagerUserId = @ManagerUserId WHERE Id = @AccountId AND AccountManagerUserId IS NULL";
}
