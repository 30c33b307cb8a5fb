namespace Portal.Data.Ordering;

/// <summary>Statements for carts, standing lists, orders and approvals. Every one that touches a customer's rows takes @AccountId.</summary>
public class OrderingSql(SqlDialect dialect) : ISqlStatements
{
    public virtual string NextOrderNumber => dialect.NextCounterValue;
    /// <summary>A block of @Count order numbers for a batch of orders: returns the last of them.</summary>
    public virtual string TakeOrderNumbers => dialect.TakeCounterValues;

    // carts
    public virtual string CartOf => "SELECT Id, SiteId, Version FROM Carts WHERE UserId = @UserId AND SiteId = @SiteId AND AccountId = @AccountId";
    public virtual string InsertCart => "INSERT INTO Carts (Id, AccountId, UserId, SiteId, Version, UpdatedUtc) VALUES (@Id, @AccountId, @UserId, @SiteId, 1, @Now)";
    public virtual string TouchCart => "UPDATE Carts SET Version = Version + 1, UpdatedUtc = @Now WHERE Id = @CartId AND AccountId = @AccountId";
    public virtual string CartLines => "SELECT ProductId, Quantity FROM CartLines WHERE CartId = @CartId ORDER BY AddedUtc, ProductId";
    /// <summary>The buyer's cart for the site, made if missing; two requests at once make one (the unique user and site key).</summary>
    public virtual string EnsureCart => dialect.Upsert("Carts", [("UserId", "@UserId"), ("SiteId", "@SiteId")],
        [("Id", "@Id"), ("AccountId", "@AccountId"), ("Version", "1"), ("UpdatedUtc", "@Now")], updateSet: null);
    /// <summary>Adds to a cart line, or starts it; atomic, so two adds at once add up (no lost update, no duplicate key).</summary>
    public virtual string AddToCartLine => dialect.Upsert("CartLines", [("CartId", "@CartId"), ("ProductId", "@ProductId")],
        [("Quantity", "@Quantity"), ("AddedUtc", "@Now")], "Quantity = Quantity + @Quantity");
    public virtual string UpdateCartLine => "UPDATE CartLines SET Quantity = @Quantity WHERE CartId = @CartId AND ProductId = @ProductId";
    public virtual string DeleteCartLine => "DELETE FROM CartLines WHERE CartId = @CartId AND ProductId = @ProductId";
    public virtual string ClearCart => "DELETE FROM CartLines WHERE CartId = @CartId";

    // standing lists
    public virtual string Lists => """
        SELECT l.Id, l.AccountId, l.Name, u.DisplayName AS CreatedBy, l.CreatedUtc,
               (SELECT COUNT(*) FROM StandingListLines x WHERE x.ListId = l.Id) AS LineCount
        FROM StandingLists l JOIN Users u ON u.Id = l.CreatedByUserId
        WHERE l.AccountId = @AccountId ORDER BY l.Name
        """;
    public virtual string List => """
        SELECT l.Id, l.AccountId, l.Name, u.DisplayName AS CreatedBy, l.CreatedUtc,
               (SELECT COUNT(*) FROM StandingListLines x WHERE x.ListId = l.Id) AS LineCount
        FROM StandingLists l JOIN Users u ON u.Id = l.CreatedByUserId
        WHERE l.Id = @ListId AND l.AccountId = @AccountId
        """;
    public virtual string ListNameTaken => $"SELECT COUNT(*) FROM StandingLists WHERE AccountId = @AccountId AND Name = @Name {dialect.IgnoreCase}";
    public virtual string InsertList => "INSERT INTO StandingLists (Id, AccountId, Name, CreatedByUserId, CreatedUtc) VALUES (@Id, @AccountId, @Name, @UserId, @Now)";
    public virtual string InsertListLine => "INSERT INTO StandingListLines (ListId, ProductId, Quantity) VALUES (@ListId, @ProductId, @Quantity)";
    public virtual string ListLines => """
        SELECT x.ProductId, p.Sku, p.Name, p.Unit, x.Quantity, p.PackSize, p.MinQuantity, p.IsActive
        FROM StandingListLines x JOIN StandingLists l ON l.Id = x.ListId JOIN Products p ON p.Id = x.ProductId
        WHERE x.ListId = @ListId AND l.AccountId = @AccountId ORDER BY p.Name
        """;
    public virtual string DeleteList => "DELETE FROM StandingLists WHERE Id = @ListId AND AccountId = @AccountId";
    /// <summary>Whether another list of the account (not @ListId) has the name.</summary>
    public virtual string ListNameTakenByOther => $"SELECT COUNT(*) FROM StandingLists WHERE AccountId = @AccountId AND Id <> @ListId AND Name = @Name {dialect.IgnoreCase}";
    public virtual string RenameList => "UPDATE StandingLists SET Name = @Name WHERE Id = @ListId AND AccountId = @AccountId";
    public virtual string UpdateListLine => """
        UPDATE StandingListLines SET Quantity = @Quantity
        WHERE ListId = @ListId AND ProductId = @ProductId AND EXISTS (SELECT 1 FROM StandingLists l WHERE l.Id = @ListId AND l.AccountId = @AccountId)
        """;
    public virtual string DeleteListLine => """
        DELETE FROM StandingListLines
        WHERE ListId = @ListId AND ProductId = @ProductId AND EXISTS (SELECT 1 FROM StandingLists l WHERE l.Id = @ListId AND l.AccountId = @AccountId)
        """;
    /// <summary>A new line on a list of the account; nothing when the list is not the account's.</summary>
    public virtual string AddListLine => """
        INSERT INTO StandingListLines (ListId, ProductId, Quantity)
        SELECT l.Id, @ProductId, @Quantity FROM StandingLists l WHERE l.Id = @ListId AND l.AccountId = @AccountId
        """;

