namespace Portal.Data.Service;

/// <summary>Statements of the service desk foundation: the supplier's calendar, SLA policies and a request's SLA clocks.</summary>
public class ServiceSql(SqlDialect dialect) : ISqlStatements
{
    public virtual string CalendarZone => "SELECT TimeZone FROM SupplierCalendar WHERE Id = 1";
    public virtual string BusinessHours => "SELECT Weekday, OpensMinute, ClosesMinute FROM BusinessHours ORDER BY Weekday";
    public virtual string Holidays => "SELECT Date FROM BusinessHolidays ORDER BY Date";

    /// <summary>The targets for a priority: the queue's own policy when there is one, else the general one (@QueueId may be null).</summary>
    public virtual string PolicyFor => $"""
        SELECT FirstResponseMinutes, ResolutionMinutes FROM SlaPolicies
        WHERE Priority = @Priority AND (QueueId = @QueueId OR QueueId IS NULL)
        ORDER BY CASE WHEN QueueId IS NULL THEN 1 ELSE 0 END {dialect.Page}
        """;

    /// <summary>What a request's clocks need (any account: callers have already checked who may see it).</summary>
    public virtual string ClockFacts => """
        SELECT t.Id, t.QueueId, t.Priority, t.Status, t.CreatedUtc, t.FirstRespondedUtc, t.ResolvedUtc
        FROM Tickets t WHERE t.Id = @TicketId
        """;
    public virtual string StatusChanges => "SELECT AtUtc, ToStatus AS Status FROM TicketStatusChanges WHERE TicketId = @TicketId ORDER BY AtUtc, Id";

    /// <summary>
    /// Stores the clocks' due instants and the instants they reach 80% of their targets (null while a clock stands still:
    /// the escalation job selects its candidates by these) and breach marks (a breach, once marked, stays).
    /// </summary>
    public virtual string StoreClocks => """
        UPDATE Tickets SET FirstResponseDueUtc = @FirstResponseDueUtc, ResolutionDueUtc = @ResolutionDueUtc,
            FirstResponseWarnUtc = @FirstResponseWarnUtc, ResolutionWarnUtc = @ResolutionWarnUtc,
            FirstResponseBreached = CASE WHEN @FirstResponseBreached = 1 THEN 1 ELSE FirstResponseBreached END,
            ResolutionBreached = CASE WHEN @ResolutionBreached = 1 THEN 1 ELSE ResolutionBreached END
        WHERE Id = @TicketId
        """;
}
