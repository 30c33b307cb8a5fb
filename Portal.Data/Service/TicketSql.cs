namespace Portal.Data.Service;

/// <summary>
/// Statements of service desk requests. Every read a customer makes takes @AccountId (and @RequesterUserId for people who
/// see only their own); the desk passes NULL for both, an account manager passes @ManagerUserId (their accounts only).
/// @PublicOnly = 1 leaves internal notes (and the files on them) out: every customer read and the API pass it.
/// </summary>
public class TicketSql(SqlDialect dialect) : ISqlStatements
{
    private const string OpenStatuses = "('New', 'Open', 'WaitingOnCustomer')";

    private const string Columns = """
        t.Id, t.Number, t.AccountId, a.Name AS AccountName, a.TimeZone AS AccountTimeZone, t.SiteId, t.OrderId, o.Number AS OrderNumber,
        t.DeliveryId, t.Kind, t.ClaimType, t.QueueId, q.Name AS QueueName, t.Subject, t.Status, t.Priority, t.Impact,
        t.RequesterUserId, r.DisplayName AS RequesterName, r.Email AS RequesterEmail, t.AssigneeUserId, g.DisplayName AS AssigneeName,
        g.Email AS AssigneeEmail, t.CreatedUtc, t.UpdatedUtc, t.FirstRespondedUtc, t.ResolvedUtc, t.ClosedUtc, t.FirstResponseDueUtc,
        t.ResolutionDueUtc, t.FirstResponseBreached, t.ResolutionBreached, t.Version
        """;

    private const string From = """
        FROM Tickets t
        JOIN CustomerAccounts a ON a.Id = t.AccountId
        JOIN TicketQueues q ON q.Id = t.QueueId
        LEFT JOIN Users r ON r.Id = t.RequesterUserId
        LEFT JOIN Users g ON g.Id = t.AssigneeUserId
        LEFT JOIN Orders o ON o.Id = t.OrderId
        """;

    /// <summary>Who may see a request: the customer's account (and own requests), or an account manager's accounts.</summary>
    private const string Scope = """
        (@AccountId IS NULL OR t.AccountId = @AccountId) AND (@RequesterUserId IS NULL OR t.RequesterUserId = @RequesterUserId)
        AND (@ManagerUserId IS NULL OR a.AccountManagerUserId = @ManagerUserId)
        """;

    public virtual string NextNumber => dialect.NextCounterValue;

    public virtual string Queues => "SELECT Id, Code, Name, SortOrder FROM TicketQueues ORDER BY SortOrder, Name";
    public virtual string RenameQueue => "UPDATE TicketQueues SET Name = @Name WHERE Id = @Id";

    public virtual string InsertTicket => """
        INSERT INTO Tickets (Id, Number, AccountId, SiteId, OrderId, DeliveryId, Kind, ClaimType, QueueId, Subject, Status, Priority, Impact,
                             RequesterUserId, AssigneeUserId, CreatedUtc, UpdatedUtc, FirstResponseBreached, ResolutionBreached, Version)
        VALUES (@Id, @Number, @AccountId, @SiteId, @OrderId, @DeliveryId, @Kind, @ClaimType, @QueueId, @Subject, @Status, @Priority, @Impact,
                @RequesterUserId, NULL, @Now, @Now, 0, 0, 1)
        """;
    public virtual string InsertLine => "INSERT INTO TicketLines (TicketId, LineNumber, Quantity) VALUES (@TicketId, @LineNumber, @Quantity)";
    public virtual string InsertMessage => """
        INSERT INTO TicketMessages (Id, TicketId, AuthorUserId, AuthorSide, IsInternal, BodyHtml, CreatedUtc)
        VALUES (@Id, @TicketId, @AuthorUserId, @AuthorSide, @IsInternal, @BodyHtml, @Now)
        """;
    public virtual string InsertStatusChange => """
        INSERT INTO TicketStatusChanges (Id, TicketId, FromStatus, ToStatus, ChangedByUserId, AtUtc)
        VALUES (@Id, @TicketId, @FromStatus, @ToStatus, @ChangedByUserId, @Now)
        """;
    public virtual string InsertAttachment => """
        INSERT INTO TicketAttachments (Id, TicketId, MessageId, FileName, ContentType, Size, Content, CreatedUtc)
        VALUES (@Id, @TicketId, @MessageId, @FileName, @ContentType, @Size, @Content, @Now)
        """;

    public virtual string TicketByNumber => $"SELECT {Columns} {From} WHERE t.Number = @Number AND {Scope}";

