namespace Portal.Data.Reliability;

/// <summary>Statements of delivery reliability (line figures, roll-ups) and of promises at risk (flags, transit days).</summary>
public class ReliabilitySql(SqlDialect dialect) : ISqlStatements
{
    // ---- the ledger, read by the roll-up (never by pages) ----

    private const string LedgerLineColumns = """
        o.Id AS OrderId, l.LineNumber, o.AccountId, a.Name AS AccountName, a.TimeZone, o.SiteId, s.Name AS SiteName, o.Number AS OrderNumber,
        o.Status, o.RequestedDeliveryDate AS RequestedDate, l.Sku, l.Name AS ProductName, p.CategoryId, c.Name AS CategoryName, l.Quantity AS Ordered
        FROM Orders o
        JOIN CustomerAccounts a ON a.Id = o.AccountId
        JOIN Sites s ON s.Id = o.SiteId
        JOIN OrderLines l ON l.OrderId = o.Id
        LEFT JOIN Products p ON p.Id = l.ProductId
        LEFT JOIN Categories c ON c.Id = p.CategoryId
        """;

    // the whole ledger for the nightly refresh: names once, then three streams in order id order, merged order by order
    public virtual string AllAccounts => "SELECT Id, Name, TimeZone FROM CustomerAccounts";
    public virtual string AllSites => "SELECT Id, Name FROM Sites";
    public virtual string AllCategories => "SELECT Id, Name FROM Categories";
    public virtual string ProductCategories => "SELECT Id, CategoryId FROM Products";

    // Five streams in order id order, merged order by order; the "Between" forms read the orders whose id (as SQLite keeps
    // it, text) is at least @From and below @To, one part of the night's work per core.
    private static string InOrder(string select, string id, string orderBy, bool between) =>
        between ? $"{select}\nWHERE {id} >= @From AND {id} < @To\nORDER BY {orderBy}" : $"{select}\nORDER BY {orderBy}";

    private const string Orders_ = "SELECT Id, AccountId, SiteId, Number, Status, RequestedDeliveryDate FROM Orders";
    public virtual string OrdersInOrder => InOrder(Orders_, "Id", "Id", false);
    public virtual string OrdersBetween => InOrder(Orders_, "Id", "Id", true);

    /// <summary>Order lines with their stored figures' fingerprint and the keys of the roll-up rows they count in (nulls: none stored).</summary>
    private const string Lines_ = """
        SELECT l.OrderId, l.LineNumber, l.ProductId, l.Sku, l.Name, l.Quantity,
               r.Fingerprint, r.AccountId, r.SiteId, r.Sku, r.CategoryId, r.CountedOn, r.ReasonCode
        FROM OrderLines l LEFT JOIN ReliabilityLines r ON r.OrderId = l.OrderId AND r.LineNumber = l.LineNumber
        """;
    public virtual string LinesInOrder => InOrder(Lines_, "l.OrderId", "l.OrderId, l.LineNumber", false);
    public virtual string LinesBetween => InOrder(Lines_, "l.OrderId", "l.OrderId, l.LineNumber", true);

    // SQLite reads the order lines and their stored figures as two streams merged by the refresh (the LEFT JOIN above would
    // search the stored lines' key once per line); the stored lines' columns are those of Lines_ from r.Fingerprint on.
    private const string OrderLines_ = "SELECT OrderId, LineNumber, ProductId, Sku, Name, Quantity FROM OrderLines";
    public virtual string OrderLinesInOrder => InOrder(OrderLines_, "OrderId", "OrderId, LineNumber", false);
    public virtual string OrderLinesBetween => InOrder(OrderLines_, "OrderId", "OrderId, LineNumber", true);

    private const string StoredLines_ = "SELECT OrderId, LineNumber, Fingerprint, AccountId, SiteId, Sku, CategoryId, CountedOn, ReasonCode FROM ReliabilityLines";
    public virtual string StoredLinesInOrder => InOrder(StoredLines_, "OrderId", "OrderId, LineNumber", false);
    public virtual string StoredLinesBetween => InOrder(StoredLines_, "OrderId", "OrderId, LineNumber", true);

