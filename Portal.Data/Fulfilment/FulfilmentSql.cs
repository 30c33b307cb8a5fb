namespace Portal.Data.Fulfilment;

/// <summary>Statements of the supplier's order desk and of the promise ledger, shipments and deliveries.</summary>
public class FulfilmentSql(SqlDialect dialect) : ISqlStatements
{
    private const string OrderColumns = """
        o.Id, o.AccountId, a.Name AS AccountName, a.TimeZone AS AccountTimeZone, o.Number, o.SiteId, s.Name AS SiteName, o.PlacedByUserId, pb.DisplayName AS PlacedBy,
        o.Status, o.PoNumber, o.RequestedDeliveryDate, o.Notes, o.Total, o.LineCount, o.CreatedUtc, o.Version, o.Source
        """;

    private const string OrderFrom = """
        FROM Orders o
        JOIN CustomerAccounts a ON a.Id = o.AccountId
        JOIN Sites s ON s.Id = o.SiteId
        JOIN Users pb ON pb.Id = o.PlacedByUserId
        """;

    /// <summary>A shipment of the order whose delivery is not recorded yet.</summary>
    private const string ShipmentOnItsWay = """
        EXISTS (SELECT 1 FROM Shipments sh WHERE sh.OrderId = o.Id AND NOT EXISTS (SELECT 1 FROM Deliveries d WHERE d.ShipmentId = sh.Id))
        """;

    private const string QueueWhere = $"""
        WHERE (@AccountId IS NULL OR o.AccountId = @AccountId)
          AND (@Status IS NULL OR o.Status = @Status
               OR (@Status = 'ToShip' AND o.Status IN ('Confirmed', 'PartiallyShipped'))
               OR (@Status = 'AwaitingDelivery' AND o.Status IN ('PartiallyShipped', 'Shipped') AND {ShipmentOnItsWay}))
          AND (@RequestedFrom IS NULL OR o.RequestedDeliveryDate >= @RequestedFrom)
          AND (@RequestedTo IS NULL OR o.RequestedDeliveryDate <= @RequestedTo)
          AND (@WaitingSince IS NULL OR (o.Status = 'Submitted' AND o.CreatedUtc <= @WaitingSince))
        """;

    public virtual string Queue => $"""
        SELECT {OrderColumns} {OrderFrom}
        {QueueWhere}
        ORDER BY o.CreatedUtc, o.Number
        {dialect.Page}
        """;

    public virtual string QueueCount => $"SELECT COUNT(*) FROM Orders o {QueueWhere}";

    /// <summary>
    /// How many orders wait in each of the desk's queues, in one pass over the open orders (IX_Orders_Status_Created);
    /// the queues overlap (a partially shipped order with a shipment on its way is both to ship and awaiting delivery).
    /// </summary>
    public virtual string QueueCounts => $"""
        SELECT
            COUNT(CASE WHEN o.Status = 'Submitted' THEN 1 END) AS ToConfirm,
            COUNT(CASE WHEN o.Status = 'CreditHold' THEN 1 END) AS CreditHold,
            COUNT(CASE WHEN o.Status IN ('Confirmed', 'PartiallyShipped') THEN 1 END) AS ToShip,
            COUNT(CASE WHEN o.Status IN ('PartiallyShipped', 'Shipped') AND {ShipmentOnItsWay} THEN 1 END) AS AwaitingDelivery
        FROM Orders o
        WHERE o.Status IN ('Submitted', 'CreditHold', 'Confirmed', 'PartiallyShipped', 'Shipped')
          AND (@AccountId IS NULL OR o.AccountId = @AccountId)
        """;

    public virtual string OrderByNumber => $"SELECT {OrderColumns} {OrderFrom} WHERE o.Number = @Number";

    public virtual string SetStatus => """
        UPDATE Orders SET Status = @NewStatus, Version = Version + 1
        WHERE Id = @OrderId AND Status = @OldStatus
        """;

    /// <summary>
    /// The optimistic check of a change that depends on what was shipped or delivered: only if nobody changed the order
    /// since it was read (the version), whether or not the status moves. Two partial shipments at once cannot both pass.
    /// </summary>
    public virtual string SetStatusAtVersion => """
        UPDATE Orders SET Status = @NewStatus, Version = Version + 1
        WHERE Id = @OrderId AND Status = @OldStatus AND Version = @Version
        """;