    public virtual string Lines => """
        SELECT tl.LineNumber, tl.Quantity, ol.Sku, ol.Name, ol.Quantity AS Ordered
        FROM TicketLines tl JOIN Tickets t ON t.Id = tl.TicketId
        LEFT JOIN OrderLines ol ON ol.OrderId = t.OrderId AND ol.LineNumber = tl.LineNumber
        WHERE tl.TicketId = @TicketId ORDER BY tl.LineNumber
        """;
    public virtual string Messages => """
        SELECT m.Id, m.TicketId, m.AuthorUserId, u.DisplayName AS AuthorName, m.AuthorSide, m.IsInternal, m.BodyHtml, m.CreatedUtc
        FROM TicketMessages m LEFT JOIN Users u ON u.Id = m.AuthorUserId
        WHERE m.TicketId = @TicketId AND (@PublicOnly = 0 OR m.IsInternal = 0)
        ORDER BY m.CreatedUtc, m.Id
        """;
    public virtual string AttachmentsOfTicket => """
        SELECT x.Id, x.TicketId, x.MessageId, x.FileName, x.ContentType, x.Size, x.CreatedUtc
        FROM TicketAttachments x JOIN TicketMessages m ON m.Id = x.MessageId
        WHERE x.TicketId = @TicketId AND (@PublicOnly = 0 OR m.IsInternal = 0)
        ORDER BY x.CreatedUtc, x.FileName
        """;
    /// <summary>One attachment with its bytes, only when the viewer may see its request (and, for customers, its message).</summary>
    public virtual string AttachmentContent => $"""
        SELECT x.Id, x.TicketId, x.MessageId, x.FileName, x.ContentType, x.Size, x.CreatedUtc, x.Content
        FROM TicketAttachments x
        JOIN TicketMessages m ON m.Id = x.MessageId
        JOIN Tickets t ON t.Id = x.TicketId
        JOIN CustomerAccounts a ON a.Id = t.AccountId
        WHERE x.Id = @Id AND {Scope} AND (@PublicOnly = 0 OR m.IsInternal = 0)
        """;
    public virtual string StatusHistory => """
        SELECT c.FromStatus, c.ToStatus, c.AtUtc, u.DisplayName AS ByName
        FROM TicketStatusChanges c LEFT JOIN Users u ON u.Id = c.ChangedByUserId
        WHERE c.TicketId = @TicketId ORDER BY c.AtUtc, c.Id
        """;

    /// <summary>Requests changed at or after @Since, oldest change first (the API's polling).</summary>
    public virtual string Since => $"""
        SELECT {Columns} {From}
        WHERE {Scope} AND t.UpdatedUtc >= @Since
        ORDER BY t.UpdatedUtc, t.Id {dialect.Page}
        """;

    // The customer's list and the desk's list: a condition only for each filter that is given (all still parameters), so
    // each combination gets its own plan and an index answers it ("@X IS NULL OR col = @X" would defeat every index).
    // The statements are built once per combination and kept; TicketSqlTests parses and prepares every one.

    // The two lists read only what their rows show (TicketListItem). The desk's list reads the requests alone: the account,
    // queue and assignee names come from the lists its filters already hold (Tickets.NameAsync fills the rest), so a page is
    // fifty index entries and fifty rows, not five more lookups per row.
    private const string DeskListColumns = """
        t.Number, t.AccountId, t.QueueId, t.Subject, t.Status, t.Priority, t.AssigneeUserId, t.CreatedUtc,
        t.FirstResponseDueUtc, t.ResolutionDueUtc, t.FirstResponseBreached, t.ResolutionBreached
        """;
    private const string CustomerListColumns = """
        t.Number, t.AccountId, a.TimeZone AS AccountTimeZone, t.Kind, o.Number AS OrderNumber, t.Subject, t.Status,
        t.RequesterUserId, r.DisplayName AS RequesterName, t.CreatedUtc, t.ResolutionDueUtc
        """;

    /// <summary>A customer account's name: a desk list row whose account the filter list lacks.</summary>
    public virtual string AccountNameById => "SELECT Id, Name FROM CustomerAccounts WHERE Id = @Id";
    /// <summary>A person's name: an assignee who is no longer desk staff.</summary>
    public virtual string PersonById => "SELECT Id, DisplayName, Email FROM Users WHERE Id = @Id";

    private static string CustomerWhere(CustomerFilters f)
    {
        var where = new System.Text.StringBuilder("WHERE t.AccountId = @AccountId");
        if (f.HasFlag(CustomerFilters.Own)) where.Append(" AND t.RequesterUserId = @RequesterUserId");
        if (f.HasFlag(CustomerFilters.Status)) where.Append(" AND t.Status = @Status");
        if (f.HasFlag(CustomerFilters.Open)) where.Append($" AND t.Status IN {OpenStatuses}");
        return where.ToString();
    }

