-- API keys for the integration API: per customer account, or (AccountId null) for the supplier's own systems.
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
