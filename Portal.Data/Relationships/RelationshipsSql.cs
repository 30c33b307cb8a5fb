namespace Portal.Data.Relationships;

/// <summary>
/// Statements of the history import and of relationship health. Both work across every account for the supplier's side
/// (an import command, the nightly job, the account managers' pages): no customer page or API calls them.
/// Every "as of" read takes @AsOf and sees only rows that existed before it, so a score is reproducible for its date.
/// </summary>
public class RelationshipsSql(SqlDialect dialect) : ISqlStatements
{
    // ---- history import -------------------------------------------------------------------------------------------

    public virtual string AccountsWithExternalRef => "SELECT Id, ExternalRef FROM CustomerAccounts WHERE ExternalRef IS NOT NULL";
    public virtual string AccountNames => "SELECT Name FROM CustomerAccounts";
    public virtual string SitesOfEveryAccount => "SELECT Id, AccountId, Code FROM Sites";
    public virtual string ProductSkus => "SELECT Id, Sku, Name, Unit FROM Products";
    /// <summary>The numbers of the orders earlier imports made: an order reference already imported is not imported again.</summary>
    public virtual string ImportedOrderNumbers => "SELECT Number FROM Orders WHERE HistoryImportId IS NOT NULL";
    public virtual string CategoryByName => $"SELECT Id FROM Categories WHERE Name = @Name {dialect.IgnoreCase}";
    public virtual string InsertCategory => "INSERT INTO Categories (Id, Name, SortOrder) VALUES (@Id, @Name, @SortOrder)";
    public virtual string UserByNormalizedName => "SELECT Id FROM Users WHERE NormalizedUserName = @NormalizedUserName";
    /// <summary>The user that imported orders are placed by: no account, no password, disabled (nobody signs in as it).</summary>
    public virtual string InsertImportUser => """
        INSERT INTO Users (Id, AccountId, SiteId, DisplayName, UserName, NormalizedUserName, Email, NormalizedEmail, EmailConfirmed,
                           SecurityStamp, ConcurrencyStamp, LockoutEnabled, IsDisabled, CreatedUtc)
        VALUES (@Id, NULL, NULL, @DisplayName, @UserName, @NormalizedUserName, NULL, NULL, 0, @SecurityStamp, @SecurityStamp, 1, 1, @Now)
        """;
    public virtual string InsertImport => """
        INSERT INTO HistoryImports (Id, FileName, Format, StartedUtc, FinishedUtc, AccountsCreated, ProductsCreated, OrdersCreated, LinesCreated, Summary)
        VALUES (@Id, @FileName, @Format, @StartedUtc, NULL, 0, 0, 0, 0, NULL)
        """;
    public virtual string FinishImport => """
        UPDATE HistoryImports SET FinishedUtc = @FinishedUtc, AccountsCreated = @AccountsCreated, ProductsCreated = @ProductsCreated,
                                  OrdersCreated = @OrdersCreated, LinesCreated = @LinesCreated, Summary = @Summary
        WHERE Id = @Id
        """;
    public virtual string InsertAccount => """
        INSERT INTO CustomerAccounts (Id, Name, ParentAccountId, TimeZone, IdleTimeoutMinutes, IsActive, CreatedUtc, Version, RequirePoNumber, ExternalRef)
        VALUES (@Id, @Name, NULL, @TimeZone, 15, 1, @CreatedUtc, 1, 0, @ExternalRef)
        """;
    public virtual string InsertSite => """
        INSERT INTO Sites (Id, AccountId, Code, Name, AddressLine1, AddressLine2, City, PostalCode, Country, IsActive)
        VALUES (@Id, @AccountId, @Code, @Name, @AddressLine1, NULL, @City, @PostalCode, @Country, 1)
        """;
    /// <summary>A product first seen in imported history: kept off sale (IsActive = 0) until the catalog puts it on sale.</summary>
    public virtual string InsertProduct => """
        INSERT INTO Products (Id, Sku, Name, Description, CategoryId, Unit, PackSize, MinQuantity, LeadTimeDays, ListPrice, IsActive)
        VALUES (@Id, @Sku, @Name, @Description, @CategoryId, @Unit, 1, 1, 1, @ListPrice, 0)
        """;
    public virtual string BumpCatalogVersion => "UPDATE Counters SET Value = Value + 1 WHERE Name = 'catalog-version'";
    public virtual string InsertHistoricOrder => """
        INSERT INTO Orders (Id, AccountId, Number, SiteId, PlacedByUserId, Status, PoNumber, RequestedDeliveryDate, Notes, Total, LineCount,
                            IdempotencyScope, IdempotencyKey, RequestHash, Source, CreatedUtc, DecidedUtc, DecisionReason, Version, HistoryImportId)
        VALUES (@Id, @AccountId, @Number, @SiteId, @PlacedByUserId, @Status, NULL, @RequestedDeliveryDate, NULL, @Total, @LineCount,
                'history', @IdempotencyKey, NULL, 'History', @CreatedUtc, @DecidedUtc, @DecisionReason, 1, @HistoryImportId)
        """;
    public virtual string InsertHistoricLine => """
        INSERT INTO OrderLines (OrderId, LineNumber, ProductId, Sku, Name, Unit, Quantity, UnitPrice, LineTotal)
        VALUES (@OrderId, @LineNumber, @ProductId, @Sku, @Name, @Unit, @Quantity, @UnitPrice, @LineTotal)
        """;
    public virtual string InsertHistoricEvent => "INSERT INTO OrderEvents (Id, OrderId, AtUtc, Status, UserId, Note) VALUES (@Id, @OrderId, @AtUtc, @Status, @UserId, @Note)";

