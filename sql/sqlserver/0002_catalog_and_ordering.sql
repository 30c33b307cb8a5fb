-- Catalog (categories, products, contract prices) and ordering (carts, standing lists,
-- orders with their lines and status history). Money and quantities of money are exact decimals (decimal(19,4) here, TEXT in SQLite).

ALTER TABLE CustomerAccounts ADD CreditLimit DECIMAL(19,4) NULL;
ALTER TABLE CustomerAccounts ADD RequirePoNumber BIT NOT NULL DEFAULT 0;
ALTER TABLE Users ADD ApprovalLimit DECIMAL(19,4) NULL;

CREATE TABLE Categories (
    Id         UNIQUEIDENTIFIER    NOT NULL PRIMARY KEY,
    Name       NVARCHAR(256)    NOT NULL,
    SortOrder  INT NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX UX_Categories_Name ON Categories (Name);

CREATE TABLE Products (
    Id            UNIQUEIDENTIFIER    NOT NULL PRIMARY KEY,
    Sku           NVARCHAR(64)    NOT NULL,
    Name          NVARCHAR(256)    NOT NULL,
    Description   NVARCHAR(2000)    NOT NULL,
    CategoryId    UNIQUEIDENTIFIER    NOT NULL REFERENCES Categories (Id),
    Unit          NVARCHAR(64)    NOT NULL,
    PackSize      INT NOT NULL DEFAULT 1,
    MinQuantity   INT NOT NULL DEFAULT 1,
    LeadTimeDays  INT NOT NULL DEFAULT 1,
    ListPrice     DECIMAL(19,4)    NOT NULL,
    IsActive      BIT NOT NULL DEFAULT 1
);
CREATE UNIQUE INDEX UX_Products_Sku ON Products (Sku);
CREATE INDEX IX_Products_Category_Name ON Products (CategoryId, Name);
CREATE INDEX IX_Products_Name ON Products (Name, Sku);

CREATE TABLE ContractPrices (
    Id           UNIQUEIDENTIFIER    NOT NULL PRIMARY KEY,
    AccountId    UNIQUEIDENTIFIER    NOT NULL REFERENCES CustomerAccounts (Id),
    ProductId    UNIQUEIDENTIFIER    NOT NULL REFERENCES Products (Id),
    MinQuantity  INT NOT NULL DEFAULT 1,
    UnitPrice    DECIMAL(19,4)    NOT NULL,
    ValidFrom    DATE    NOT NULL,
    ValidTo      DATE    NULL
);
CREATE INDEX IX_ContractPrices_Account_Product ON ContractPrices (AccountId, ProductId);

CREATE TABLE Counters (
    Name   NVARCHAR(256)    NOT NULL PRIMARY KEY,
    Value  BIGINT NOT NULL
);
INSERT INTO Counters (Name, Value) VALUES ('order-number', 100000);
-- bumped with every catalog change: each portal node rebuilds its in-memory search index when it moves
INSERT INTO Counters (Name, Value) VALUES ('catalog-version', 1);

CREATE TABLE Carts (
    Id          UNIQUEIDENTIFIER    NOT NULL PRIMARY KEY,
    AccountId   UNIQUEIDENTIFIER    NOT NULL REFERENCES CustomerAccounts (Id),
    UserId      UNIQUEIDENTIFIER    NOT NULL REFERENCES Users (Id),
    SiteId      UNIQUEIDENTIFIER    NOT NULL REFERENCES Sites (Id),
    Version     INT NOT NULL DEFAULT 1,
    UpdatedUtc  DATETIME2(7)    NOT NULL
);
CREATE UNIQUE INDEX UX_Carts_User_Site ON Carts (UserId, SiteId);

CREATE TABLE CartLines (
    CartId     UNIQUEIDENTIFIER    NOT NULL REFERENCES Carts (Id) ON DELETE CASCADE,
    ProductId  UNIQUEIDENTIFIER    NOT NULL REFERENCES Products (Id),
    Quantity   INT NOT NULL,
    AddedUtc   DATETIME2(7)    NOT NULL,
    PRIMARY KEY (CartId, ProductId)
);

CREATE TABLE StandingLists (
    Id               UNIQUEIDENTIFIER NOT NULL PRIMARY KEY,
    AccountId        UNIQUEIDENTIFIER NOT NULL REFERENCES CustomerAccounts (Id),
    Name             NVARCHAR(256) NOT NULL,
    CreatedByUserId  UNIQUEIDENTIFIER NOT NULL REFERENCES Users (Id),
    CreatedUtc       DATETIME2(7) NOT NULL
);
CREATE UNIQUE INDEX UX_StandingLists_Account_Name ON StandingLists (AccountId, Name);

CREATE TABLE StandingListLines (
    ListId     UNIQUEIDENTIFIER    NOT NULL REFERENCES StandingLists (Id) ON DELETE CASCADE,
    ProductId  UNIQUEIDENTIFIER    NOT NULL REFERENCES Products (Id),
    Quantity   INT NOT NULL,
    PRIMARY KEY (ListId, ProductId)
);

CREATE TABLE Orders (
    Id                     UNIQUEIDENTIFIER    NOT NULL PRIMARY KEY,
    AccountId              UNIQUEIDENTIFIER    NOT NULL REFERENCES CustomerAccounts (Id),
    Number                 NVARCHAR(64)    NOT NULL,
    SiteId                 UNIQUEIDENTIFIER    NOT NULL REFERENCES Sites (Id),
    PlacedByUserId         UNIQUEIDENTIFIER    NOT NULL REFERENCES Users (Id),
    Status                 NVARCHAR(64)    NOT NULL,
    PoNumber               NVARCHAR(64)    NULL,
    RequestedDeliveryDate  DATE    NOT NULL,
    Notes                  NVARCHAR(2000)    NULL,
    Total                  DECIMAL(19,4)    NOT NULL,
    LineCount              INT NOT NULL,
    IdempotencyKey         NVARCHAR(100)    NOT NULL,
    CreatedUtc             DATETIME2(7)    NOT NULL,
    DecidedByUserId        UNIQUEIDENTIFIER    NULL REFERENCES Users (Id),
    DecidedUtc             DATETIME2(7)    NULL,
    DecisionReason         NVARCHAR(2000)    NULL,
    Version                INT NOT NULL DEFAULT 1
);
CREATE UNIQUE INDEX UX_Orders_Number ON Orders (Number);
CREATE UNIQUE INDEX UX_Orders_Account_Idempotency ON Orders (AccountId, IdempotencyKey);
CREATE INDEX IX_Orders_Account_Created ON Orders (AccountId, CreatedUtc);
CREATE INDEX IX_Orders_Account_Status ON Orders (AccountId, Status);

CREATE TABLE OrderLines (
    OrderId    UNIQUEIDENTIFIER    NOT NULL REFERENCES Orders (Id) ON DELETE CASCADE,
    LineNumber     INT NOT NULL,
    ProductId  UNIQUEIDENTIFIER    NOT NULL REFERENCES Products (Id),
    Sku        NVARCHAR(64)    NOT NULL,
    Name       NVARCHAR(256)    NOT NULL,
    Unit       NVARCHAR(64)    NOT NULL,
    Quantity   INT NOT NULL,
    UnitPrice  DECIMAL(19,4)    NOT NULL,
    LineTotal  DECIMAL(19,4)    NOT NULL,
    PRIMARY KEY (OrderId, LineNumber)
);
CREATE INDEX IX_OrderLines_Sku ON OrderLines (Sku, OrderId);

CREATE TABLE OrderEvents (
    Id        UNIQUEIDENTIFIER NOT NULL PRIMARY KEY,
    OrderId   UNIQUEIDENTIFIER NOT NULL REFERENCES Orders (Id) ON DELETE CASCADE,
    AtUtc     DATETIME2(7) NOT NULL,
    Status    NVARCHAR(64) NOT NULL,
    UserId    UNIQUEIDENTIFIER NULL REFERENCES Users (Id),
    Note      NVARCHAR(2000) NULL
);
CREATE INDEX IX_OrderEvents_Order ON OrderEvents (OrderId, AtUtc);
