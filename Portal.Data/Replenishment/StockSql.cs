using Portal.Data.Ordering;

namespace Portal.Data.Replenishment;

/// <summary>
/// Statements for stock rules, counts and the orders they trigger. Customer-facing ones take @AccountId; the replenishment
/// run's reads span accounts and say so in their names (ForRun).
/// </summary>
public class StockSql(SqlDialect dialect) : ISqlStatements
{
    private static readonly string OpenStatuses = string.Join(", ", OrderStatus.Open.Select(s => $"'{s}'"));

    /// <summary>
    /// Every rule with its latest count (the newest by time), what is on order for its site and product (open orders'
    /// lines less what was delivered of them), what was delivered since that count, and the order that count led to.
    /// </summary>
    private string Levels(string countFilter, string where) => $"""
        WITH latest AS (
            SELECT c.Id, c.SiteId, c.ProductId, c.OnHand, c.CountedUtc, c.CountedByUserId, c.Source,
                   ROW_NUMBER() OVER (PARTITION BY c.SiteId, c.ProductId ORDER BY c.CountedUtc DESC, c.Id DESC) AS Rn
            FROM StockCounts c
            WHERE {countFilter}
        ),
        levels AS (
            SELECT r.Id, r.AccountId, r.SiteId, st.Name AS SiteName, st.Code AS SiteCode, r.ProductId, p.Sku, p.Name, p.Unit, p.PackSize,
                   p.MinQuantity, p.LeadTimeDays, p.IsActive, r.MinLevel, r.MaxLevel, r.OwnerUserId, u.DisplayName AS OwnerName,
                   u.IsDisabled AS OwnerIsDisabled, u.SiteId AS OwnerSiteId, r.CreatedUtc AS RuleCreatedUtc, r.Version,
                   l.Id AS CountId, l.OnHand AS CountedOnHand, l.CountedUtc, cu.DisplayName AS CountedBy, l.Source AS CountSource,
                   COALESCE((SELECT SUM(ol.Quantity) FROM Orders o JOIN OrderLines ol ON ol.OrderId = o.Id
                             WHERE o.AccountId = r.AccountId AND o.SiteId = r.SiteId AND ol.ProductId = r.ProductId AND o.Status IN ({OpenStatuses})), 0)
                   - COALESCE((SELECT SUM(dl.Quantity) FROM Orders o JOIN OrderLines ol ON ol.OrderId = o.Id
                               JOIN Deliveries d ON d.OrderId = o.Id JOIN DeliveryLines dl ON dl.DeliveryId = d.Id AND dl.LineNumber = ol.LineNumber
                               WHERE o.AccountId = r.AccountId AND o.SiteId = r.SiteId AND ol.ProductId = r.ProductId AND o.Status IN ({OpenStatuses})), 0) AS OnOrder,
                   COALESCE((SELECT SUM(dl.Quantity) FROM Orders o JOIN OrderLines ol ON ol.OrderId = o.Id
                             JOIN Deliveries d ON d.OrderId = o.Id JOIN DeliveryLines dl ON dl.DeliveryId = d.Id AND dl.LineNumber = ol.LineNumber
                             WHERE o.AccountId = r.AccountId AND o.SiteId = r.SiteId AND ol.ProductId = r.ProductId AND d.RecordedUtc > l.CountedUtc), 0) AS DeliveredSinceCount,
                   so.OrderNumber AS CountOrderNumber, so.Outcome AS CountOrderOutcome, so.Reason AS CountOrderReason
            FROM StockRules r
            JOIN Sites st ON st.Id = r.SiteId
            JOIN Products p ON p.Id = r.ProductId
            JOIN Users u ON u.Id = r.OwnerUserId
            LEFT JOIN latest l ON l.SiteId = r.SiteId AND l.ProductId = r.ProductId AND l.Rn = 1
            LEFT JOIN Users cu ON cu.Id = l.CountedByUserId
            LEFT JOIN StockOrderLines sol ON sol.CountId = l.Id
            LEFT JOIN StockOrders so ON so.Id = sol.StockOrderId
            WHERE {where}
        )
        SELECT * FROM levels
        """;