    // orders
    public virtual string InsertOrder => """
        INSERT INTO Orders (Id, AccountId, Number, SiteId, PlacedByUserId, Status, PoNumber, RequestedDeliveryDate, Notes, Total, LineCount,
                            IdempotencyScope, IdempotencyKey, RequestHash, Source, CreatedUtc, Version)
        VALUES (@Id, @AccountId, @Number, @SiteId, @PlacedByUserId, @Status, @PoNumber, @RequestedDeliveryDate, @Notes, @Total, @LineCount,
                @IdempotencyScope, @IdempotencyKey, @RequestHash, @Source, @CreatedUtc, 1)
        """;
    public virtual string InsertOrderLine => """
        INSERT INTO OrderLines (OrderId, LineNumber, ProductId, Sku, Name, Unit, Quantity, UnitPrice, LineTotal)
        VALUES (@OrderId, @LineNumber, @ProductId, @Sku, @Name, @Unit, @Quantity, @UnitPrice, @LineTotal)
        """;
    public virtual string InsertEvent => "INSERT INTO OrderEvents (Id, OrderId, AtUtc, Status, UserId, Note) VALUES (@Id, @OrderId, @AtUtc, @Status, @UserId, @Note)";
    /// <summary>The order an earlier request with this key from the same sender (user and form, API key, schedule) created.</summary>
    public virtual string OrderByIdempotencyKey => """
        SELECT Number, RequestHash FROM Orders
        WHERE AccountId = @AccountId AND IdempotencyScope = @IdempotencyScope AND IdempotencyKey = @IdempotencyKey
        """;
    /// <summary>Totals of the account's open orders (placed, not yet delivered), but for the order being decided.</summary>
    public virtual string OpenTotals => """
        SELECT Total FROM Orders
        WHERE AccountId = @AccountId AND Id <> @ExceptOrderId
          AND Status IN ('PendingApproval', 'CreditHold', 'Submitted', 'Confirmed', 'PartiallyShipped', 'Shipped')
        """;
    /// <summary>Optimistic check that the cart is still the one the buyer saw; moves its version so a second checkout of it fails.</summary>
    public virtual string ClaimCart => """
        UPDATE Carts SET Version = Version + 1, UpdatedUtc = @Now
        WHERE Id = @CartId AND AccountId = @AccountId AND UserId = @UserId AND Version = @Version
        """;
    public virtual string LockAccount => dialect.LockAccount;
    /// <summary>The placer as the rules need them: contact, approval limit, whether they can sign in, their own site.</summary>
    public virtual string Placer => """
        SELECT Email, DisplayName, ApprovalLimit, IsDisabled, SiteId FROM Users WHERE Id = @UserId AND AccountId = @AccountId
        """;
    public virtual string IsApprover => """
        SELECT COUNT(*) FROM Users u
        JOIN UserRoles ur ON ur.UserId = u.Id JOIN Roles r ON r.Id = ur.RoleId
        WHERE u.Id = @UserId AND u.AccountId = @AccountId AND u.IsDisabled = 0 AND r.Name = 'Approver'
        """;