    private const string Promises_ = "SELECT OrderId, LineNumber, PromisedDate, Quantity, ReasonCode, AtUtc FROM Promises";
    public virtual string PromisesInOrder => InOrder(Promises_, "OrderId", "OrderId, LineNumber, AtUtc", false);
    public virtual string PromisesBetween => InOrder(Promises_, "OrderId", "OrderId, LineNumber, AtUtc", true);

    private const string Deliveries_ = "SELECT d.OrderId, dl.LineNumber, d.DeliveredDate, dl.Quantity FROM Deliveries d JOIN DeliveryLines dl ON dl.DeliveryId = d.Id";
    public virtual string DeliveriesInOrder => InOrder(Deliveries_, "d.OrderId", "d.OrderId", false);
    public virtual string DeliveriesBetween => InOrder(Deliveries_, "d.OrderId", "d.OrderId", true);


    public virtual string LedgerLinesOfOrder => $"""
        SELECT {LedgerLineColumns}
        WHERE o.Id = @OrderId
        """;

    public virtual string LedgerPromisesOfOrder => """
        SELECT pr.OrderId, pr.LineNumber, pr.PromisedDate AS Date, pr.Quantity, pr.Kind, pr.ReasonCode, pr.AtUtc
        FROM Promises pr WHERE pr.OrderId = @OrderId
        """;

    public virtual string LedgerDeliveriesOfOrder => """
        SELECT d.OrderId, dl.LineNumber, d.DeliveredDate AS Date, dl.Quantity
        FROM DeliveryLines dl JOIN Deliveries d ON d.Id = dl.DeliveryId
        WHERE d.OrderId = @OrderId
        """;

    // ---- line figures and roll-ups (written by the job) ----

    /// <summary>
    /// Taken first by the nightly refresh and the per-order refresh, so one never writes figures the other measured from
    /// an older ledger (on SQLite the write transaction already does this).
    /// </summary>
    public virtual string TakeTurns => dialect.TakeTurns;
    public const string Resource = "reliability-rollup";

    private const string LineColumns = """
        OrderId, LineNumber, AccountId, SiteId, OrderNumber, Sku, ProductName, CategoryId, Ordered, Delivered, RequestedDate, FirstDate, FirstQuantity,
        LastDate, LastQuantity, CompletedDate, CountedOn, OnTimeFirst, OnTimeRequested, OnTimeLast, IsLate, IsShort, DaysLate, Warned, ReasonCode
        """;


    public virtual string InsertLine => $"""
        INSERT INTO ReliabilityLines ({LineColumns}, Fingerprint)
        VALUES (@OrderId, @LineNumber, @AccountId, @SiteId, @OrderNumber, @Sku, @ProductName, @CategoryId, @Ordered, @Delivered, @RequestedDate, @FirstDate, @FirstQuantity,
                @LastDate, @LastQuantity, @CompletedDate, @CountedOn, @OnTimeFirst, @OnTimeRequested, @OnTimeLast, @IsLate, @IsShort, @DaysLate, @Warned, @ReasonCode,
                @Fingerprint)
        """;

    public virtual string StoredLineCount => "SELECT COUNT(*) FROM ReliabilityLines";

    public virtual string OrphanLines => $"""
        SELECT {LineColumns} FROM ReliabilityLines
        WHERE NOT EXISTS (SELECT 1 FROM OrderLines l WHERE l.OrderId = ReliabilityLines.OrderId AND l.LineNumber = ReliabilityLines.LineNumber)
        """;

    public virtual string DeleteOrphanLines => """
        DELETE FROM ReliabilityLines
        WHERE NOT EXISTS (SELECT 1 FROM OrderLines l WHERE l.OrderId = ReliabilityLines.OrderId AND l.LineNumber = ReliabilityLines.LineNumber)
        """;

