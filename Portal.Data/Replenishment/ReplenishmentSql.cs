namespace Portal.Data.Replenishment;

/// <summary>
/// Statements for reorder schedules and their occurrences. Customer-facing ones take @AccountId; the job's reads of due
/// work span accounts and say so in their names (ForRun).
/// </summary>
public class ReplenishmentSql(SqlDialect dialect) : ISqlStatements
{
    private const string Columns = """
        s.Id, s.AccountId, s.SiteId, st.Name AS SiteName, s.OwnerUserId, u.DisplayName AS OwnerName, s.Name, s.Cron, s.TimeZone,
        s.IntervalWeeks, s.StartDate, s.EndDate, s.LeadNoticeHours, s.DeliveryBusinessDays, s.PoNumber, s.Status, s.StatusReason,
        s.NextRunUtc, s.CreatedUtc, s.Version,
        (SELECT COUNT(*) FROM ReorderScheduleLines x WHERE x.ScheduleId = s.Id) AS LineCount
        """;
    private const string From = "FROM ReorderSchedules s JOIN Sites st ON st.Id = s.SiteId JOIN Users u ON u.Id = s.OwnerUserId";

    /// <summary>The account's schedules; only the owner's when @OwnerUserId is given (a buyer sees their own).</summary>
    public virtual string Schedules => $"""
        SELECT {Columns} {From}
        WHERE s.AccountId = @AccountId AND (@OwnerUserId IS NULL OR s.OwnerUserId = @OwnerUserId)
        ORDER BY s.Name, s.Id
        """;
    public virtual string Schedule => $"""
        SELECT {Columns} {From}
        WHERE s.Id = @Id AND s.AccountId = @AccountId AND (@OwnerUserId IS NULL OR s.OwnerUserId = @OwnerUserId)
        """;
    /// <summary>Any account's schedule, for the replenishment job only.</summary>
    public virtual string ScheduleForRun => $"SELECT {Columns} {From} WHERE s.Id = @Id";
    public virtual string Lines => """
        SELECT l.ProductId, p.Sku, p.Name, p.Unit, l.Quantity, p.IsActive, p.LeadTimeDays
        FROM ReorderScheduleLines l JOIN Products p ON p.Id = l.ProductId
        WHERE l.ScheduleId = @ScheduleId ORDER BY p.Sku
        """;
    public virtual string InsertSchedule => """
        INSERT INTO ReorderSchedules (Id, AccountId, SiteId, OwnerUserId, Name, Cron, TimeZone, IntervalWeeks, StartDate, EndDate, LeadNoticeHours,
                                      DeliveryBusinessDays, PoNumber, Status, StatusReason, NextRunUtc, ReminderDueUtc, ReminderSentForUtc, CreatedUtc, UpdatedUtc, Version)
        VALUES (@Id, @AccountId, @SiteId, @OwnerUserId, @Name, @Cron, @TimeZone, @IntervalWeeks, @StartDate, @EndDate, @LeadNoticeHours,
                @DeliveryBusinessDays, @PoNumber, @Status, NULL, @NextRunUtc, @ReminderDueUtc, NULL, @Now, @Now, 1)
        """;
    public virtual string UpdateSchedule => """
        UPDATE ReorderSchedules
        SET Name = @Name, SiteId = @SiteId, Cron = @Cron, TimeZone = @TimeZone, IntervalWeeks = @IntervalWeeks, StartDate = @StartDate, EndDate = @EndDate,
            LeadNoticeHours = @LeadNoticeHours, DeliveryBusinessDays = @DeliveryBusinessDays, PoNumber = @PoNumber, Status = @Status,
            StatusReason = NULL, NextRunUtc = @NextRunUtc, ReminderDueUtc = @ReminderDueUtc, UpdatedUtc = @Now, Version = Version + 1
        WHERE Id = @Id AND AccountId = @AccountId AND Version = @Version
        """;
    public virtual string InsertLine => "INSERT INTO ReorderScheduleLines (ScheduleId, ProductId, Quantity) VALUES (@ScheduleId, @ProductId, @Quantity)";
    public virtual string DeleteLines => "DELETE FROM ReorderScheduleLines WHERE ScheduleId = @ScheduleId";
    /// <summary>Pause, resume: the status and the next run, at the version the person saw (or any when @Version is null).</summary>
    public virtual string SetStatus => """
        UPDATE ReorderSchedules
        SET Status = @Status, StatusReason = NULL, NextRunUtc = @NextRunUtc, ReminderDueUtc = @ReminderDueUtc, UpdatedUtc = @Now, Version = Version + 1
        WHERE Id = @Id AND AccountId = @AccountId AND (@Version IS NULL OR Version = @Version)
        """;
    public virtual string DeleteOccurrences => "DELETE FROM ReorderOccurrences WHERE ScheduleId = @Id AND AccountId = @AccountId";
    public virtual string DeleteSchedule => "DELETE FROM ReorderSchedules WHERE Id = @Id AND AccountId = @AccountId";
    public virtual string History => $"""
        SELECT OccurrenceUtc, Outcome, OrderNumber, Reason, RecordedUtc FROM ReorderOccurrences
        WHERE ScheduleId = @ScheduleId AND AccountId = @AccountId
        ORDER BY OccurrenceUtc DESC {dialect.Page}
        """;
    /// <summary>The schedule whose occurrence placed this order of the account, if a schedule did.</summary>
    public virtual string ScheduleOfOrder => """
        SELECT s.Id, s.Name FROM ReorderOccurrences o JOIN ReorderSchedules s ON s.Id = o.ScheduleId
        WHERE o.AccountId = @AccountId AND o.OrderId = @OrderId
        """;

