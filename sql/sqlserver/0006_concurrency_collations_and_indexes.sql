-- What SQLite hides and SQL Server does not: unique keys that concurrent writers rely on, explicit collations so both
-- databases compare text the same way, indexes for the supplier's desk queue and deliveries, and the uploads that a
-- catalog import preview keeps until they are applied.

-- A contract price is one row per account, product, quantity break and start date; duplicates made the charged price
-- depend on row order. Keep the lowest price of any duplicates (the customer was quoted it), then make the key unique.
WITH ranked AS (
    SELECT Id, ROW_NUMBER() OVER (PARTITION BY AccountId, ProductId, MinQuantity, ValidFrom ORDER BY UnitPrice, Id) AS n
    FROM ContractPrices
)
DELETE FROM ranked WHERE n > 1;
DROP INDEX IX_ContractPrices_Account_Product ON ContractPrices;
CREATE UNIQUE INDEX UX_ContractPrices_Key ON ContractPrices (AccountId, ProductId, MinQuantity, ValidFrom);

-- Secrets and keys compare byte for byte (case-sensitive), whatever the database's default collation is.
DROP INDEX UX_Orders_Account_Idempotency ON Orders;
ALTER TABLE Orders ALTER COLUMN IdempotencyKey NVARCHAR(100) COLLATE Latin1_General_100_BIN2 NOT NULL;
CREATE UNIQUE INDEX UX_Orders_Account_Idempotency ON Orders (AccountId, IdempotencyKey);

DROP INDEX UX_ApiKeys_KeyHash ON ApiKeys;
ALTER TABLE ApiKeys ALTER COLUMN KeyHash VARCHAR(64) COLLATE Latin1_General_100_BIN2 NOT NULL;
CREATE UNIQUE INDEX UX_ApiKeys_KeyHash ON ApiKeys (KeyHash);

DROP INDEX UX_Invitations_TokenHash ON Invitations;
ALTER TABLE Invitations ALTER COLUMN TokenHash VARCHAR(128) COLLATE Latin1_General_100_BIN2 NOT NULL;
CREATE UNIQUE INDEX UX_Invitations_TokenHash ON Invitations (TokenHash);

-- Names people type compare case-insensitively (SQLite: COLLATE NOCASE), whatever the database's default collation is.
DROP INDEX UX_Categories_Name ON Categories;
ALTER TABLE Categories ALTER COLUMN Name NVARCHAR(256) COLLATE Latin1_General_100_CI_AS NOT NULL;
CREATE UNIQUE INDEX UX_Categories_Name ON Categories (Name);

DROP INDEX UX_CustomerAccounts_Name ON CustomerAccounts;
ALTER TABLE CustomerAccounts ALTER COLUMN Name NVARCHAR(256) COLLATE Latin1_General_100_CI_AS NOT NULL;
CREATE UNIQUE INDEX UX_CustomerAccounts_Name ON CustomerAccounts (Name);

DROP INDEX UX_StandingLists_Account_Name ON StandingLists;
ALTER TABLE StandingLists ALTER COLUMN Name NVARCHAR(256) COLLATE Latin1_General_100_CI_AS NOT NULL;
CREATE UNIQUE INDEX UX_StandingLists_Account_Name ON StandingLists (AccountId, Name);

-- The desk queue pages all orders by age, or one status by age; deliveries are read per order.
CREATE INDEX IX_Orders_Created ON Orders (CreatedUtc, Number);
CREATE INDEX IX_Orders_Status_Created ON Orders (Status, CreatedUtc, Number);
CREATE INDEX IX_Deliveries_Order ON Deliveries (OrderId);

-- A previewed import file, kept in the database (so any node of a farm can apply it) until it is applied or a day old.
CREATE TABLE ImportUploads (
    Id               UNIQUEIDENTIFIER NOT NULL PRIMARY KEY,
    Kind             NVARCHAR(16)     NOT NULL,
    FileName         NVARCHAR(256)    NULL,
    Content          NVARCHAR(MAX)    NOT NULL,
    CreatedByUserId  UNIQUEIDENTIFIER NULL REFERENCES Users (Id),
    CreatedUtc       DATETIME2(7)     NOT NULL
);
CREATE INDEX IX_ImportUploads_Created ON ImportUploads (CreatedUtc);
