-- The account manager's workspace: follow-up tasks (made by a person, or by the follow-up job when an account turns
-- silent, when its score falls, and seven days after a complaint is resolved) and the contact log (calls, meetings,
-- e-mails). Supplier staff only: no customer page or API reads these tables.

-- A task made by the job carries its Source and SourceKey (the as-of date of the score that triggered it, or the id of
-- the resolved complaint); the unique index makes a re-run, a retry or two workers at once unable to make a second one.
-- Tasks made by a person have Source 'Manual' and no SourceKey.
CREATE TABLE FollowUpTasks (
    Id                  UNIQUEIDENTIFIER NOT NULL PRIMARY KEY,
    AccountId           UNIQUEIDENTIFIER NOT NULL REFERENCES CustomerAccounts (Id),
    Kind                NVARCHAR(16)     NOT NULL,
    DueDate             DATE             NOT NULL,
    Notes               NVARCHAR(2000)   NOT NULL DEFAULT '',
    AssignedUserId      UNIQUEIDENTIFIER NULL REFERENCES Users (Id),
    Source              NVARCHAR(32)     NOT NULL,
    SourceKey           NVARCHAR(64)     NULL,
    TicketId            UNIQUEIDENTIFIER NULL REFERENCES Tickets (Id),
    CreatedByUserId     UNIQUEIDENTIFIER NULL REFERENCES Users (Id),
    CreatedUtc          DATETIME2(7)     NOT NULL,
    CompletedUtc        DATETIME2(7)     NULL,
    CompletedByUserId   UNIQUEIDENTIFIER NULL REFERENCES Users (Id),
    Outcome             NVARCHAR(2000)   NULL,
    Version             INT              NOT NULL DEFAULT 1
);
CREATE UNIQUE INDEX UX_FollowUpTasks_Source ON FollowUpTasks (AccountId, Source, SourceKey) WHERE SourceKey IS NOT NULL;
CREATE INDEX IX_FollowUpTasks_Account_Open ON FollowUpTasks (AccountId, CompletedUtc, DueDate);
CREATE INDEX IX_FollowUpTasks_Assigned_Open ON FollowUpTasks (AssignedUserId, CompletedUtc, DueDate);

-- Contacts with the customer as the account manager or a supplier admin logged them. A logged contact ends contact
-- silence (the health score reads the last one as of its date) but not ordering silence.
CREATE TABLE AccountContacts (
    Id              UNIQUEIDENTIFIER NOT NULL PRIMARY KEY,
    AccountId       UNIQUEIDENTIFIER NOT NULL REFERENCES CustomerAccounts (Id),
    Kind            NVARCHAR(16)     NOT NULL,
    ContactedUtc    DATETIME2(7)     NOT NULL,
    WithWhom        NVARCHAR(200)    NOT NULL,
    Notes           NVARCHAR(2000)   NOT NULL DEFAULT '',
    LoggedByUserId  UNIQUEIDENTIFIER NOT NULL REFERENCES Users (Id),
    LoggedUtc       DATETIME2(7)     NOT NULL
);
CREATE INDEX IX_AccountContacts_Account_When ON AccountContacts (AccountId, ContactedUtc);
