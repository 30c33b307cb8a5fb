-- API keys for the integration API, and the account manager of each customer account.
-- Only a hash of the key is stored; the key itself is shown once when it is made.

CREATE TABLE ApiKeys (
    Id               TEXT NOT NULL PRIMARY KEY,
    AccountId        TEXT NULL REFERENCES CustomerAccounts (Id),
    Name             TEXT NOT NULL,
    Prefix           TEXT NOT NULL,
    KeyHash          TEXT NOT NULL,
    CreatedByUserId  TEXT NULL REFERENCES Users (Id),
    CreatedUtc       TEXT NOT NULL,
    RevokedUtc       TEXT NULL
);
CREATE UNIQUE INDEX UX_ApiKeys_KeyHash ON ApiKeys (KeyHash);
CREATE INDEX IX_ApiKeys_Account ON ApiKeys (AccountId);

-- the supplier's account manager for each customer account
ALTER TABLE CustomerAccounts ADD COLUMN AccountManagerUserId TEXT NULL REFERENCES Users (Id);