    public virtual string UpdateLine => """
        UPDATE ReliabilityLines
        SET AccountId = @AccountId, SiteId = @SiteId, OrderNumber = @OrderNumber, Sku = @Sku, ProductName = @ProductName, CategoryId = @CategoryId,
            Ordered = @Ordered, Delivered = @Delivered, RequestedDate = @RequestedDate, FirstDate = @FirstDate, FirstQuantity = @FirstQuantity,
            LastDate = @LastDate, LastQuantity = @LastQuantity, CompletedDate = @CompletedDate, CountedOn = @CountedOn, OnTimeFirst = @OnTimeFirst,
            OnTimeRequested = @OnTimeRequested, OnTimeLast = @OnTimeLast, IsLate = @IsLate, IsShort = @IsShort, DaysLate = @DaysLate, Warned = @Warned,
            ReasonCode = @ReasonCode, Fingerprint = @Fingerprint
        WHERE OrderId = @OrderId AND LineNumber = @LineNumber
        """;

    public virtual string DeleteLine => "DELETE FROM ReliabilityLines WHERE OrderId = @OrderId AND LineNumber = @LineNumber";

    public virtual string LinesOfOrder => $"SELECT {LineColumns} FROM ReliabilityLines WHERE OrderId = @OrderId";
    public virtual string DeleteLinesOfOrder => "DELETE FROM ReliabilityLines WHERE OrderId = @OrderId";

    private const string SumColumns = "Lines, OnTimeFirst, OnTimeRequested, OnTimeLast, LateLines, WarnedLate, ShortLines, DaysLate, Ordered, Delivered";

    /// <summary>Sets a roll-up row to the figures given, making it when it is new.</summary>
    public virtual string SetRollup => dialect.Upsert("ReliabilityRollups",
        [("Dimension", "@Dimension"), ("DimensionKey", "@DimensionKey"), ("Grain", "@Grain"), ("PeriodStart", "@PeriodStart")],
        [("AccountId", "@AccountId"), ("Label", "@Label"), ("Lines", "@Lines"), ("OnTimeFirst", "@OnTimeFirst"), ("OnTimeRequested", "@OnTimeRequested"),
         ("OnTimeLast", "@OnTimeLast"), ("LateLines", "@LateLines"), ("WarnedLate", "@WarnedLate"), ("ShortLines", "@ShortLines"), ("DaysLate", "@DaysLate"),
         ("Ordered", "@Ordered"), ("Delivered", "@Delivered")],
        """
        AccountId = @AccountId, Label = @Label, Lines = @Lines, OnTimeFirst = @OnTimeFirst, OnTimeRequested = @OnTimeRequested, OnTimeLast = @OnTimeLast,
        LateLines = @LateLines, WarnedLate = @WarnedLate, ShortLines = @ShortLines, DaysLate = @DaysLate, Ordered = @Ordered, Delivered = @Delivered
        """);

    public virtual string DeleteRollup => """
        DELETE FROM ReliabilityRollups WHERE Dimension = @Dimension AND DimensionKey = @DimensionKey AND Grain = @Grain AND PeriodStart = @PeriodStart
        """;

    /// <summary>Adds a change of figures (negative for lines that moved out) to one roll-up row, making it when it is new.</summary>
    public virtual string AddToRollup => dialect.Upsert("ReliabilityRollups",
        [("Dimension", "@Dimension"), ("DimensionKey", "@DimensionKey"), ("Grain", "@Grain"), ("PeriodStart", "@PeriodStart")],
        [("AccountId", "@AccountId"), ("Label", "@Label"), ("Lines", "@Lines"), ("OnTimeFirst", "@OnTimeFirst"), ("OnTimeRequested", "@OnTimeRequested"),
         ("OnTimeLast", "@OnTimeLast"), ("LateLines", "@LateLines"), ("WarnedLate", "@WarnedLate"), ("ShortLines", "@ShortLines"), ("DaysLate", "@DaysLate"),
         ("Ordered", "@Ordered"), ("Delivered", "@Delivered")],
        """
        Lines = Lines + @Lines, OnTimeFirst = OnTimeFirst + @OnTimeFirst, OnTimeRequested = OnTimeRequested + @OnTimeRequested,
        OnTimeLast = OnTimeLast + @OnTimeLast, LateLines = LateLines + @LateLines, WarnedLate = WarnedLate + @WarnedLate, ShortLines = ShortLines + @ShortLines,
        DaysLate = DaysLate + @DaysLate, Ordered = Ordered + @Ordered, Delivered = Delivered + @Delivered
        """);

