-- API keys for the integration API, and the account manager of each customer account.
-- Only a hash of the key is stored; the key itself is shown once when it is made.

CREATE TABLE ApiKeys (
    Id               UNIQUEIDENTIFIER NOT NULL PRIMARY KEY,
    AccountId        UNIQUEIDENTIFIER NULL REFERENCES CustomerAccounts (Id),
    Name             NVARCHAR(100) NOT NULL,
    Prefix           NVARCHAR(16) NOT NULL,
    KeyHash          VARCHAR(64) NOT NULL,
    CreatedByUserId  UNIQUEIDENTIFIER NULL REFERENCES Users (Id),
    CreatedUtc       DATETIME2(7) NOT NULL,
    RevokedUtc       DATETIME2(7) NULL
);
CREATE UNIQUE INDEX UX_ApiKeys_KeyHash ON ApiKeys (KeyHash);
CREATE INDEX IX_ApiKeys_Account ON ApiKeys (AccountId);

-- the supplier's account manager for each customer account
ALTER TABLE CustomerAccounts ADD AccountManagerUserId UNIQUEIDENTIFIER NULL REFERENCES Users (Id);
