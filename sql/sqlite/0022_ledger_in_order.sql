-- The nightly reliability refresh reads the whole ledger (order lines, promises, delivery lines) in order id order and
-- merges the three streams order by order. Order lines and delivery lines are kept in their key's order (WITHOUT ROWID:
-- the table is the key's b-tree, as SQL Server's clustered primary key keeps them), so those reads run front to back
-- instead of looking every row up from an index; placing an order also writes one b-tree less per line. Nothing refers
-- to either table's rows by rowid. (The promises' index by order stays as it is: promises made in the same instant are
-- told apart by the order they were written in, which is that index's order after AtUtc.)

CREATE TABLE OrderLines_InOrder (
    OrderId    TEXT    NOT NULL REFERENCES Orders (Id) ON DELETE CASCADE,
    LineNumber INTEGER NOT NULL,
    ProductId  TEXT    NOT NULL REFERENCES Products (Id),
    Sku        TEXT    NOT NULL,
    Name       TEXT    NOT NULL,
    Unit       TEXT    NOT NULL,
    Quantity   INTEGER NOT NULL,
    UnitPrice  TEXT    NOT NULL,
    LineTotal  TEXT    NOT NULL,
    PRIMARY KEY (OrderId, LineNumber)
) WITHOUT ROWID;
INSERT INTO OrderLines_InOrder (OrderId, LineNumber, ProductId, Sku, Name, Unit, Quantity, UnitPrice, LineTotal)
SELECT OrderId, LineNumber, ProductId, Sku, Name, Unit, Quantity, UnitPrice, LineTotal FROM OrderLines ORDER BY OrderId, LineNumber;
DROP TABLE OrderLines;
ALTER TABLE OrderLines_InOrder RENAME TO OrderLines;
CREATE INDEX IX_OrderLines_Sku ON OrderLines (Sku, OrderId);

CREATE TABLE DeliveryLines_InOrder (
    DeliveryId  TEXT    NOT NULL REFERENCES Deliveries (Id) ON DELETE CASCADE,
    LineNumber  INTEGER NOT NULL,
    Quantity    INTEGER NOT NULL,
    PRIMARY KEY (DeliveryId, LineNumber)
) WITHOUT ROWID;
INSERT INTO DeliveryLines_InOrder (DeliveryId, LineNumber, Quantity)
SELECT DeliveryId, LineNumber, Quantity FROM DeliveryLines ORDER BY DeliveryId, LineNumber;
DROP TABLE DeliveryLines;
ALTER TABLE DeliveryLines_InOrder RENAME TO DeliveryLines;