    public virtual string DeleteEmptyRollup => """
        DELETE FROM ReliabilityRollups
        WHERE Dimension = @Dimension AND DimensionKey = @DimensionKey AND Grain = @Grain AND PeriodStart = @PeriodStart AND Lines <= 0
        """;

    // ---- reads for pages and the API (roll-ups and line figures only) ----

    /// <summary>The account's own figures per period: customer pages pass the signed-in account.</summary>
    public virtual string AccountPeriods => $"""
        SELECT Dimension, DimensionKey, Grain, PeriodStart, AccountId, Label, {SumColumns}
        FROM ReliabilityRollups
        WHERE AccountId = @AccountId AND Dimension = 'Account' AND Grain = @Grain AND PeriodStart >= @From AND PeriodStart <= @To
        ORDER BY PeriodStart
        """;

    /// <summary>Every account's figures per period, for the supplier's API.</summary>
    public virtual string EveryAccountPeriods => $"""
        SELECT Dimension, DimensionKey, Grain, PeriodStart, AccountId, Label, {SumColumns}
        FROM ReliabilityRollups
        WHERE Dimension = 'Account' AND Grain = @Grain AND PeriodStart >= @From AND PeriodStart <= @To
        ORDER BY Label, PeriodStart
        """;

    /// <summary>
    /// A dimension's keys with their figures summed over a period, for the supplier's rankings; @ManagerUserId (not null)
    /// keeps the rows of the accounts that user manages.
    /// </summary>
    public virtual string Ranking => """
        SELECT DimensionKey, MAX(Label) AS Label, SUM(Lines) AS Lines, SUM(OnTimeFirst) AS OnTimeFirst, SUM(OnTimeRequested) AS OnTimeRequested,
               SUM(OnTimeLast) AS OnTimeLast, SUM(LateLines) AS LateLines, SUM(WarnedLate) AS WarnedLate, SUM(ShortLines) AS ShortLines,
               SUM(DaysLate) AS DaysLate, SUM(Ordered) AS Ordered, SUM(Delivered) AS Delivered
        FROM ReliabilityRollups
        WHERE Dimension = @Dimension AND Grain = @Grain AND PeriodStart >= @From AND PeriodStart <= @To
          AND (@ManagerUserId IS NULL OR AccountId IN (SELECT Id FROM CustomerAccounts WHERE AccountManagerUserId = @ManagerUserId))
        GROUP BY DimensionKey
        """;

    /// <summary>The account's late and short lines counted since @From, newest first.</summary>
    public virtual string ExceptionLines => $"""
        SELECT OrderId, LineNumber, OrderNumber, Sku, ProductName, Ordered, Delivered, FirstDate, LastDate, CompletedDate, CountedOn, IsLate, IsShort, DaysLate, Warned, ReasonCode
        FROM ReliabilityLines
        WHERE AccountId = @AccountId AND CountedOn >= @From AND CountedOn <= @To AND (IsLate = 1 OR IsShort = 1)
        ORDER BY CountedOn DESC, OrderNumber, LineNumber
        {dialect.Page}
        """;

    // ---- promises at risk ----

    /// <summary>The promise in force of every line of the open (confirmed, partially shipped) orders, with what is shipped of it.</summary>
    public virtual string RiskCandidates => """
        SELECT o.Id AS OrderId, o.Number AS OrderNumber, o.AccountId, a.TimeZone, o.PlacedByUserId, l.LineNumber, l.Sku, l.Name AS ProductName,
               pr.Id AS PromiseId, pr.PromisedDate, pr.Quantity, t.TransitDays,
               COALESCE((SELECT SUM(sl.Quantity) FROM ShipmentLines sl JOIN Shipments sh ON sh.Id = sl.ShipmentId
                         WHERE sh.OrderId = o.Id AND sl.LineNumber = l.LineNumber), 0) AS Shipped
        FROM Orders o
        JOIN CustomerAccounts a ON a.Id = o.AccountId
        JOIN OrderLines l ON l.OrderId = o.Id
        JOIN Promises pr ON pr.OrderId = o.Id AND pr.LineNumber = l.LineNumber
        LEFT JOIN SiteTransitDays t ON t.SiteId = o.SiteId
        WHERE o.Status IN ('Confirmed', 'PartiallyShipped')
          AND NOT EXISTS (SELECT 1 FROM Promises later WHERE later.OrderId = pr.OrderId AND later.LineNumber = pr.LineNumber
                          AND (later.AtUtc > pr.AtUtc OR (later.AtUtc = pr.AtUtc AND later.Id > pr.Id)))
        """;

