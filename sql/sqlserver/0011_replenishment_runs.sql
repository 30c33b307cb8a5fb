-- What each replenishment run did, for the supplier admins' page: runs that placed, missed or failed something (a run
-- that found nothing to do is not stored, or there would be a row a minute forever), the problems of each run (schedule
-- or stock rule, account, why), and one heartbeat row per host with its last run, so the page can say the job is alive.

CREATE TABLE ReplenishmentRuns (
    Id           UNIQUEIDENTIFIER NOT NULL PRIMARY KEY,
    StartedUtc   DATETIME2(7)     NOT NULL,
    FinishedUtc  DATETIME2(7)     NOT NULL,
    Host         NVARCHAR(200)    NOT NULL,
    Placed       INT              NOT NULL,
    Skipped      INT              NOT NULL,
    Missed       INT              NOT NULL,
    Failed       INT              NOT NULL,
    Reminders    INT              NOT NULL
);
CREATE INDEX IX_ReplenishmentRuns_Started ON ReplenishmentRuns (StartedUtc);
CREATE INDEX IX_ReplenishmentRuns_Failed ON ReplenishmentRuns (Failed, StartedUtc);

CREATE TABLE ReplenishmentRunProblems (
    Id           UNIQUEIDENTIFIER NOT NULL PRIMARY KEY,
    RunId        UNIQUEIDENTIFIER NOT NULL REFERENCES ReplenishmentRuns (Id) ON DELETE CASCADE,
    Kind         NVARCHAR(16)     NOT NULL,
    AccountId    UNIQUEIDENTIFIER NULL REFERENCES CustomerAccounts (Id),
    AccountName  NVARCHAR(200)    NOT NULL,
    Subject      NVARCHAR(200)    NOT NULL,
    SubjectId    UNIQUEIDENTIFIER NULL,
    Reason       NVARCHAR(1000)   NOT NULL
);
CREATE INDEX IX_ReplenishmentRunProblems_Run ON ReplenishmentRunProblems (RunId);

CREATE TABLE ReplenishmentHeartbeats (
    Host         NVARCHAR(200)    NOT NULL PRIMARY KEY,
    StartedUtc   DATETIME2(7)     NOT NULL,
    FinishedUtc  DATETIME2(7)     NOT NULL
);
