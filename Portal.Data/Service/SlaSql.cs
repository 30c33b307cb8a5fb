namespace Portal.Data.Service;

/// <summary>
/// Statements around the SLA clock: the supplier's calendar and SLA policies as the supplier admin keeps them, the
/// escalation and auto-close jobs, satisfaction ratings and the desk dashboard.
/// </summary>
public class SlaSql(SqlDialect dialect) : ISqlStatements
{
    // --- calendar ---------------------------------------------------------------------------------------------------
    public virtual string Calendar => "SELECT TimeZone, Version FROM SupplierCalendar WHERE Id = 1";
    public virtual string HoursList => "SELECT Weekday, OpensMinute, ClosesMinute FROM BusinessHours ORDER BY Weekday";
    public virtual string HolidayList => "SELECT Date, Name FROM BusinessHolidays ORDER BY Date";
    public virtual string SetZone => "UPDATE SupplierCalendar SET TimeZone = @TimeZone, Version = Version + 1 WHERE Id = 1 AND Version = @Version";
    public virtual string ClearHours => "DELETE FROM BusinessHours";
    public virtual string InsertHours => "INSERT INTO BusinessHours (Weekday, OpensMinute, ClosesMinute) VALUES (@Weekday, @OpensMinute, @ClosesMinute)";
    public virtual string AddHoliday => dialect.Upsert("BusinessHolidays", [("Date", "@Date")], [("Name", "@Name")], null);
    public virtual string RemoveHoliday => "DELETE FROM BusinessHolidays WHERE Date = @Date";
    /// <summary>Open requests whose stored clocks a calendar or policy change moves (a page at a time, by id).</summary>
    public virtual string OpenTicketIds => $"""
        SELECT Id FROM Tickets WHERE Status IN ('New', 'Open', 'WaitingOnCustomer') AND Id > @After ORDER BY Id {dialect.Page}
        """;

    // --- policies ---------------------------------------------------------------------------------------------------
    public virtual string Queues => "SELECT Id, Code, Name, SortOrder FROM TicketQueues ORDER BY SortOrder, Name";
    public virtual string PolicyList => """
        SELECT p.Id, p.Priority, p.QueueId, q.Name AS QueueName, p.FirstResponseMinutes, p.ResolutionMinutes
        FROM SlaPolicies p LEFT JOIN TicketQueues q ON q.Id = p.QueueId
        ORDER BY CASE WHEN p.QueueId IS NULL THEN 0 ELSE 1 END, q.SortOrder,
            CASE p.Priority WHEN 'Urgent' THEN 0 WHEN 'High' THEN 1 WHEN 'Normal' THEN 2 ELSE 3 END
        """;
    public virtual string UpdatePolicy => """
        UPDATE SlaPolicies SET FirstResponseMinutes = @FirstResponseMinutes, ResolutionMinutes = @ResolutionMinutes
        WHERE Priority = @Priority AND ((@QueueId IS NULL AND QueueId IS NULL) OR QueueId = @QueueId)
        """;
    public virtual string InsertPolicy => """
        INSERT INTO SlaPolicies (Id, Priority, QueueId, FirstResponseMinutes, ResolutionMinutes)
        VALUES (@Id, @Priority, @QueueId, @FirstResponseMinutes, @ResolutionMinutes)
        """;
    /// <summary>Only a queue's own policy can be removed: the general one per priority always stays.</summary>
    public virtual string RemoveQueuePolicy => "DELETE FROM SlaPolicies WHERE Id = @Id AND QueueId IS NOT NULL";

