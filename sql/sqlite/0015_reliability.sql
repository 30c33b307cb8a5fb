-- Delivery reliability and promises at risk. The figures of each order line that counts (fully delivered, or its
-- promised date passed) and their roll-ups by account, site, SKU, category and re-promise reason per week and month are
-- derived from the promise ledger and the deliveries by a job (nightly in full, and per order on each delivery); pages
-- read these tables, never the ledger. A promise at risk is flagged once per promise (a re-promise is a new promise).
-- The roll-ups are one b-tree keyed for the rankings (dimension, grain, period, key); the account's own rows (account and
-- site) are also indexed by account. The nightly refresh writes about a million lines and as many roll-up rows.

CREATE TABLE ReliabilityLines (
    OrderId          TEXT    NOT NULL,
    LineNumber       INTEGER NOT NULL,
    AccountId        TEXT    NOT NULL,
    SiteId           TEXT    NOT NULL,
    OrderNumber      TEXT    NOT NULL,
    Sku              TEXT    NOT NULL,
    ProductName      TEXT    NOT NULL,
    CategoryId       TEXT    NULL,
    Ordered          INTEGER NOT NULL,
    Delivered        INTEGER NOT NULL,
    RequestedDate    TEXT    NOT NULL,
    FirstDate        TEXT    NOT NULL,
    FirstQuantity    INTEGER NOT NULL,
    LastDate         TEXT    NOT NULL,
    LastQuantity     INTEGER NOT NULL,
    CompletedDate    TEXT    NULL,
    CountedOn        TEXT    NOT NULL,
    OnTimeFirst      INTEGER NOT NULL,
    OnTimeRequested  INTEGER NOT NULL,
    OnTimeLast       INTEGER NOT NULL,
    IsLate           INTEGER NOT NULL,
    IsShort          INTEGER NOT NULL,
    DaysLate         INTEGER NOT NULL,
    Warned           INTEGER NOT NULL,
    ReasonCode       TEXT    NULL,
    PRIMARY KEY (OrderId, LineNumber)
) WITHOUT ROWID;
CREATE INDEX IX_ReliabilityLines_Account_Counted ON ReliabilityLines (AccountId, CountedOn);

CREATE TABLE ReliabilityRollups (
    Dimension        TEXT    NOT NULL,
    DimensionKey     TEXT    NOT NULL,
    Grain            TEXT    NOT NULL,
    PeriodStart      TEXT    NOT NULL,
    AccountId        TEXT    NULL,
    Label            TEXT    NOT NULL,
    Lines            INTEGER NOT NULL,
    OnTimeFirst      INTEGER NOT NULL,
    OnTimeRequested  INTEGER NOT NULL,
    OnTimeLast       INTEGER NOT NULL,
    LateLines        INTEGER NOT NULL,
    WarnedLate       INTEGER NOT NULL,
    ShortLines       INTEGER NOT NULL,
    DaysLate         INTEGER NOT NULL,
    Ordered          INTEGER NOT NULL,
    Delivered        INTEGER NOT NULL,
    PRIMARY KEY (Dimension, Grain, PeriodStart, DimensionKey)
) WITHOUT ROWID;
CREATE INDEX IX_ReliabilityRollups_Account ON ReliabilityRollups (AccountId, Dimension, Grain, PeriodStart) WHERE AccountId IS NOT NULL;

CREATE TABLE SiteTransitDays (
    SiteId           TEXT    NOT NULL PRIMARY KEY REFERENCES Sites (Id),
    TransitDays      INTEGER NOT NULL,
    UpdatedUtc       TEXT    NOT NULL,
    UpdatedByUserId  TEXT    NULL REFERENCES Users (Id)
);

CREATE TABLE PromiseRisks (
    Id              TEXT    NOT NULL PRIMARY KEY,
    PromiseId       TEXT    NOT NULL REFERENCES Promises (Id) ON DELETE CASCADE,
    OrderId         TEXT    NOT NULL,
    LineNumber      INTEGER NOT NULL,
    AccountId       TEXT    NOT NULL,
    PromisedDate    TEXT    NOT NULL,
    Quantity        INTEGER NOT NULL,
    Shipped         INTEGER NOT NULL,
    ShipBy          TEXT    NOT NULL,
    FlaggedUtc      TEXT    NOT NULL,
    ClearedUtc      TEXT    NULL
);
CREATE UNIQUE INDEX UX_PromiseRisks_Promise ON PromiseRisks (PromiseId);
CREATE INDEX IX_PromiseRisks_Open ON PromiseRisks (ClearedUtc, ShipBy);
CREATE INDEX IX_PromiseRisks_Order ON PromiseRisks (OrderId, LineNumber);
