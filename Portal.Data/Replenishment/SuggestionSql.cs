namespace Portal.Data.Replenishment;

/// <summary>
/// Statements for suggestions from buying rhythm: the purchases of one account's site (set-based, one read), and the SKUs
/// not to suggest because they are already on the way, on an active schedule of the site or in the buyer's cart.
/// </summary>
public class SuggestionSql(SqlDialect dialect) : ISqlStatements
{
    protected SqlDialect Dialect { get; } = dialect;

    /// <summary>What the site ordered since @Since: one row per order line (orders refused or cancelled do not count).</summary>
    public virtual string Purchases => """
        SELECT o.CreatedUtc, l.Sku, l.Quantity
        FROM Orders o JOIN OrderLines l ON l.OrderId = o.Id
        WHERE o.AccountId = @AccountId AND o.SiteId = @SiteId AND o.CreatedUtc >= @Since
          AND o.Status NOT IN ('Rejected', 'Cancelled')
        """;

    /// <summary>SKUs of the site already taken care of: on an open order (placed, not yet delivered), on an active reorder
    /// schedule of the site, or in the buyer's cart for the site.</summary>
    public virtual string Covered => """
        SELECT l.Sku FROM Orders o JOIN OrderLines l ON l.OrderId = o.Id
        WHERE o.AccountId = @AccountId AND o.SiteId = @SiteId
          AND o.Status IN ('PendingApproval', 'CreditHold', 'Submitted', 'Confirmed', 'PartiallyShipped', 'Shipped')
        UNION
        SELECT p.Sku FROM ReorderSchedules s JOIN ReorderScheduleLines sl ON sl.ScheduleId = s.Id JOIN Products p ON p.Id = sl.ProductId
        WHERE s.AccountId = @AccountId AND s.SiteId = @SiteId AND s.Status = 'Active'
        UNION
        SELECT p.Sku FROM Carts c JOIN CartLines cl ON cl.CartId = c.Id JOIN Products p ON p.Id = cl.ProductId
        WHERE c.AccountId = @AccountId AND c.SiteId = @SiteId AND c.UserId = @UserId
        """;
}