    /// <summary>The account's rules of one site (or of every site when @SiteId is null), by SKU.</summary>
    public virtual string SiteLevels => Levels("c.AccountId = @AccountId AND (@SiteId IS NULL OR c.SiteId = @SiteId)",
        "r.AccountId = @AccountId AND (@SiteId IS NULL OR r.SiteId = @SiteId)") + " ORDER BY SiteName, Sku";

    public virtual string RuleLevel => Levels("c.AccountId = @AccountId", "r.AccountId = @AccountId AND r.Id = @Id");

    /// <summary>
    /// The set-based read of the run (every account): rules whose latest count is at or below the minimum, that count not
    /// yet used by an order, with something left to order after what is on order; by account, site and SKU. Products no longer
    /// sold are read too: the run leaves them out of the order and says so.
    /// </summary>
    public virtual string DueForRun => Levels("1 = 1", "1 = 1") + """

        WHERE CountId IS NOT NULL AND CountedOnHand <= MinLevel AND CountOrderOutcome IS NULL
          AND MaxLevel - CountedOnHand - OnOrder - DeliveredSinceCount > 0
        ORDER BY AccountId, SiteId, Sku
        """;

    public virtual string RuleOfSiteProduct => "SELECT Id FROM StockRules WHERE AccountId = @AccountId AND SiteId = @SiteId AND ProductId = @ProductId";

    public virtual string InsertRule => """
        INSERT INTO StockRules (Id, AccountId, SiteId, ProductId, MinLevel, MaxLevel, OwnerUserId, CreatedUtc, UpdatedUtc, Version)
        VALUES (@Id, @AccountId, @SiteId, @ProductId, @MinLevel, @MaxLevel, @OwnerUserId, @Now, @Now, 1)
        """;

    /// <summary>A changed rule belongs to whoever changed it: the run orders on their behalf.</summary>
    public virtual string UpdateRule => """
        UPDATE StockRules SET MinLevel = @MinLevel, MaxLevel = @MaxLevel, OwnerUserId = @OwnerUserId, UpdatedUtc = @Now, Version = Version + 1
        WHERE Id = @Id AND AccountId = @AccountId AND Version = @Version
        """;

    public virtual string DeleteRule => "DELETE FROM StockRules WHERE Id = @Id AND AccountId = @AccountId";

    public virtual string InsertCount => """
        INSERT INTO StockCounts (Id, AccountId, SiteId, ProductId, OnHand, CountedUtc, CountedByUserId, Source)
        VALUES (@Id, @AccountId, @SiteId, @ProductId, @OnHand, @Now, @CountedByUserId, @Source)
        """;

    /// <summary>The site's counts since @Since, for the usage estimate.</summary>
    public virtual string CountHistory => """
        SELECT ProductId, CountedUtc, OnHand FROM StockCounts
        WHERE AccountId = @AccountId AND SiteId = @SiteId AND CountedUtc >= @Since
        ORDER BY ProductId, CountedUtc
        """;

    /// <summary>What was delivered to the site since @Since, per product, for the usage estimate.</summary>
    public virtual string DeliveryHistory => """
        SELECT ol.ProductId, d.RecordedUtc, dl.Quantity
        FROM Deliveries d JOIN DeliveryLines dl ON dl.DeliveryId = d.Id
        JOIN Orders o ON o.Id = d.OrderId JOIN OrderLines ol ON ol.OrderId = o.Id AND ol.LineNumber = dl.LineNumber
        WHERE o.AccountId = @AccountId AND o.SiteId = @SiteId AND d.RecordedUtc >= @Since
        ORDER BY ol.ProductId, d.RecordedUtc
        """;