    // ---- relationship health: what was known as of @AsOf, for every account ------------------------------------------

    /// <summary>Accounts that existed as of the date: created before it, or with an order placed before it (imported history).</summary>
    public virtual string AccountsAsOf => """
        SELECT a.Id, a.Name, a.ExternalRef FROM CustomerAccounts a
        WHERE a.IsActive = 1 AND (a.CreatedUtc < @AsOf OR EXISTS (SELECT 1 FROM Orders o WHERE o.AccountId = a.Id AND o.CreatedUtc < @AsOf))
        ORDER BY a.Name
        """;
    /// <summary>Every order placed in the window before the date (the scorer looks back two years at most).</summary>
    public virtual string OrdersAsOf => """
        SELECT o.AccountId, o.CreatedUtc, o.Total, o.Status FROM Orders o
        WHERE o.CreatedUtc >= @From AND o.CreatedUtc < @AsOf
        """;
    /// <summary>The latest sign-in of anyone of the account before the date (a later one hides the earlier: then none is known).</summary>
    public virtual string LastSignInsAsOf => """
        SELECT u.AccountId, MAX(u.LastSignInUtc) AS AtUtc FROM Users u
        WHERE u.AccountId IS NOT NULL AND u.LastSignInUtc < @AsOf
        GROUP BY u.AccountId
        """;
    /// <summary>Requests raised (any kind) before the date: the latest per account.</summary>
    public virtual string LastRequestsAsOf => """
        SELECT t.AccountId, MAX(t.CreatedUtc) AS AtUtc FROM Tickets t WHERE t.CreatedUtc < @AsOf GROUP BY t.AccountId
        """;
    /// <summary>Complaints (delivery claims, quality complaints, returns) open at the date.</summary>
    public virtual string OpenComplaintsAsOf => """
        SELECT t.AccountId, COUNT(*) AS Count FROM Tickets t
        WHERE t.Kind IN ('DeliveryClaim', 'QualityComplaint', 'ReturnRequest') AND t.CreatedUtc < @AsOf
          AND (t.ResolvedUtc IS NULL OR t.ResolvedUtc >= @AsOf) AND (t.ClosedUtc IS NULL OR t.ClosedUtc >= @AsOf)
        GROUP BY t.AccountId
        """;
    /// <summary>Requests raised in the last 90 days (@Since) whose first response or resolution was due before the date and came late or not at all by then.</summary>
    public virtual string BreachedRequestsAsOf => """
        SELECT t.AccountId, COUNT(*) AS Count FROM Tickets t
        WHERE t.CreatedUtc >= @Since AND t.CreatedUtc < @AsOf
          AND ((t.FirstResponseDueUtc < @AsOf AND (t.FirstRespondedUtc IS NULL OR t.FirstRespondedUtc > t.FirstResponseDueUtc))
            OR (t.ResolutionDueUtc < @AsOf AND (t.ResolvedUtc IS NULL OR t.ResolvedUtc > t.ResolutionDueUtc)))
        GROUP BY t.AccountId
        """;
    public virtual string RatingsAsOf => """
        SELECT t.AccountId, COUNT(*) AS Count, SUM(r.Score) AS Total FROM TicketRatings r JOIN Tickets t ON t.Id = r.TicketId
        WHERE r.CreatedUtc >= @RatingsSince AND r.CreatedUtc < @AsOf
        GROUP BY t.AccountId
        """;
    /// <summary>Orders put on credit hold in the window (from the orders' status history).</summary>
    public virtual string CreditHoldsAsOf => """
        SELECT o.AccountId, COUNT(DISTINCT e.OrderId) AS Count FROM OrderEvents e JOIN Orders o ON o.Id = e.OrderId
        WHERE e.Status = 'CreditHold' AND e.AtUtc >= @Since AND e.AtUtc < @AsOf
        GROUP BY o.AccountId
        """;
    /// <summary>
    /// Deliveries recorded in the window, and how many of them came after the order's first promised date (as promised
    /// before the as-of instant), read from the ledger so a score as of a past date uses only what was known then.
    /// </summary>
    public virtual string DeliveriesAsOf => """
        SELECT o.AccountId, COUNT(*) AS Count,
               SUM(CASE WHEN d.DeliveredDate > (SELECT MIN(p.PromisedDate) FROM Promises p WHERE p.OrderId = d.OrderId AND p.AtUtc < @AsOf) THEN 1 ELSE 0 END) AS Late
        FROM Deliveries d JOIN Orders o ON o.Id = d.OrderId
        WHERE d.RecordedUtc >= @Since AND d.RecordedUtc < @AsOf
        GROUP BY o.AccountId
        """;

    // ---- stored scores ----------------------------------------------------------------------------------------------

    /// <summary>One row per account and as-of date: computing a date again replaces its rows.</summary>
    public virtual string UpsertScore => dialect.Upsert("AccountHealthScores", [("AccountId", "@AccountId"), ("AsOfDate", "@AsOfDate")],
        [("Score", "@Score"), ("Risk", "@Risk"), ("Silent", "@Silent"), ("Reasons", "@Reasons"), ("ComputedUtc", "@ComputedUtc")],
        "Score = @Score, Risk = @Risk, Silent = @Silent, Reasons = @Reasons, ComputedUtc = @ComputedUtc");
    /// <summary>The scores of one date, riskiest first (supplier side only).</summary>
    public virtual string ScoresOn => """
        SELECT s.AccountId, s.AsOfDate, s.Score, s.Risk, s.Silent, s.Reasons, s.ComputedUtc FROM AccountHealthScores s
        WHERE s.AsOfDate = @AsOfDate ORDER BY s.Risk DESC, s.AccountId
        """;
}