    private readonly string?[] _customerList = new string?[(int)CustomerFilters.Every + 1];
    private readonly string?[] _customerCount = new string?[(int)CustomerFilters.Every + 1];

    /// <summary>
    /// The customer's requests (their own, or the account's for a customer admin), newest first; the indexes on (AccountId,
    /// CreatedUtc, Id, Status) and (AccountId, RequesterUserId, CreatedUtc, Id, Status) give the order and the status.
    /// </summary>
    public virtual string CustomerList(CustomerFilters f) => _customerList[(int)f] ??= $"""
        SELECT {CustomerListColumns}
        FROM Tickets t
        JOIN CustomerAccounts a ON a.Id = t.AccountId
        LEFT JOIN Users r ON r.Id = t.RequesterUserId
        LEFT JOIN Orders o ON o.Id = t.OrderId
        {CustomerWhere(f)}
        ORDER BY t.CreatedUtc DESC, t.Id DESC {dialect.Page}
        """;
    public virtual string CustomerCount(CustomerFilters f) => _customerCount[(int)f] ??= $"SELECT COUNT(*) FROM Tickets t {CustomerWhere(f)}";

    private static string DeskWhere(DeskFilters f, bool statusAlone = false)
    {
        var terms = new List<string>();
        var status = f.HasFlag(DeskFilters.Open) ? $"t.Status IN {OpenStatuses}" : f.HasFlag(DeskFilters.Status) ? "t.Status = @Status" : null;
        // "breaching soon" and "breached" are each one OR of conditions that an index answers on its own (SQLite reads the
        // few matches through several indexes); the status filter goes into each of them instead of standing alone, and is
        // left out where New or Open already implies it
        var clocksRun = "t.Status IN ('New', 'Open')" + (status is null || f.HasFlag(DeskFilters.Open) ? "" : $" AND {status}");
        var statusAnd = status is null ? "" : $"{status} AND ";
        if (status is not null && (statusAlone || !f.HasFlag(DeskFilters.Soon) && !f.HasFlag(DeskFilters.Breached))) terms.Add(status);
        if (f.HasFlag(DeskFilters.Queue)) terms.Add("t.QueueId = @QueueId");
        if (f.HasFlag(DeskFilters.Priority)) terms.Add("t.Priority = @Priority");
        if (f.HasFlag(DeskFilters.Account)) terms.Add("t.AccountId = @AccountId");
        if (f.HasFlag(DeskFilters.Assignee)) terms.Add("t.AssigneeUserId = @AssigneeUserId");
        if (f.HasFlag(DeskFilters.Unassigned)) terms.Add("t.AssigneeUserId IS NULL");
        if (f.HasFlag(DeskFilters.Manager))
            terms.Add("EXISTS (SELECT 1 FROM CustomerAccounts m WHERE m.Id = t.AccountId AND m.AccountManagerUserId = @ManagerUserId)");
        if (f.HasFlag(DeskFilters.Soon))
            terms.Add($"""
                (({clocksRun} AND t.FirstResponseDueUtc >= @Now AND t.FirstResponseDueUtc < @Soon)
                 OR ({clocksRun} AND t.ResolutionDueUtc >= @Now AND t.ResolutionDueUtc < @Soon))
                """);
        if (f.HasFlag(DeskFilters.Breached))
            terms.Add($"""
                (({statusAnd}t.FirstResponseBreached = 1) OR ({statusAnd}t.ResolutionBreached = 1)
                 OR ({clocksRun} AND t.FirstResponseDueUtc < @Now) OR ({clocksRun} AND t.ResolutionDueUtc < @Now))
                """);
        return terms.Count == 0 ? "" : "WHERE " + string.Join("\n  AND ", terms);
    }

    /// <summary>No running clock (both due instants empty): such requests come last when sorting by time left.</summary>
    private const string NoDue = "CASE WHEN t.FirstResponseDueUtc IS NULL AND t.ResolutionDueUtc IS NULL THEN 1 ELSE 0 END";

    /// <summary>The due instant that comes first of the clocks still running (null when none runs).</summary>
    private const string NextDue = """
        CASE WHEN t.FirstResponseDueUtc IS NOT NULL AND (t.ResolutionDueUtc IS NULL OR t.FirstResponseDueUtc < t.ResolutionDueUtc) THEN t.FirstResponseDueUtc ELSE t.ResolutionDueUtc END
        """;

