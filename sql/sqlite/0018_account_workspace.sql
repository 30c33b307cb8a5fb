-- The account manager's workspace: follow-up tasks (made by a person, or by the follow-up job when an account turns
-- silent, when its score falls, and seven days after a complaint is resolved) and the contact log (calls, meetings,
-- e-mails). Supplier staff only: no customer page or API reads these tables.

-- A task made by the job carries its Source and SourceKey (the as-of date of the score that triggered it, or the id of
-- the resolved complaint); the unique index makes a re-run, a retry or two workers at once unable to make a second one.
-- Tasks made by a person have Source 'Manual' and no SourceKey.
CREATE TABLE FollowUpTasks (
    Id                  TEXT    NOT NULL PRIMARY KEY,
    AccountId           TEXT    NOT NULL REFERENCES CustomerAccounts (Id),
    Kind                TEXT    NOT NULL,
    DueDate             TEXT    NOT NULL,
    Notes               TEXT    NOT NULL DEFAULT '',
    AssignedUserId      TEXT    NULL REFERENCES Users (Id),
    Source              TEXT    NOT NULL,
    SourceKey           TEXT    NULL,
    TicketId            TEXT    NULL REFERENCES Tickets (Id),
    CreatedByUserId     TEXT    NULL REFERENCES Users (Id),
    CreatedUtc          TEXT    NOT NULL,
    CompletedUtc        TEXT    NULL,
    CompletedByUserId   TEXT    NULL REFERENCES Users (Id),
    Outcome             TEXT    NULL,
    Version             INTEGER NOT NULL DEFAULT 1
);
CREATE UNIQUE INDEX UX_FollowUpTasks_Source ON FollowUpTasks (AccountId, Source, SourceKey) WHERE SourceKey IS NOT NULL;
CREATE INDEX IX_FollowUpTasks_Account_Open ON FollowUpTasks (AccountId, CompletedUtc, DueDate);
CREATE INDEX IX_FollowUpTasks_Assigned_Open ON FollowUpTasks (AssignedUserId, CompletedUtc, DueDate);

-- Contacts with the customer as the account manager or a supplier admin logged them. A logged contact ends contact
-- silence (the health score reads the last one as of its date) but not ordering silence.
CREATE TABLE AccountContacts (
    Id              TEXT    NOT NULL PRIMARY KEY,
    AccountId       TEXT    NOT NULL REFERENCES CustomerAccounts (Id),
    Kind            TEXT    NOT NULL,
    ContactedUtc    TEXT    NOT NULL,
    WithWhom        TEXT    NOT NULL,
    Notes           TEXT    NOT NULL DEFAULT '',
    LoggedByUserId  TEXT    NOT NULL REFERENCES Users (Id),
    LoggedUtc       TEXT    NOT NULL
);
CREATE INDEX IX_AccountContacts_Account_When ON AccountContacts (AccountId, ContactedUtc);
