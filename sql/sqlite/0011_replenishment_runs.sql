-- What each replenishment run did, for the supplier admins' page: runs that placed, missed or failed something (a run
-- that found nothing to do is not stored, or there would be a row a minute forever), the problems of each run (schedule
-- or stock rule, account, why), and one heartbeat row per host with its last run, so the page can say the job is alive.

CREATE TABLE ReplenishmentRuns (
    Id           TEXT    NOT NULL PRIMARY KEY,
    StartedUtc   TEXT    NOT NULL,
    FinishedUtc  TEXT    NOT NULL,
    Host         TEXT    NOT NULL,
    Placed       INTEGER NOT NULL,
    Skipped      INTEGER NOT NULL,
    Missed       INTEGER NOT NULL,
    Failed       INTEGER NOT NULL,
    Reminders    INTEGER NOT NULL
);
CREATE INDEX IX_ReplenishmentRuns_Started ON ReplenishmentRuns (StartedUtc);
CREATE INDEX IX_ReplenishmentRuns_Failed ON ReplenishmentRuns (Failed, StartedUtc);

CREATE TABLE ReplenishmentRunProblems (
    Id           TEXT    NOT NULL PRIMARY KEY,
    RunId        TEXT    NOT NULL REFERENCES ReplenishmentRuns (Id) ON DELETE CASCADE,
    Kind         TEXT    NOT NULL,
    AccountId    TEXT    NULL REFERENCES CustomerAccounts (Id),
    AccountName  TEXT    NOT NULL,
    Subject      TEXT    NOT NULL,
    SubjectId    TEXT    NULL,
    Reason       TEXT    NOT NULL
);
CREATE INDEX IX_ReplenishmentRunProblems_Run ON ReplenishmentRunProblems (RunId);

CREATE TABLE ReplenishmentHeartbeats (
    Host         TEXT    NOT NULL PRIMARY KEY,
    StartedUtc   TEXT    NOT NULL,
    FinishedUtc  TEXT    NOT NULL
);