    private const string OrderColumns = """
        o.Id, o.AccountId, o.Number, o.SiteId, s.Name AS SiteName, o.PlacedByUserId, pb.DisplayName AS PlacedBy, o.Status, o.PoNumber,
        o.RequestedDeliveryDate, o.Notes, o.Total, o.LineCount, o.CreatedUtc, db.DisplayName AS DecidedBy, o.DecidedUtc, o.DecisionReason, o.Version, o.Source
        """;
    private const string OrderFrom = """
        FROM Orders o
        JOIN Sites s ON s.Id = o.SiteId
        JOIN Users pb ON pb.Id = o.PlacedByUserId
        LEFT JOIN Users db ON db.Id = o.DecidedByUserId
        """;

    /// <summary>One order of the account; with <c>@SiteId</c> only if it ships to that site (a buyer limited to one site).</summary>
    public virtual string OrderByNumber => $"SELECT {OrderColumns} {OrderFrom} WHERE o.Number = @Number AND o.AccountId = @AccountId AND (@SiteId IS NULL OR o.SiteId = @SiteId)";
    public virtual string OrdersSince => $"""
        SELECT {OrderColumns} {OrderFrom}
        WHERE o.AccountId = @AccountId AND o.CreatedUtc >= @Since
        ORDER BY o.CreatedUtc, o.Number
        {dialect.Page}
        """;
    /// <summary>An order's lines and events, of account <c>@AccountId</c> (NULL: any account, for the supplier's side).</summary>
    public virtual string OrderLines => """
        SELECT LineNumber, ProductId, Sku, Name, Unit, Quantity, UnitPrice, LineTotal FROM OrderLines
        WHERE OrderId = @OrderId AND EXISTS (SELECT 1 FROM Orders o WHERE o.Id = @OrderId AND (@AccountId IS NULL OR o.AccountId = @AccountId))
        ORDER BY LineNumber
        """;
    public virtual string OrderEvents => """
        SELECT e.AtUtc, e.Status, u.DisplayName AS UserName, e.Note
        FROM OrderEvents e LEFT JOIN Users u ON u.Id = e.UserId
        WHERE e.OrderId = @OrderId AND EXISTS (SELECT 1 FROM Orders o WHERE o.Id = @OrderId AND (@AccountId IS NULL OR o.AccountId = @AccountId))
        ORDER BY e.AtUtc, e.Id
        """;

    // order history: a condition only for each filter that is given (all still parameters), so every combination gets its own
    // plan and the count is answered from an index; HistoryFilters.All is the statement with every condition.
    private const string HistoryColumns = """
        o.Id, o.AccountId, o.Number, o.SiteId, s.Name AS SiteName, o.PlacedByUserId, pb.DisplayName AS PlacedBy, o.Status, o.PoNumber,
        o.RequestedDeliveryDate, o.Total, o.LineCount, o.CreatedUtc, o.Version, o.Source
        """;
    private const int HistoryStatements = (int)(HistoryFilters.All | HistoryFilters.Open) + 1;
    private readonly string?[] _history = new string?[HistoryStatements];
    private readonly string?[] _historyCount = new string?[HistoryStatements];
    private readonly string?[] _historyExport = new string?[HistoryStatements];

    /// <summary>The open statuses as a literal list (constants of the code, never input).</summary>
    private static readonly string OpenStatuses = string.Join(", ", OrderStatus.Open.Select(s => $"'{s}'"));

    private static string HistoryWhere(HistoryFilters f)
    {
        var where = new System.Text.StringBuilder("WHERE o.AccountId = @AccountId");
        if (f.HasFlag(HistoryFilters.Status)) where.Append(" AND o.Status = @Status");
        if (f.HasFlag(HistoryFilters.Open)) where.Append($" AND o.Status IN ({OpenStatuses})");
        if (f.HasFlag(HistoryFilters.Site)) where.Append(" AND o.SiteId = @SiteId");
        if (f.HasFlag(HistoryFilters.From)) where.Append(" AND o.CreatedUtc >= @FromUtc");
        if (f.HasFlag(HistoryFilters.To)) where.Append(" AND o.CreatedUtc < @ToUtc");
        if (f.HasFlag(HistoryFilters.PoNumber)) where.Append(" AND o.PoNumber LIKE @PoNumber ESCAPE '\\'");
        if (f.HasFlag(HistoryFilters.Sku)) where.Append(" AND EXISTS (SELECT 1 FROM OrderLines l WHERE l.OrderId = o.Id AND l.Sku = @Sku)");
        return where.ToString();
    }

