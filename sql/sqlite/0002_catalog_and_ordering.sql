-- Catalog (categories, products, contract prices) and ordering (carts, standing lists,
-- orders with their lines and status history). Money and quantities of money are exact decimals (TEXT in SQLite).

ALTER TABLE CustomerAccounts ADD COLUMN CreditLimit TEXT NULL;
ALTER TABLE CustomerAccounts ADD COLUMN RequirePoNumber INTEGER NOT NULL DEFAULT 0;
ALTER TABLE Users ADD COLUMN ApprovalLimit TEXT NULL;

CREATE TABLE Categories (
    Id         TEXT    NOT NULL PRIMARY KEY,
    Name       TEXT    NOT NULL,
    SortOrder  INTEGER NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX UX_Categories_Name ON Categories (Name);

CREATE TABLE Products (
    Id            TEXT    NOT NULL PRIMARY KEY,
    Sku           TEXT    NOT NULL,
    Name          TEXT    NOT NULL,
    Description   TEXT    NOT NULL,
    CategoryId    TEXT    NOT NULL REFERENCES Categories (Id),
    Unit          TEXT    NOT NULL,
    PackSize      INTEGER NOT NULL DEFAULT 1,
    MinQuantity   INTEGER NOT NULL DEFAULT 1,
    LeadTimeDays  INTEGER NOT NULL DEFAULT 1,
    ListPrice     TEXT    NOT NULL,
    IsActive      INTEGER NOT NULL DEFAULT 1
);
CREATE UNIQUE INDEX UX_Products_Sku ON Products (Sku);
CREATE INDEX IX_Products_Category_Name ON Products (CategoryId, Name);
CREATE INDEX IX_Products_Name ON Products (Name, Sku);

CREATE TABLE ContractPrices (
    Id           TEXT    NOT NULL PRIMARY KEY,
    AccountId    TEXT    NOT NULL REFERENCES CustomerAccounts (Id),
    ProductId    TEXT    NOT NULL REFERENCES Products (Id),
    MinQuantity  INTEGER NOT NULL DEFAULT 1,
    UnitPrice    TEXT    NOT NULL,
    ValidFrom    TEXT    NOT NULL,
    ValidTo      TEXT    NULL
);
CREATE INDEX IX_ContractPrices_Account_Product ON ContractPrices (AccountId, ProductId);

CREATE TABLE Counters (
    Name   TEXT    NOT NULL PRIMARY KEY,
    Value  INTEGER NOT NULL
);
INSERT INTO Counters (Name, Value) VALUES ('order-number', 100000);
-- bumped with every catalog change: each portal node rebuilds its in-memory search index when it moves
INSERT INTO Counters (Name, Value) VALUES ('catalog-version', 1);

CREATE TABLE Carts (
    Id          TEXT    NOT NULL PRIMARY KEY,
    AccountId   TEXT    NOT NULL REFERENCES CustomerAccounts (Id),
    UserId      TEXT    NOT NULL REFERENCES Users (Id),
    SiteId      TEXT    NOT NULL REFERENCES Sites (Id),
    Version     INTEGER NOT NULL DEFAULT 1,
    UpdatedUtc  TEXT    NOT NULL
);
CREATE UNIQUE INDEX UX_Carts_User_Site ON Carts (UserId, SiteId);

CREATE TABLE CartLines (
    CartId     TEXT    NOT NULL REFERENCES Carts (Id) ON DELETE CASCADE,
    ProductId  TEXT    NOT NULL REFERENCES Products (Id),
    Quantity   INTEGER NOT NULL,
    AddedUtc   TEXT    NOT NULL,
    PRIMARY KEY (CartId, ProductId)
);

CREATE TABLE StandingLists (
    Id               TEXT NOT NULL PRIMARY KEY,
    AccountId        TEXT NOT NULL REFERENCES CustomerAccounts (Id),
    Name             TEXT NOT NULL,
    CreatedByUserId  TEXT NOT NULL REFERENCES Users (Id),
    CreatedUtc       TEXT NOT NULL
);
CREATE UNIQUE INDEX UX_StandingLists_Account_Name ON StandingLists (AccountId, Name);

CREATE TABLE StandingListLines (
    ListId     TEXT    NOT NULL REFERENCES StandingLists (Id) ON DELETE CASCADE,
    ProductId  TEXT    NOT NULL REFERENCES Products (Id),
    Quantity   INTEGER NOT NULL,
    PRIMARY KEY (ListId, ProductId)
);

CREATE TABLE Orders (
    Id                     TEXT    NOT NULL PRIMARY KEY,
    AccountId              TEXT    NOT NULL REFERENCES CustomerAccounts (Id),
    Number                 TEXT    NOT NULL,
    SiteId                 TEXT    NOT NULL REFERENCES Sites (Id),
    PlacedByUserId         TEXT    NOT NULL REFERENCES Users (Id),
    Status                 TEXT    NOT NULL,
    PoNumber               TEXT    NULL,
    RequestedDeliveryDate  TEXT    NOT NULL,
    Notes                  TEXT    NULL,
    Total                  TEXT    NOT NULL,
    LineCount              INTEGER NOT NULL,
    IdempotencyKey         TEXT    NOT NULL,
    CreatedUtc             TEXT    NOT NULL,
    DecidedByUserId        TEXT    NULL REFERENCES Users (Id),
    DecidedUtc             TEXT    NULL,
    DecisionReason         TEXT    NULL,
    Version                INTEGER NOT NULL DEFAULT 1
);
CREATE UNIQUE INDEX UX_Orders_Number ON Orders (Number);
CREATE UNIQUE INDEX UX_Orders_Account_Idempotency ON Orders (AccountId, IdempotencyKey);
CREATE INDEX IX_Orders_Account_Created ON Orders (AccountId, CreatedUtc);
CREATE INDEX IX_Orders_Account_Status ON Orders (AccountId, Status);

CREATE TABLE OrderLines (
    OrderId    TEXT    NOT NULL REFERENCES Orders (Id) ON DELETE CASCADE,
    LineNumber     INTEGER NOT NULL,
    ProductId  TEXT    NOT NULL REFERENCES Products (Id),
    Sku        TEXT    NOT NULL,
    Name       TEXT    NOT NULL,
    Unit       TEXT    NOT NULL,
    Quantity   INTEGER NOT NULL,
    UnitPrice  TEXT    NOT NULL,
    LineTotal  TEXT    NOT NULL,
    PRIMARY KEY (OrderId, LineNumber)
);
CREATE INDEX IX_OrderLines_Sku ON OrderLines (Sku, OrderId);

CREATE TABLE OrderEvents (
    Id        TEXT NOT NULL PRIMARY KEY,
    OrderId   TEXT NOT NULL REFERENCES Orders (Id) ON DELETE CASCADE,
    AtUtc     TEXT NOT NULL,
    Status    TEXT NOT NULL,
    UserId    TEXT NULL REFERENCES Users (Id),
    Note      TEXT NULL
);
CREATE INDEX IX_OrderEvents_Order ON OrderEvents (OrderId, AtUtc);
