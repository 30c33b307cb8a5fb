-- Automatic reordering: reorder schedules (a cron expression in the account's zone, owned by a user whose rights apply),
-- their lines, and one row per occurrence. The occurrence row is inserted (claimed) before its order is placed; its
-- unique key (ScheduleId, OccurrenceUtc) is what makes a retry, a crash or two workers unable to place a second order.

CREATE TABLE ReorderSchedules (
    Id                     TEXT    NOT NULL PRIMARY KEY,
    AccountId              TEXT    NOT NULL REFERENCES CustomerAccounts (Id),
    SiteId                 TEXT    NOT NULL REFERENCES Sites (Id),
    OwnerUserId            TEXT    NOT NULL REFERENCES Users (Id),
    Name                   TEXT    NOT NULL,
    Cron                   TEXT    NOT NULL,
    TimeZone               TEXT    NOT NULL,
    IntervalWeeks          INTEGER NOT NULL DEFAULT 1,
    StartDate              TEXT    NOT NULL,
    EndDate                TEXT    NULL,
    LeadNoticeHours        INTEGER NOT NULL DEFAULT 24,
    DeliveryBusinessDays   INTEGER NULL,
    PoNumber               TEXT    NULL,
    Status                 TEXT    NOT NULL,
    StatusReason           TEXT    NULL,
    NextRunUtc             TEXT    NULL,
    ReminderDueUtc         TEXT    NULL,
    ReminderSentForUtc     TEXT    NULL,
    CreatedUtc             TEXT    NOT NULL,
    UpdatedUtc             TEXT    NOT NULL,
    Version                INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX IX_ReorderSchedules_Account ON ReorderSchedules (AccountId, Name);
CREATE INDEX IX_ReorderSchedules_Due ON ReorderSchedules (Status, NextRunUtc);
CREATE INDEX IX_ReorderSchedules_Reminder ON ReorderSchedules (Status, ReminderDueUtc);

CREATE TABLE ReorderScheduleLines (
    ScheduleId  TEXT    NOT NULL REFERENCES ReorderSchedules (Id) ON DELETE CASCADE,
    ProductId   TEXT    NOT NULL REFERENCES Products (Id),
    Quantity    INTEGER NOT NULL,
    PRIMARY KEY (ScheduleId, ProductId)
);

CREATE TABLE ReorderOccurrences (
    Id              TEXT    NOT NULL PRIMARY KEY,
    ScheduleId      TEXT    NOT NULL REFERENCES ReorderSchedules (Id) ON DELETE CASCADE,
    AccountId       TEXT    NOT NULL REFERENCES CustomerAccounts (Id),
    OccurrenceUtc   TEXT    NOT NULL,
    Outcome         TEXT    NOT NULL,
    OrderId         TEXT    NULL REFERENCES Orders (Id),
    OrderNumber     TEXT    NULL,
    Reason          TEXT    NULL,
    ClaimedUntilUtc TEXT    NULL,
    RecordedUtc     TEXT    NOT NULL
);
CREATE UNIQUE INDEX UX_ReorderOccurrences_Schedule_Occurrence ON ReorderOccurrences (ScheduleId, OccurrenceUtc);
CREATE INDEX IX_ReorderOccurrences_Order ON ReorderOccurrences (OrderId);
