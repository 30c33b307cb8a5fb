-- Delivery reliability and promises at risk. The figures of each order line that counts (fully delivered, or its
-- promised date passed) and their roll-ups by account, site, SKU, category and re-promise reason per week and month are
-- derived from the promise ledger and the deliveries by a job (nightly in full, and per order on each delivery); pages
-- read these tables, never the ledger. A promise at risk is flagged once per promise (a re-promise is a new promise).
-- The roll-ups are one b-tree keyed for the rankings (dimension, grain, period, key); the account's own rows (account and
-- site) are also indexed by account. The nightly refresh writes about a million lines and as many roll-up rows.

CREATE TABLE ReliabilityLines (
    OrderId          UNIQUEIDENTIFIER    NOT NULL,
    LineNumber       INT NOT NULL,
    AccountId        UNIQUEIDENTIFIER    NOT NULL,
    SiteId           UNIQUEIDENTIFIER    NOT NULL,
    OrderNumber      NVARCHAR(64)    NOT NULL,
    Sku              NVARCHAR(64)    NOT NULL,
    ProductName      NVARCHAR(256)    NOT NULL,
    CategoryId       UNIQUEIDENTIFIER    NULL,
    Ordered          INT NOT NULL,
    Delivered        INT NOT NULL,
    RequestedDate    DATE    NOT NULL,
    FirstDate        DATE    NOT NULL,
    FirstQuantity    INT NOT NULL,
    LastDate         DATE    NOT NULL,
    LastQuantity     INT NOT NULL,
    CompletedDate    DATE    NULL,
    CountedOn        DATE    NOT NULL,
    OnTimeFirst      BIT NOT NULL,
    OnTimeRequested  BIT NOT NULL,
    OnTimeLast       BIT NOT NULL,
    IsLate           BIT NOT NULL,
    IsShort          BIT NOT NULL,
    DaysLate         INT NOT NULL,
    Warned           BIT NOT NULL,
    ReasonCode       NVARCHAR(64)    NULL,
    PRIMARY KEY (OrderId, LineNumber)
);
CREATE INDEX IX_ReliabilityLines_Account_Counted ON ReliabilityLines (AccountId, CountedOn);

CREATE TABLE ReliabilityRollups (
    Dimension        NVARCHAR(64)    NOT NULL,
    DimensionKey     NVARCHAR(64)    NOT NULL,
    Grain            NCHAR(1)    NOT NULL,
    PeriodStart      DATE    NOT NULL,
    AccountId        UNIQUEIDENTIFIER    NULL,
    Label            NVARCHAR(600)    NOT NULL,
    Lines            BIGINT NOT NULL,
    OnTimeFirst      BIGINT NOT NULL,
    OnTimeRequested  BIGINT NOT NULL,
    OnTimeLast       BIGINT NOT NULL,
    LateLines        BIGINT NOT NULL,
    WarnedLate       BIGINT NOT NULL,
    ShortLines       BIGINT NOT NULL,
    DaysLate         BIGINT NOT NULL,
    Ordered          BIGINT NOT NULL,
    Delivered        BIGINT NOT NULL,
    PRIMARY KEY (Dimension, Grain, PeriodStart, DimensionKey)
);
CREATE INDEX IX_ReliabilityRollups_Account ON ReliabilityRollups (AccountId, Dimension, Grain, PeriodStart) WHERE AccountId IS NOT NULL;

CREATE TABLE SiteTransitDays (
    SiteId           UNIQUEIDENTIFIER    NOT NULL PRIMARY KEY REFERENCES Sites (Id),
    TransitDays      INT NOT NULL,
    UpdatedUtc       DATETIME2(7)    NOT NULL,
    UpdatedByUserId  UNIQUEIDENTIFIER    NULL REFERENCES Users (Id)
);

CREATE TABLE PromiseRisks (
    Id              UNIQUEIDENTIFIER    NOT NULL PRIMARY KEY,
    PromiseId       UNIQUEIDENTIFIER    NOT NULL REFERENCES Promises (Id) ON DELETE CASCADE,
    OrderId         UNIQUEIDENTIFIER    NOT NULL,
    LineNumber      INT NOT NULL,
    AccountId       UNIQUEIDENTIFIER    NOT NULL,
    PromisedDate    DATE    NOT NULL,
    Quantity        INT NOT NULL,
    Shipped         INT NOT NULL,
    ShipBy          DATE    NOT NULL,
    FlaggedUtc      DATETIME2(7)    NOT NULL,
    ClearedUtc      DATETIME2(7)    NULL
);
CREATE UNIQUE INDEX UX_PromiseRisks_Promise ON PromiseRisks (PromiseId);
CREATE INDEX IX_PromiseRisks_Open ON PromiseRisks (ClearedUtc, ShipBy);
CREATE INDEX IX_PromiseRisks_Order ON PromiseRisks (OrderId, LineNumber);