    private static string DeskOrder(string sort) => sort switch
    {
        DeskSort.FirstResponse => "CASE WHEN t.FirstResponseDueUtc IS NULL THEN 1 ELSE 0 END, t.FirstResponseDueUtc, t.CreatedUtc, t.Id",
        DeskSort.Resolution => "CASE WHEN t.ResolutionDueUtc IS NULL THEN 1 ELSE 0 END, t.ResolutionDueUtc, t.CreatedUtc, t.Id",
        DeskSort.Newest => "t.CreatedUtc DESC, t.Id DESC",
        DeskSort.Updated => "t.UpdatedUtc DESC, t.Id DESC",
        _ => $"{NoDue}, {NextDue}, t.CreatedUtc, t.Id",
    };

    /// <summary>
    /// The index that gives the desk list its order while the filters are read from the index itself (0019): open requests
    /// by time left (breached ones too: they are the overdue ones, first in that order); any status by time left or newest
    /// first. None when one account is asked for, nor for "breaching soon" or a breached filter over more than the open
    /// requests: their own indexes find their few requests faster than a walk through everyone's.
    /// </summary>
    private static string? DeskIndex(DeskFilters f, string sort) =>
        (f & (DeskFilters.Account | DeskFilters.Soon)) != 0 ? null : sort switch
        {
            DeskSort.TimeLeft when f.HasFlag(DeskFilters.Open) => "IX_Tickets_Open_TimeLeft",
            _ when f.HasFlag(DeskFilters.Breached) => null,
            DeskSort.TimeLeft when f.HasFlag(DeskFilters.Status) => "IX_Tickets_Status_TimeLeft",
            DeskSort.TimeLeft => "IX_Tickets_TimeLeft",
            DeskSort.Newest when f.HasFlag(DeskFilters.Status) => "IX_Tickets_Status_Created",
            DeskSort.Newest => "IX_Tickets_Created",
            _ => null,
        };

    private readonly System.Collections.Concurrent.ConcurrentDictionary<(DeskFilters, string), string> _deskList = new();
    private readonly string?[] _deskCount = new string?[(int)DeskFilters.Every + 1];

    /// <summary>One page of the desk's list with a condition for each filter given, in the order of <paramref name="sort"/> (<see cref="DeskSort"/>).</summary>
    public virtual string DeskList(DeskFilters f, string sort) => _deskList.GetOrAdd((f, DeskSort.All.Contains(sort) ? sort : DeskSort.TimeLeft), key => $"""
        SELECT {DeskListColumns}
        FROM Tickets t {(DeskIndex(key.Item1, key.Item2) is { } index ? dialect.IndexedBy(index) : "")}
        {DeskWhere(key.Item1, statusAlone: DeskIndex(key.Item1, key.Item2) is not null)}
        ORDER BY {DeskOrder(key.Item2)} {dialect.Page}
        """);

    /// <summary>
    /// How many requests the filters select. Status (one, open or any), queue, assignee and unassigned are answered from the
    /// counts the database keeps per status, queue and assignee (TicketCounts, kept by triggers on Tickets, 0019); the other
    /// filters count the requests themselves.
    /// </summary>
    public virtual string DeskCount(DeskFilters f) => _deskCount[(int)f] ??= (f & ~DeskFilters.Kept) == 0
        ? $"SELECT COALESCE(SUM(c.Requests), 0) FROM TicketCounts c {KeptCountsWhere(f)}"
        : $"SELECT COUNT(*) FROM Tickets t {DeskWhere(f)}";

    private static string KeptCountsWhere(DeskFilters f)
    {
        var terms = new List<string>();
        if (f.HasFlag(DeskFilters.Open)) terms.Add($"c.Status IN {OpenStatuses}");
        if (f.HasFlag(DeskFilters.Status)) terms.Add("c.Status = @Status");
        if (f.HasFlag(DeskFilters.Queue)) terms.Add("c.QueueId = @QueueId");
        if (f.HasFlag(DeskFilters.Assignee)) terms.Add("c.AssigneeUserId = @AssigneeUserId");
        if (f.HasFlag(DeskFilters.Unassigned)) terms.Add("c.AssigneeUserId IS NULL");
        return terms.Count == 0 ? "" : "WHERE " + string.Join(" AND ", terms);
    }

