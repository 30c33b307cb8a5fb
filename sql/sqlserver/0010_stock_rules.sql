-- The customer's own min/max levels: per site, a stock rule holds a product, a minimum (the reorder point) and a maximum
-- (the order-up-to level); staff record counts (count sheet, CSV upload, API). The replenishment job orders for a site whose
-- latest counts are at or below the minimum. StockOrders is its claim: one row per site and trigger (the counts that made
-- the order due), inserted with a unique key BEFORE the order is placed; the order's idempotency key derives from it, and
-- each count can trigger one order only (StockOrderLines.CountId is unique).

CREATE TABLE StockRules (
    Id           UNIQUEIDENTIFIER NOT NULL PRIMARY KEY,
    AccountId    UNIQUEIDENTIFIER NOT NULL REFERENCES CustomerAccounts (Id),
    SiteId       UNIQUEIDENTIFIER NOT NULL REFERENCES Sites (Id),
    ProductId    UNIQUEIDENTIFIER NOT NULL REFERENCES Products (Id),
    MinLevel     INT              NOT NULL,
    MaxLevel     INT              NOT NULL,
    OwnerUserId  UNIQUEIDENTIFIER NOT NULL REFERENCES Users (Id),
    CreatedUtc   DATETIME2(7)     NOT NULL,
    UpdatedUtc   DATETIME2(7)     NOT NULL,
    Version      INT              NOT NULL DEFAULT 1
);
CREATE UNIQUE INDEX UX_StockRules_Site_Product ON StockRules (SiteId, ProductId);
CREATE INDEX IX_StockRules_Account_Site ON StockRules (AccountId, SiteId);

CREATE TABLE StockCounts (
    Id               UNIQUEIDENTIFIER NOT NULL PRIMARY KEY,
    AccountId        UNIQUEIDENTIFIER NOT NULL REFERENCES CustomerAccounts (Id),
    SiteId           UNIQUEIDENTIFIER NOT NULL REFERENCES Sites (Id),
    ProductId        UNIQUEIDENTIFIER NOT NULL REFERENCES Products (Id),
    OnHand           INT              NOT NULL,
    CountedUtc       DATETIME2(7)     NOT NULL,
    CountedByUserId  UNIQUEIDENTIFIER NULL REFERENCES Users (Id),
    Source           NVARCHAR(8)      NOT NULL
);
CREATE INDEX IX_StockCounts_Site_Product_Counted ON StockCounts (SiteId, ProductId, CountedUtc);
CREATE INDEX IX_StockCounts_Account ON StockCounts (AccountId, CountedUtc);

CREATE TABLE StockOrders (
    Id               UNIQUEIDENTIFIER NOT NULL PRIMARY KEY,
    AccountId        UNIQUEIDENTIFIER NOT NULL REFERENCES CustomerAccounts (Id),
    SiteId           UNIQUEIDENTIFIER NOT NULL REFERENCES Sites (Id),
    TriggerKey       NVARCHAR(100)    COLLATE Latin1_General_100_BIN2 NOT NULL,
    PlacerUserId     UNIQUEIDENTIFIER NULL REFERENCES Users (Id),
    Outcome          NVARCHAR(16)     NOT NULL,
    OrderId          UNIQUEIDENTIFIER NULL REFERENCES Orders (Id),
    OrderNumber      NVARCHAR(64)     NULL,
    Reason           NVARCHAR(1000)   NULL,
    ClaimedUntilUtc  DATETIME2(7)     NULL,
    RecordedUtc      DATETIME2(7)     NOT NULL
);
CREATE UNIQUE INDEX UX_StockOrders_Site_Trigger ON StockOrders (SiteId, TriggerKey);
CREATE INDEX IX_StockOrders_Outcome ON StockOrders (Outcome, ClaimedUntilUtc);
CREATE INDEX IX_StockOrders_Order ON StockOrders (OrderId);

CREATE TABLE StockOrderLines (
    StockOrderId  UNIQUEIDENTIFIER NOT NULL REFERENCES StockOrders (Id) ON DELETE CASCADE,
    ProductId     UNIQUEIDENTIFIER NOT NULL REFERENCES Products (Id),
    CountId       UNIQUEIDENTIFIER NOT NULL REFERENCES StockCounts (Id),
    OnHand        INT              NOT NULL,
    OnOrder       INT              NOT NULL,
    Quantity      INT              NOT NULL,
    PRIMARY KEY (StockOrderId, ProductId)
);
CREATE UNIQUE INDEX UX_StockOrderLines_Count ON StockOrderLines (CountId);
