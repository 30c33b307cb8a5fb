-- One order-placement core: an idempotency key belongs to whoever sent it (a user's form, an API key, a schedule), the
-- request it came with is remembered (a key reused with another request is refused), and every order says where it
-- came from. SQLite compares text byte for byte, so keys are case-sensitive here as on SQL Server (binary collation).

ALTER TABLE Orders ADD COLUMN IdempotencyScope TEXT NOT NULL DEFAULT '';
ALTER TABLE Orders ADD COLUMN RequestHash TEXT NULL;
ALTER TABLE Orders ADD COLUMN Source TEXT NOT NULL DEFAULT 'Portal';

DROP INDEX UX_Orders_Account_Idempotency;
CREATE UNIQUE INDEX UX_Orders_Account_Idempotency ON Orders (AccountId, IdempotencyScope, IdempotencyKey);