    /// <summary>One page of the account's orders, newest first, with a condition for each filter given.</summary>
    public virtual string History(HistoryFilters f) => _history[(int)f] ??= $"""
        SELECT {HistoryColumns}
        FROM Orders o
        JOIN Sites s ON s.Id = o.SiteId
        JOIN Users pb ON pb.Id = o.PlacedByUserId
        {HistoryWhere(f)}
        ORDER BY o.CreatedUtc DESC, o.Number DESC
        {dialect.Page}
        """;

    /// <summary>How many orders the filters select; Orders alone, so an index on (AccountId, ...) answers it.</summary>
    public virtual string HistoryCount(HistoryFilters f) => _historyCount[(int)f] ??= $"SELECT COUNT(*) FROM Orders o {HistoryWhere(f)}";

    /// <summary>The filtered orders with their lines, for the CSV export.</summary>
    public virtual string HistoryExport(HistoryFilters f) => _historyExport[(int)f] ??= $"""
        SELECT o.Number, o.CreatedUtc, o.Status, s.Code AS SiteCode, o.PoNumber, o.RequestedDeliveryDate, pb.DisplayName AS PlacedBy,
               l.LineNumber, l.Sku, l.Name, l.Unit, l.Quantity, l.UnitPrice, l.LineTotal
        FROM Orders o
        JOIN Sites s ON s.Id = o.SiteId
        JOIN Users pb ON pb.Id = o.PlacedByUserId
        JOIN OrderLines l ON l.OrderId = o.Id
        {HistoryWhere(f)}
        ORDER BY o.CreatedUtc DESC, o.Number DESC, l.LineNumber
        """;

    /// <summary>What the history page needs besides the orders: the account's time zone and its sites (only @SiteId's when given).</summary>
    public virtual string HistorySites => """
        SELECT a.TimeZone, s.Id, s.Code, s.Name
        FROM CustomerAccounts a LEFT JOIN Sites s ON s.AccountId = a.Id AND (@SiteId IS NULL OR s.Id = @SiteId)
        WHERE a.Id = @AccountId
        ORDER BY s.Code
        """;

    /// <summary>Optimistic: only the status the caller saw is changed.</summary>
    public virtual string Decide => """
        UPDATE Orders SET Status = @NewStatus, DecidedByUserId = @UserId, DecidedUtc = @Now, DecisionReason = @Reason, Version = Version + 1
        WHERE Id = @OrderId AND AccountId = @AccountId AND Status = @OldStatus
        """;
    public virtual string SetStatus => """
        UPDATE Orders SET Status = @NewStatus, Version = Version + 1
        WHERE Id = @OrderId AND AccountId = @AccountId AND Status = @OldStatus
        """;

    /// <summary>Orders waiting for an approver of this account or of its national account.</summary>
    public virtual string ApprovalQueue => $"""
        SELECT {OrderColumns} {OrderFrom}
        WHERE o.Status = 'PendingApproval' AND (@SiteId IS NULL OR o.SiteId = @SiteId)
          AND (o.AccountId = @AccountId OR o.AccountId IN (SELECT a.Id FROM CustomerAccounts a WHERE a.ParentAccountId = @AccountId))
        ORDER BY o.CreatedUtc
        """;
    public virtual string PendingForApprover => $"""
        SELECT {OrderColumns} {OrderFrom}
        WHERE o.Number = @Number AND o.Status = 'PendingApproval' AND (@SiteId IS NULL OR o.SiteId = @SiteId)
          AND (o.AccountId = @AccountId OR o.AccountId IN (SELECT a.Id FROM CustomerAccounts a WHERE a.ParentAccountId = @AccountId))
        """;

    public virtual string ApproversOf => """
        SELECT u.Email FROM Users u
        WHERE u.IsDisabled = 0 AND u.Id <> @PlacedByUserId AND (u.AccountId = @AccountId OR u.AccountId = @ParentAccountId)
          AND u.Id IN (SELECT ur.UserId FROM UserRoles ur JOIN Roles r ON r.Id = ur.RoleId WHERE r.Name = 'Approver')
        """;
    public virtual string UserContact => "SELECT Email, DisplayName, ApprovalLimit FROM Users WHERE Id = @UserId AND AccountId = @AccountId";
    public virtual string SetApprovalLimit => "UPDATE Users SET ApprovalLimit = @ApprovalLimit WHERE Id = @UserId AND AccountId = @AccountId";
    public virtual string SetAccountTerms => "UPDATE CustomerAccounts SET CreditLimit = @CreditLimit, RequirePoNumber = @RequirePoNumber, Version = Version + 1 WHERE Id = @AccountId";
}