    /// <summary>Flags a promise once: a second flag of the same promise does nothing (0 rows).</summary>
    public virtual string InsertRisk => dialect.Upsert("PromiseRisks",
        [("PromiseId", "@PromiseId")],
        [("Id", "@Id"), ("OrderId", "@OrderId"), ("LineNumber", "@LineNumber"), ("AccountId", "@AccountId"), ("PromisedDate", "@PromisedDate"),
         ("Quantity", "@Quantity"), ("Shipped", "@Shipped"), ("ShipBy", "@ShipBy"), ("FlaggedUtc", "@FlaggedUtc")],
        null);

    public virtual string OpenRisks => "SELECT Id, PromiseId FROM PromiseRisks WHERE ClearedUtc IS NULL";

    public virtual string ClearRisk => "UPDATE PromiseRisks SET ClearedUtc = @Now WHERE Id = @Id AND ClearedUtc IS NULL";

    public virtual string ClearRisksOfLine => "UPDATE PromiseRisks SET ClearedUtc = @Now WHERE OrderId = @OrderId AND LineNumber = @LineNumber AND ClearedUtc IS NULL";

    /// <summary>The desk's At risk queue: open flags, the earliest ship-by first.</summary>
    public virtual string RiskQueue => """
        SELECT r.Id, r.OrderId, o.Number AS OrderNumber, a.Name AS AccountName, s.Name AS SiteName, r.LineNumber, l.Sku, l.Name AS ProductName,
               r.PromisedDate, r.Quantity, r.ShipBy, r.FlaggedUtc,
               COALESCE((SELECT SUM(sl.Quantity) FROM ShipmentLines sl JOIN Shipments sh ON sh.Id = sl.ShipmentId
                         WHERE sh.OrderId = r.OrderId AND sl.LineNumber = r.LineNumber), 0) AS Shipped
        FROM PromiseRisks r
        JOIN Orders o ON o.Id = r.OrderId
        JOIN CustomerAccounts a ON a.Id = o.AccountId
        JOIN Sites s ON s.Id = o.SiteId
        JOIN OrderLines l ON l.OrderId = r.OrderId AND l.LineNumber = r.LineNumber
        WHERE r.ClearedUtc IS NULL
        ORDER BY r.ShipBy, o.Number, r.LineNumber
        """;

    public virtual string OpenRiskCount => "SELECT COUNT(*) FROM PromiseRisks WHERE ClearedUtc IS NULL";

    public virtual string BuyerEmail => "SELECT u.Email FROM Users u WHERE u.Id = @UserId AND u.IsDisabled = 0";

    // ---- transit days per site ----

    public virtual string SiteTransits => """
        SELECT s.Id AS SiteId, s.AccountId, a.Name AS AccountName, s.Code AS SiteCode, s.Name AS SiteName, t.TransitDays
        FROM Sites s
        JOIN CustomerAccounts a ON a.Id = s.AccountId
        LEFT JOIN SiteTransitDays t ON t.SiteId = s.Id
        WHERE (@AccountId IS NULL OR s.AccountId = @AccountId)
        ORDER BY a.Name, s.Code
        """;

    public virtual string SiteExists => "SELECT COUNT(*) FROM Sites WHERE Id = @SiteId";

    public virtual string SetTransitDays => dialect.Upsert("SiteTransitDays",
        [("SiteId", "@SiteId")],
        [("TransitDays", "@TransitDays"), ("UpdatedUtc", "@UpdatedUtc"), ("UpdatedByUserId", "@UpdatedByUserId")],
        "TransitDays = @TransitDays, UpdatedUtc = @UpdatedUtc, UpdatedByUserId = @UpdatedByUserId");
}
