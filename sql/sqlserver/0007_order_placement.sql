-- One order-placement core: an idempotency key belongs to whoever sent it (a user's form, an API key, a schedule), the
-- request it came with is remembered (a key reused with another request is refused), and every order says where it
-- came from. Keys and scopes compare byte for byte (binary collation, as the key since 0006), as they do on SQLite.

DROP INDEX UX_Orders_Account_Idempotency ON Orders;
ALTER TABLE Orders ADD IdempotencyScope NVARCHAR(100) COLLATE Latin1_General_100_BIN2 NOT NULL CONSTRAINT DF_Orders_IdempotencyScope DEFAULT '';
ALTER TABLE Orders ADD RequestHash NVARCHAR(64) NULL;
ALTER TABLE Orders ADD Source NVARCHAR(16) NOT NULL CONSTRAINT DF_Orders_Source DEFAULT 'Portal';
GO

CREATE UNIQUE INDEX UX_Orders_Account_Idempotency ON Orders (AccountId, IdempotencyScope, IdempotencyKey);