    // --- escalation -------------------------------------------------------------------------------------------------
    /// <summary>
    /// Open requests with a clock running whose stored warning or due instant has passed without the alert for it: the
    /// escalation job's candidates (indexed on status and the warning instants; warnings come before dues).
    /// </summary>
    public virtual string EscalationCandidates => $"""
        SELECT t.Id FROM Tickets t
        WHERE t.Status IN ('New', 'Open')
          AND ((t.FirstResponseWarnUtc <= @Now AND (
                    NOT EXISTS (SELECT 1 FROM TicketSlaAlerts a WHERE a.TicketId = t.Id AND a.Target = 'FirstResponse' AND a.Kind = 'Warning')
                 OR (t.FirstResponseDueUtc <= @Now AND NOT EXISTS (SELECT 1 FROM TicketSlaAlerts a WHERE a.TicketId = t.Id AND a.Target = 'FirstResponse' AND a.Kind = 'Breach'))))
            OR (t.ResolutionWarnUtc <= @Now AND (
                    NOT EXISTS (SELECT 1 FROM TicketSlaAlerts a WHERE a.TicketId = t.Id AND a.Target = 'Resolution' AND a.Kind = 'Warning')
                 OR (t.ResolutionDueUtc <= @Now AND NOT EXISTS (SELECT 1 FROM TicketSlaAlerts a WHERE a.TicketId = t.Id AND a.Target = 'Resolution' AND a.Kind = 'Breach')))))
        ORDER BY t.Id {dialect.Page}
        """;
    /// <summary>The alert, once: inserts nothing when it was already sent (the key is request, target and kind).</summary>
    public virtual string InsertAlert => dialect.Upsert("TicketSlaAlerts",
        [("TicketId", "@TicketId"), ("Target", "@Target"), ("Kind", "@Kind")], [("AtUtc", "@AtUtc")], null);
    /// <summary>What the alerts' e-mails say and to whom: the request, its account, assignee and account manager.</summary>
    public virtual string AlertFacts => """
        SELECT t.Id, t.Number, t.Subject, t.Priority, t.AccountId, a.Name AS AccountName, q.Name AS QueueName,
            asg.Email AS AssigneeEmail, asg.IsDisabled AS AssigneeDisabled, am.Email AS AccountManagerEmail, am.IsDisabled AS AccountManagerDisabled
        FROM Tickets t
        JOIN CustomerAccounts a ON a.Id = t.AccountId
        JOIN TicketQueues q ON q.Id = t.QueueId
        LEFT JOIN Users asg ON asg.Id = t.AssigneeUserId
        LEFT JOIN Users am ON am.Id = a.AccountManagerUserId
        WHERE t.Id = @TicketId
        """;
    /// <summary>
    /// The enabled supplier staff in one role (@Role): the supplier admins told of a breach, the desk agents warned of an
    /// unassigned request (any of them can take it).
    /// </summary>
    public virtual string StaffEmails => """
        SELECT u.Email FROM Users u
        WHERE u.AccountId IS NULL AND u.IsDisabled = 0 AND u.Email IS NOT NULL
          AND u.Id IN (SELECT ur.UserId FROM UserRoles ur JOIN Roles r ON r.Id = ur.RoleId WHERE r.Name = @Role)
        ORDER BY u.Email
        """;

    // --- auto-close -------------------------------------------------------------------------------------------------
    public virtual string ResolvedBefore => $"SELECT Id FROM Tickets WHERE Status = 'Resolved' AND ResolvedUtc <= @Cutoff ORDER BY ResolvedUtc, Id {dialect.Page}";
    /// <summary>Closes a request still resolved since before the cutoff (a reopened or already closed one is left alone).</summary>
    public virtual string Close => """
        UPDATE Tickets SET Status = 'Closed', ClosedUtc = @Now, UpdatedUtc = @Now, Version = Version + 1
        WHERE Id = @TicketId AND Status = 'Resolved' AND ResolvedUtc <= @Cutoff
        """;
    public virtual string InsertStatusChange => """
        INSERT INTO TicketStatusChanges (Id, TicketId, FromStatus, ToStatus, ChangedByUserId, AtUtc)
        VALUES (@Id, @TicketId, @FromStatus, @ToStatus, @ChangedByUserId, @AtUtc)
        """;

