-- The nightly reliability refresh reads the whole ledger (order lines, promises, delivery lines) in order id order and
-- merges the three streams order by order. Order lines and delivery lines are already kept in their key's order here
-- (clustered primary keys; the SQLite script rebuilds them WITHOUT ROWID to match); the promises' index by order
-- carries every column the refresh reads (INCLUDE: the key, and so the order of the rows, is as before).

DROP INDEX IX_Promises_Order ON Promises;
CREATE INDEX IX_Promises_Order ON Promises (OrderId, LineNumber, AtUtc) INCLUDE (PromisedDate, Quantity, Kind, ReasonCode);