    /// <summary>The site a stock-rule order of the account was placed for, if stock rules placed it.</summary>
    public virtual string StockOrderOfOrder => """
        SELECT st.Id, st.Name FROM StockOrders so JOIN Sites st ON st.Id = so.SiteId
        WHERE so.AccountId = @AccountId AND so.OrderId = @OrderId
        """;

    /// <summary>Whether another account has a site with this code (the API answers 404 for it rather than "unknown"); unscoped by design.</summary>
    public virtual string SiteCodeOfAnotherAccount => "SELECT COUNT(*) FROM Sites WHERE Code = @Code AND AccountId <> @AccountId";

    // ---- the replenishment run --------------------------------------------------------------------------------------

    /// <summary>Claims a site's trigger (the counts that made its order due) unless a row for it exists: the unique key decides.</summary>
    public virtual string ClaimStockOrder => dialect.Upsert("StockOrders", [("SiteId", "@SiteId"), ("TriggerKey", "@TriggerKey")],
        [("Id", "@Id"), ("AccountId", "@AccountId"), ("PlacerUserId", "@PlacerUserId"), ("Outcome", "@Outcome"), ("Reason", "@Reason"),
         ("ClaimedUntilUtc", "@ClaimedUntilUtc"), ("RecordedUtc", "@Now")], updateSet: null);

    /// <summary>Ties a count to the claim; a count already tied to another claim is left alone (0 rows): one order per count.</summary>
    public virtual string ClaimCount => dialect.Upsert("StockOrderLines", [("CountId", "@CountId")],
        [("StockOrderId", "@StockOrderId"), ("ProductId", "@ProductId"), ("OnHand", "@OnHand"), ("OnOrder", "@OnOrder"), ("Quantity", "@Quantity")], updateSet: null);

    public virtual string StockOrderBySiteTrigger => """
        SELECT Id, AccountId, SiteId, TriggerKey, PlacerUserId, Outcome, OrderNumber, Reason, ClaimedUntilUtc FROM StockOrders
        WHERE SiteId = @SiteId AND TriggerKey = @TriggerKey
        """;

    public virtual string StockOrderForRun => """
        SELECT Id, AccountId, SiteId, TriggerKey, PlacerUserId, Outcome, OrderNumber, Reason, ClaimedUntilUtc FROM StockOrders WHERE Id = @Id
        """;

    public virtual string StockOrderLinesForRun => """
        SELECT l.ProductId, p.Sku, p.Name, p.IsActive, p.LeadTimeDays, l.OnHand, l.OnOrder, l.Quantity
        FROM StockOrderLines l JOIN Products p ON p.Id = l.ProductId
        WHERE l.StockOrderId = @Id ORDER BY p.Sku
        """;

    /// <summary>Claims whose run stopped before finishing (their time ran out), for the run to take over.</summary>
    public virtual string StaleClaimsForRun => $"""
        SELECT Id FROM StockOrders WHERE Outcome = 'Claimed' AND ClaimedUntilUtc < @Now
        ORDER BY ClaimedUntilUtc, Id {dialect.Page}
        """;

    public virtual string TakeOverStockClaim => """
        UPDATE StockOrders SET ClaimedUntilUtc = @ClaimedUntilUtc
        WHERE Id = @Id AND Outcome = 'Claimed' AND ClaimedUntilUtc < @Now
        """;

    public virtual string CompleteStockOrder => """
        UPDATE StockOrders SET Outcome = @Outcome, OrderId = @OrderId, OrderNumber = @OrderNumber, Reason = @Reason, ClaimedUntilUtc = NULL, RecordedUtc = @Now
        WHERE Id = @Id AND Outcome = 'Claimed'
        """;

    /// <summary>The site and account as the run needs them for an order and its report.</summary>
    public virtual string SiteForRun => """
        SELECT st.Name AS SiteName, st.IsActive AS SiteIsActive, a.Name AS AccountName, a.TimeZone, a.IsActive AS AccountIsActive
        FROM Sites st JOIN CustomerAccounts a ON a.Id = st.AccountId
        WHERE st.Id = @SiteId AND st.AccountId = @AccountId
        """;
}