    // ---- the replenishment job --------------------------------------------------------------------------------------

    /// <summary>
    /// A page of the active schedules of every account whose next run has come, oldest first, in the order of the due
    /// index (no sort of every due row); those whose occurrence another run holds a live claim on are left to it (for the
    /// job only).
    /// </summary>
    public virtual string DueSchedulesForRun => $"""
        SELECT {Columns} {From}
        WHERE s.Status = 'Active' AND s.NextRunUtc <= @Now
          AND NOT EXISTS (SELECT 1 FROM ReorderOccurrences o WHERE o.ScheduleId = s.Id AND o.Outcome = 'Claimed' AND o.ClaimedUntilUtc >= @Now)
        ORDER BY s.NextRunUtc, s.Id {dialect.Page}
        """;
    /// <summary>Records an occurrence (claimed, skipped, missed) unless a row for it exists: the unique key decides who has it.</summary>
    public virtual string ClaimOccurrence => dialect.Upsert("ReorderOccurrences", [("ScheduleId", "@ScheduleId"), ("OccurrenceUtc", "@OccurrenceUtc")],
        [("Id", "@Id"), ("AccountId", "@AccountId"), ("Outcome", "@Outcome"), ("Reason", "@Reason"), ("ClaimedUntilUtc", "@ClaimedUntilUtc"), ("RecordedUtc", "@Now")], updateSet: null);
    /// <summary><see cref="ClaimOccurrence"/> by a batch of the job, marked with the batch's @ClaimToken (which claims it won).</summary>
    public virtual string ClaimOccurrenceForRun => dialect.Upsert("ReorderOccurrences", [("ScheduleId", "@ScheduleId"), ("OccurrenceUtc", "@OccurrenceUtc")],
        [("Id", "@Id"), ("AccountId", "@AccountId"), ("Outcome", "@Outcome"), ("Reason", "@Reason"), ("ClaimedUntilUtc", "@ClaimedUntilUtc"), ("RecordedUtc", "@Now"),
         ("ClaimToken", "@ClaimToken")], updateSet: null);
    /// <summary>The schedules whose occurrence the batch @ClaimToken holds.</summary>
    public virtual string ClaimedForRun => "SELECT ScheduleId FROM ReorderOccurrences WHERE ClaimToken = @ClaimToken AND Outcome = 'Claimed'";
    /// <summary>The lines of every schedule whose occurrence the batch @ClaimToken holds, each schedule's in SKU order.</summary>
    public virtual string LinesForRun => """
        SELECT o.ScheduleId, l.ProductId, p.Sku, p.Name, p.Unit, l.Quantity, p.IsActive, p.LeadTimeDays
        FROM ReorderOccurrences o
        JOIN ReorderScheduleLines l ON l.ScheduleId = o.ScheduleId
        JOIN Products p ON p.Id = l.ProductId
        WHERE o.ClaimToken = @ClaimToken AND o.Outcome = 'Claimed'
        ORDER BY o.ScheduleId, p.Sku
        """;
    /// <summary>The owners of the schedules whose occurrence the batch @ClaimToken holds, as <see cref="OwnerForRun"/> gives one.</summary>
    public virtual string OwnersForRun => """
        SELECT DISTINCT u.Id AS UserId, u.AccountId, u.Email, u.DisplayName, u.IsDisabled, a.IsActive AS AccountIsActive, a.Name AS AccountName
        FROM ReorderOccurrences o
        JOIN ReorderSchedules s ON s.Id = o.ScheduleId
        JOIN Users u ON u.Id = s.OwnerUserId AND u.AccountId = s.AccountId
        JOIN CustomerAccounts a ON a.Id = u.AccountId
        WHERE o.ClaimToken = @ClaimToken AND o.Outcome = 'Claimed'
        """;
    public virtual string Occurrence => """
        SELECT OccurrenceUtc, Outcome, OrderNumber, Reason, RecordedUtc FROM ReorderOccurrences
        WHERE ScheduleId = @ScheduleId AND OccurrenceUtc = @OccurrenceUtc
        """;
    /// <summary>Takes over a claim whose run stopped before finishing (its time ran out).</summary>
    public virtual string TakeOverClaim => """
        UPDATE ReorderOccurrences SET ClaimedUntilUtc = @ClaimedUntilUtc, ClaimToken = @ClaimToken
        WHERE ScheduleId = @ScheduleId AND OccurrenceUtc = @OccurrenceUtc AND Outcome = 'Claimed' AND ClaimedUntilUtc < @Now
        """;
    public virtual string CompleteOccurrence => """
        UPDATE ReorderOccurrences
        SET Outcome = @Outcome, OrderId = @OrderId, OrderNumber = @OrderNumber, Reason = @Reason, ClaimedUntilUtc = NULL, ClaimToken = NULL, RecordedUtc = @Now
        WHERE ScheduleId = @ScheduleId AND OccurrenceUtc = @OccurrenceUtc AND Outcome = 'Claimed'
        """;
    /// <summary>Moves the next run on from the one this run handled (only if nobody moved it first).</summary>
    public virtual string Advance => """
        UPDATE ReorderSchedules
        SET NextRunUtc = @NextRunUtc, ReminderDueUtc = @ReminderDueUtc, Status = @Status, StatusReason = @StatusReason, UpdatedUtc = @Now, Version = Version + 1
        WHERE Id = @Id AND NextRunUtc = @ExpectedRunUtc
        """;
    /// <summary>The owner as the job needs them: contact, whether they can still order, whether the account is active.</summary>
    public virtual string OwnerForRun => """
        SELECT u.Email, u.DisplayName, u.IsDisabled, a.IsActive AS AccountIsActive, a.Name AS AccountName
        FROM Users u JOIN CustomerAccounts a ON a.Id = u.AccountId
        WHERE u.Id = @UserId AND u.AccountId = @AccountId
        """;
    public virtual string AccountAdmins => """
        SELECT u.Email FROM Users u
        WHERE u.AccountId = @AccountId AND u.IsDisabled = 0 AND u.Email IS NOT NULL
          AND u.Id IN (SELECT ur.UserId FROM UserRoles ur JOIN Roles r ON r.Id = ur.RoleId WHERE r.Name = 'CustomerAdmin')
        """;
    /// <summary>Active schedules whose reminder time has come and whose next run has not been announced yet (for the job only).</summary>
    public virtual string RemindersForRun => $"""
        SELECT Id FROM ReorderSchedules
        WHERE Status = 'Active' AND ReminderDueUtc <= @Now AND NextRunUtc > @Now
          AND (ReminderSentForUtc IS NULL OR ReminderSentForUtc <> NextRunUtc)
        ORDER BY ReminderDueUtc, Id {dialect.Page}
        """;
    /// <summary>Marks the next run as announced; one sender wins, so the reminder goes once.</summary>
    public virtual string ClaimReminder => """
        UPDATE ReorderSchedules SET ReminderSentForUtc = @NextRunUtc
        WHERE Id = @Id AND NextRunUtc = @NextRunUtc AND (ReminderSentForUtc IS NULL OR ReminderSentForUtc <> @NextRunUtc)
        """;
}
