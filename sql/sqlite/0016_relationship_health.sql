-- Relationship health, kept per account and as-of date so each account has a trend: a score from 0 to 100 (higher is
-- healthier), the risk that the account has stopped buying (0 to 1, higher is worse), whether it has gone silent against
-- its own rhythm, and the reasons in plain words (one per line).

CREATE TABLE AccountHealthScores (
    AccountId    TEXT    NOT NULL REFERENCES CustomerAccounts (Id),
    AsOfDate     TEXT    NOT NULL,
    Score        INTEGER NOT NULL CHECK (Score BETWEEN 0 AND 100),
    Risk         REAL    NOT NULL,
    Silent       INTEGER NOT NULL DEFAULT 0,
    Reasons      TEXT    NOT NULL,
    ComputedUtc  TEXT    NOT NULL,
    PRIMARY KEY (AccountId, AsOfDate)
);
CREATE INDEX IX_AccountHealthScores_AsOf_Risk ON AccountHealthScores (AsOfDate, Risk);