    // --- satisfaction -----------------------------------------------------------------------------------------------
    /// <summary>A request of the account, as the rating form needs it, with its rating for the current resolution if any.</summary>
    public virtual string RatingState => """
        SELECT t.Id, t.Number, t.Subject, t.Status, t.RequesterUserId, t.ResolvedUtc, r.Score, r.Comment, r.CreatedUtc AS RatedUtc
        FROM Tickets t
        LEFT JOIN TicketRatings r ON r.TicketId = t.Id AND r.ResolvedUtc = t.ResolvedUtc
        WHERE t.Number = @Number AND t.AccountId = @AccountId
        """;
    public virtual string InsertRating => dialect.Upsert("TicketRatings", [("TicketId", "@TicketId"), ("ResolvedUtc", "@ResolvedUtc")],
        [("Id", "@Id"), ("Score", "@Score"), ("Comment", "@Comment"), ("RatedByUserId", "@RatedByUserId"), ("CreatedUtc", "@CreatedUtc")], null);
    /// <summary>The requester of a request, to invite to rate it (any account: called from the desk's resolution).</summary>
    public virtual string Requester => """
        SELECT t.Number, t.Subject, u.Email, u.DisplayName, u.IsDisabled
        FROM Tickets t JOIN Users u ON u.Id = t.RequesterUserId
        WHERE t.Id = @TicketId
        """;

    // --- dashboard --------------------------------------------------------------------------------------------------
    public virtual string OpenByQueue => """
        SELECT q.Name AS QueueName, q.SortOrder,
            SUM(CASE WHEN t.Status = 'New' THEN 1 ELSE 0 END) AS NewCount,
            SUM(CASE WHEN t.Status = 'Open' THEN 1 ELSE 0 END) AS OpenCount,
            SUM(CASE WHEN t.Status = 'WaitingOnCustomer' THEN 1 ELSE 0 END) AS WaitingCount,
            SUM(CASE WHEN t.FirstResponseBreached = 1 OR t.ResolutionBreached = 1 THEN 1 ELSE 0 END) AS BreachedCount
        FROM TicketQueues q
        LEFT JOIN Tickets t ON t.QueueId = q.Id AND t.Status IN ('New', 'Open', 'WaitingOnCustomer')
        GROUP BY q.Id, q.Name, q.SortOrder
        ORDER BY q.SortOrder, q.Name
        """;
    /// <summary>Requests answered or resolved in the period, with what their clocks need.</summary>
    public virtual string HandledInPeriod => """
        SELECT t.Id, t.QueueId, t.Priority, t.CreatedUtc, t.FirstRespondedUtc, t.ResolvedUtc
        FROM Tickets t
        WHERE (t.FirstRespondedUtc >= @From AND t.FirstRespondedUtc <= @To) OR (t.ResolvedUtc >= @From AND t.ResolvedUtc <= @To)
        """;
    public virtual string StatusChangesOfHandled => """
        SELECT c.TicketId, c.AtUtc, c.ToStatus AS Status
        FROM TicketStatusChanges c JOIN Tickets t ON t.Id = c.TicketId
        WHERE (t.FirstRespondedUtc >= @From AND t.FirstRespondedUtc <= @To) OR (t.ResolvedUtc >= @From AND t.ResolvedUtc <= @To)
        ORDER BY c.TicketId, c.AtUtc
        """;
    public virtual string AllPolicies => "SELECT Priority, QueueId, FirstResponseMinutes, ResolutionMinutes FROM SlaPolicies";
    public virtual string BreachesInPeriod => "SELECT Target, AtUtc FROM TicketSlaAlerts WHERE Kind = 'Breach' AND AtUtc >= @From AND AtUtc <= @To";
    public virtual string RatingsInPeriod => """
        SELECT r.Score, r.Comment, r.CreatedUtc, t.Number, t.Subject, a.Name AS AccountName
        FROM TicketRatings r JOIN Tickets t ON t.Id = r.TicketId JOIN CustomerAccounts a ON a.Id = t.AccountId
        WHERE r.CreatedUtc >= @From AND r.CreatedUtc <= @To
        ORDER BY r.CreatedUtc DESC
        """;
}