    /// <summary>Open requests per queue: all, assigned to @UserId, unassigned; from the kept counts.</summary>
    public virtual string DeskQueueCounts => $"""
        SELECT c.QueueId, SUM(c.Requests) AS Requests,
               SUM(CASE WHEN c.AssigneeUserId = @UserId THEN c.Requests ELSE 0 END) AS Mine,
               SUM(CASE WHEN c.AssigneeUserId IS NULL THEN c.Requests ELSE 0 END) AS Unassigned
        FROM TicketCounts c
        WHERE c.Status IN {OpenStatuses}
        GROUP BY c.QueueId
        """;
    /// <summary>The same for an account manager: the open requests of the accounts they manage, counted.</summary>
    public virtual string ManagerQueueCounts => $"""
        SELECT t.QueueId, COUNT(*) AS Requests,
               SUM(CASE WHEN t.AssigneeUserId = @UserId THEN 1 ELSE 0 END) AS Mine,
               SUM(CASE WHEN t.AssigneeUserId IS NULL THEN 1 ELSE 0 END) AS Unassigned
        FROM CustomerAccounts m JOIN Tickets t ON t.AccountId = m.Id
        WHERE m.AccountManagerUserId = @ManagerUserId AND t.Status IN {OpenStatuses}
        GROUP BY t.QueueId
        """;

    public virtual string SetAssignee => """
        UPDATE Tickets SET AssigneeUserId = @AssigneeUserId, UpdatedUtc = @Now, Version = Version + 1
        WHERE Id = @Id AND Version = @Version
        """;
    /// <summary>A status change, from the status the person saw; sets ResolvedUtc/ClosedUtc as given.</summary>
    public virtual string SetStatus => """
        UPDATE Tickets SET Status = @Status, ResolvedUtc = @ResolvedUtc, ClosedUtc = @ClosedUtc, UpdatedUtc = @Now, Version = Version + 1
        WHERE Id = @Id AND Status = @OldStatus AND (@Version IS NULL OR Version = @Version)
        """;
    public virtual string SetPriority => """
        UPDATE Tickets SET Priority = @Priority, UpdatedUtc = @Now, Version = Version + 1
        WHERE Id = @Id AND (@Version IS NULL OR Version = @Version)
        """;
    /// <summary>A new message: the request changed; the desk's first public reply sets FirstRespondedUtc.</summary>
    public virtual string Touch => """
        UPDATE Tickets SET UpdatedUtc = @Now, Version = Version + 1,
            FirstRespondedUtc = CASE WHEN @FirstResponse = 1 AND FirstRespondedUtc IS NULL THEN @Now ELSE FirstRespondedUtc END
        WHERE Id = @Id
        """;

    /// <summary>The supplier's staff who work requests: desk agents and supplier admins, enabled.</summary>
    public virtual string DeskStaff => """
        SELECT u.Id, u.DisplayName, u.Email FROM Users u
        WHERE u.AccountId IS NULL AND u.IsDisabled = 0
          AND EXISTS (SELECT 1 FROM UserRoles ur JOIN Roles ro ON ro.Id = ur.RoleId WHERE ur.UserId = u.Id AND ro.Name IN ('DeskAgent', 'SupplierAdmin'))
        ORDER BY u.DisplayName, u.Id
        """;
    public virtual string Accounts => """
        SELECT Id, Name FROM CustomerAccounts WHERE @ManagerUserId IS NULL OR AccountManagerUserId = @ManagerUserId ORDER BY Name
        """;
    /// <summary>The deliveries of one of the account's orders (a request may name one).</summary>
    public virtual string DeliveriesOfOrder => """
        SELECT d.Id, d.ShipmentId, d.DeliveredDate FROM Deliveries d JOIN Orders o ON o.Id = d.OrderId
        WHERE d.OrderId = @OrderId AND o.AccountId = @AccountId ORDER BY d.DeliveredDate, d.Id
        """;

    public virtual string CannedReplies => "SELECT Id, Name, Body, UpdatedUtc FROM CannedReplies ORDER BY Name, Id";
    public virtual string CannedReply => "SELECT Id, Name, Body, UpdatedUtc FROM CannedReplies WHERE Id = @Id";
    public virtual string CannedNameTaken => $"SELECT COUNT(*) FROM CannedReplies WHERE Name = @Name {dialect.IgnoreCase} AND Id <> @Id";
    public virtual string InsertCanned => "INSERT INTO CannedReplies (Id, Name, Body, UpdatedUtc) VALUES (@Id, @Name, @Body, @Now)";
    public virtual string UpdateCanned => "UPDATE CannedReplies SET Name = @Name, Body = @Body, UpdatedUtc = @Now WHERE Id = @Id";
    public virtual string DeleteCanned => "DELETE FROM CannedReplies WHERE Id = @Id";
}
