-- The customer's own min/max levels: per site, a stock rule holds a product, a minimum (the reorder point) and a maximum
-- (the order-up-to level); staff record counts (count sheet, CSV upload, API). The replenishment job orders for a site whose
-- latest counts are at or below the minimum. StockOrders is its claim: one row per site and trigger (the counts that made
-- the order due), inserted with a unique key BEFORE the order is placed; the order's idempotency key derives from it, and
-- each count can trigger one order only (StockOrderLines.CountId is unique).

CREATE TABLE StockRules (
    Id           TEXT    NOT NULL PRIMARY KEY,
    AccountId    TEXT    NOT NULL REFERENCES CustomerAccounts (Id),
    SiteId       TEXT    NOT NULL REFERENCES Sites (Id),
    ProductId    TEXT    NOT NULL REFERENCES Products (Id),
    MinLevel     INTEGER NOT NULL,
    MaxLevel     INTEGER NOT NULL,
    OwnerUserId  TEXT    NOT NULL REFERENCES Users (Id),
    CreatedUtc   TEXT    NOT NULL,
    UpdatedUtc   TEXT    NOT NULL,
    Version      INTEGER NOT NULL DEFAULT 1
);
CREATE UNIQUE INDEX UX_StockRules_Site_Product ON StockRules (SiteId, ProductId);
CREATE INDEX IX_StockRules_Account_Site ON StockRules (AccountId, SiteId);

CREATE TABLE StockCounts (
    Id               TEXT    NOT NULL PRIMARY KEY,
    AccountId        TEXT    NOT NULL REFERENCES CustomerAccounts (Id),
    SiteId           TEXT    NOT NULL REFERENCES Sites (Id),
    ProductId        TEXT    NOT NULL REFERENCES Products (Id),
    OnHand           INTEGER NOT NULL,
    CountedUtc       TEXT    NOT NULL,
    CountedByUserId  TEXT    NULL REFERENCES Users (Id),
    Source           TEXT    NOT NULL
);
CREATE INDEX IX_StockCounts_Site_Product_Counted ON StockCounts (SiteId, ProductId, CountedUtc);
CREATE INDEX IX_StockCounts_Account ON StockCounts (AccountId, CountedUtc);

CREATE TABLE StockOrders (
    Id               TEXT    NOT NULL PRIMARY KEY,
    AccountId        TEXT    NOT NULL REFERENCES CustomerAccounts (Id),
    SiteId           TEXT    NOT NULL REFERENCES Sites (Id),
    TriggerKey       TEXT    NOT NULL,
    PlacerUserId     TEXT    NULL REFERENCES Users (Id),
    Outcome          TEXT    NOT NULL,
    OrderId          TEXT    NULL REFERENCES Orders (Id),
    OrderNumber      TEXT    NULL,
    Reason           TEXT    NULL,
    ClaimedUntilUtc  TEXT    NULL,
    RecordedUtc      TEXT    NOT NULL
);
CREATE UNIQUE INDEX UX_StockOrders_Site_Trigger ON StockOrders (SiteId, TriggerKey);
CREATE INDEX IX_StockOrders_Outcome ON StockOrders (Outcome, ClaimedUntilUtc);
CREATE INDEX IX_StockOrders_Order ON StockOrders (OrderId);

CREATE TABLE StockOrderLines (
    StockOrderId  TEXT    NOT NULL REFERENCES StockOrders (Id) ON DELETE CASCADE,
    ProductId     TEXT    NOT NULL REFERENCES Products (Id),
    CountId       TEXT    NOT NULL REFERENCES StockCounts (Id),
    OnHand        INTEGER NOT NULL,
    OnOrder       INTEGER NOT NULL,
    Quantity      INTEGER NOT NULL,
    PRIMARY KEY (StockOrderId, ProductId)
);
CREATE UNIQUE INDEX UX_StockOrderLines_Count ON StockOrderLines (CountId);