    public virtual string Decide => """
        UPDATE Orders SET Status = @NewStatus, DecidedByUserId = @UserId, DecidedUtc = @Now, DecisionReason = @Reason, Version = Version + 1
        WHERE Id = @OrderId AND Status = @OldStatus
        """;

    public virtual string InsertPromise => """
        INSERT INTO Promises (Id, OrderId, LineNumber, PromisedDate, Quantity, Kind, ReasonCode, Note, ByUserId, AtUtc)
        VALUES (@Id, @OrderId, @LineNumber, @PromisedDate, @Quantity, @Kind, @ReasonCode, @Note, @ByUserId, @AtUtc)
        """;

    // Progress reads take @AccountId: the customer's side passes its own, so another account's order reads as empty;
    // the supplier's side passes NULL (every account).
    public virtual string PromisesOfOrder => """
        SELECT p.LineNumber, p.PromisedDate, p.Quantity, p.Kind, p.ReasonCode, p.Note, u.DisplayName AS ByName, p.AtUtc
        FROM Promises p LEFT JOIN Users u ON u.Id = p.ByUserId
        WHERE p.OrderId = @OrderId
          AND EXISTS (SELECT 1 FROM Orders o WHERE o.Id = @OrderId AND (@AccountId IS NULL OR o.AccountId = @AccountId))
        ORDER BY p.LineNumber, p.AtUtc
        """;

    public virtual string InsertShipment => """
        INSERT INTO Shipments (Id, OrderId, Carrier, TrackingRef, ShippedUtc, ByUserId)
        VALUES (@Id, @OrderId, @Carrier, @TrackingRef, @ShippedUtc, @ByUserId)
        """;
    public virtual string InsertShipmentLine => "INSERT INTO ShipmentLines (ShipmentId, LineNumber, Quantity) VALUES (@ShipmentId, @LineNumber, @Quantity)";

    public virtual string ShipmentsOfOrder => """
        SELECT sh.Id, sh.Carrier, sh.TrackingRef, sh.ShippedUtc, u.DisplayName AS ByName, d.DeliveredDate
        FROM Shipments sh
        LEFT JOIN Users u ON u.Id = sh.ByUserId
        LEFT JOIN Deliveries d ON d.ShipmentId = sh.Id
        WHERE sh.OrderId = @OrderId
          AND EXISTS (SELECT 1 FROM Orders o WHERE o.Id = @OrderId AND (@AccountId IS NULL OR o.AccountId = @AccountId))
        ORDER BY sh.ShippedUtc
        """;

    public virtual string ShipmentLinesOfOrder => """
        SELECT sl.ShipmentId, sl.LineNumber, sl.Quantity
        FROM ShipmentLines sl JOIN Shipments sh ON sh.Id = sl.ShipmentId
        WHERE sh.OrderId = @OrderId
          AND EXISTS (SELECT 1 FROM Orders o WHERE o.Id = @OrderId AND (@AccountId IS NULL OR o.AccountId = @AccountId))
        """;

    public virtual string DeliveryLinesOfOrder => """
        SELECT d.ShipmentId, dl.LineNumber, dl.Quantity
        FROM DeliveryLines dl JOIN Deliveries d ON d.Id = dl.DeliveryId
        WHERE d.OrderId = @OrderId
          AND EXISTS (SELECT 1 FROM Orders o WHERE o.Id = @OrderId AND (@AccountId IS NULL OR o.AccountId = @AccountId))
        """;

    public virtual string InsertDelivery => """
        INSERT INTO Deliveries (Id, ShipmentId, OrderId, DeliveredDate, RecordedUtc, ByUserId)
        VALUES (@Id, @ShipmentId, @OrderId, @DeliveredDate, @RecordedUtc, @ByUserId)
        """;
    public virtual string InsertDeliveryLine => "INSERT INTO DeliveryLines (DeliveryId, LineNumber, Quantity) VALUES (@DeliveryId, @LineNumber, @Quantity)";

    public virtual string BuyerEmail => "SELECT u.Email FROM Users u WHERE u.Id = @UserId";
}
