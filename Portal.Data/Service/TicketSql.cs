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

    private const string CustomerWhere = $"""
        t.AccountId = @AccountId AND (@RequesterUserId IS NULL OR t.RequesterUserId = @RequesterUserId)
        AND (@Status IS NULL OR t.Status = @Status) AND (@OpenOnly = 0 OR t.Status IN {OpenStatuses})
        """;

    /// <summary>The customer's requests (their own, or the account's for a customer admin), newest first.</summary>
    public virtual string CustomerList => $"""
        SELECT {Columns} {From}
        WHERE {CustomerWhere}
        ORDER BY t.CreatedUtc DESC, t.Id DESC {dialect.Page}
        """;
    public virtual string CustomerCount => $"SELECT COUNT(*) FROM Tickets t WHERE {CustomerWhere}";

    /// <summary>Requests changed at or after @Since, oldest change first (the API's polling).</summary>
    public virtual string Since => $"""
        SELECT {Columns} {From}
        WHERE {Scope} AND t.UpdatedUtc >= @Since
        ORDER BY t.UpdatedUtc, t.Id {dialect.Page}
        """;

    private const string DeskWhere = $"""
        (@QueueId IS NULL OR t.QueueId = @QueueId) AND (@Status IS NULL OR t.Status = @Status) AND (@OpenOnly = 0 OR t.Status IN {OpenStatuses})
        AND (@Priority IS NULL OR t.Priority = @Priority) AND (@AccountId IS NULL OR t.AccountId = @AccountId)
        AND (@AssigneeUserId IS NULL OR t.AssigneeUserId = @AssigneeUserId) AND (@Unassigned = 0 OR t.AssigneeUserId IS NULL)
        AND (@ManagerUserId IS NULL OR EXISTS (SELECT 1 FROM CustomerAccounts m WHERE m.Id = t.AccountId AND m.AccountManagerUserId = @ManagerUserId))
        AND (@BreachingSoon = 0 OR (t.Status IN ('New', 'Open') AND (
                (t.FirstResponseDueUtc >= @Now AND t.FirstResponseDueUtc < @Soon) OR (t.ResolutionDueUtc >= @Now AND t.ResolutionDueUtc < @Soon))))
        AND (@Breached = 0 OR t.FirstResponseBreached = 1 OR t.ResolutionBreached = 1
             OR (t.Status IN ('New', 'Open') AND (t.FirstResponseDueUtc < @Now OR t.ResolutionDueUtc < @Now)))
        """;

    /// <summary>The due instant that comes first of the clocks still running (null when none runs).</summary>
    private const string NextDue = """
        CASE WHEN t.FirstResponseDueUtc IS NOT NULL AND (t.ResolutionDueUtc IS NULL OR t.FirstResponseDueUtc < t.ResolutionDueUtc)
             THEN t.FirstResponseDueUtc ELSE t.ResolutionDueUtc END
        """;

    private string DeskList(string orderBy) => $"""
        SELECT {Columns} {From}
        WHERE {DeskWhere}
        ORDER BY {orderBy}, t.Id {dialect.Page}
        """;

    /// <summary>The desk's list, least time left first (requests whose clocks stand still last).</summary>
    public virtual string DeskListByTimeLeft => DeskList($"CASE WHEN ({NextDue}) IS NULL THEN 1 ELSE 0 END, {NextDue}, t.CreatedUtc");
    public virtual string DeskListByFirstResponseDue => DeskList("CASE WHEN t.FirstResponseDueUtc IS NULL THEN 1 ELSE 0 END, t.FirstResponseDueUtc, t.CreatedUtc");
    public virtual string DeskListByResolutionDue => DeskList("CASE WHEN t.ResolutionDueUtc IS NULL THEN 1 ELSE 0 END, t.ResolutionDueUtc, t.CreatedUtc");
    public virtual string DeskListNewest => DeskList("t.CreatedUtc DESC");
    public virtual string DeskListUpdated => DeskList("t.UpdatedUtc DESC");
    public virtual string DeskCount => $"SELECT COUNT(*) FROM Tickets t WHERE {DeskWhere}";

    /// <summary>Open requests per queue (an account manager's accounts only when @ManagerUserId is given).</summary>
    public virtual string QueueCounts => $"""
        SELECT t.QueueId, COUNT(*) AS Count FROM Tickets t
        WHERE t.Status IN {OpenStatuses}
          AND (@ManagerUserId IS NULL OR EXISTS (SELECT 1 FROM CustomerAccounts m WHERE m.Id = t.AccountId AND m.AccountManagerUserId = @ManagerUserId))
        GROUP BY t.QueueId
        """;
    /// <summary>Open requests: all, assigned to @UserId, unassigned.</summary>
    public virtual string ViewCounts => $"""
        SELECT COUNT(*) AS AllOpen,
               COALESCE(SUM(CASE WHEN t.AssigneeUserId = @UserId THEN 1 ELSE 0 END), 0) AS Mine,
               COALESCE(SUM(CASE WHEN t.AssigneeUserId IS NULL THEN 1 ELSE 0 END), 0) AS Unassigned
        FROM Tickets t
        WHERE t.Status IN {OpenStatuses}
          AND (@ManagerUserId IS NULL OR EXISTS (SELECT 1 FROM CustomerAccounts m WHERE m.Id = t.AccountId AND m.AccountManagerUserId = @ManagerUserId))
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
