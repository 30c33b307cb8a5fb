-- What SQLite hides and SQL Server does not: unique keys that concurrent writers rely on, explicit collations so both
-- databases compare text the same way, indexes for the supplier's desk queue and deliveries, and the uploads that a
-- catalog import preview keeps until they are applied.

-- A contract price is one row per account, product, quantity break and start date; duplicates made the charged price
-- depend on row order. Keep the lowest price of any duplicates (the customer was quoted it), then make the key unique.
DELETE FROM ContractPrices WHERE Id IN (
    SELECT Id FROM (
        SELECT Id, ROW_NUMBER() OVER (PARTITION BY AccountId, ProductId, MinQuantity, ValidFrom ORDER BY CAST(UnitPrice AS REAL), Id) AS n
        FROM ContractPrices)
    WHERE n > 1);
DROP INDEX IX_ContractPrices_Account_Product;
CREATE UNIQUE INDEX UX_ContractPrices_Key ON ContractPrices (AccountId, ProductId, MinQuantity, ValidFrom);

-- Secrets and keys (idempotency keys, API key and invitation token hashes) already compare byte for byte in SQLite
-- (BINARY collation), as they now do on SQL Server.

-- Names people type compare case-insensitively, as on SQL Server's usual collation.
DROP INDEX UX_Categories_Name;
CREATE UNIQUE INDEX UX_Categories_Name ON Categories (Name COLLATE NOCASE);
DROP INDEX UX_CustomerAccounts_Name;
CREATE UNIQUE INDEX UX_CustomerAccounts_Name ON CustomerAccounts (Name COLLATE NOCASE);
DROP INDEX UX_StandingLists_Account_Name;
CREATE UNIQUE INDEX UX_StandingLists_Account_Name ON StandingLists (AccountId, Name COLLATE NOCASE);

-- The desk queue pages all orders by age, or one status by age; deliveries are read per order.
CREATE INDEX IX_Orders_Created ON Orders (CreatedUtc, Number);
CREATE INDEX IX_Orders_Status_Created ON Orders (Status, CreatedUtc, Number);
CREATE INDEX IX_Deliveries_Order ON Deliveries (OrderId);

-- A previewed import file, kept in the database (so any node of a farm can apply it) until it is applied or a day old.
CREATE TABLE ImportUploads (
    Id               TEXT NOT NULL PRIMARY KEY,
    Kind             TEXT NOT NULL,
    FileName         TEXT NULL,
    Content          TEXT NOT NULL,
    CreatedByUserId  TEXT NULL REFERENCES Users (Id),
    CreatedUtc       TEXT NOT NULL
);
CREATE INDEX IX_ImportUploads_Created ON ImportUploads (CreatedUtc);
