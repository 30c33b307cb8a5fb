-- Automatic reordering: reorder schedules (a cron expression in the account's zone, owned by a user whose rights apply),
-- their lines, and one row per occurrence. The occurrence row is inserted (claimed) before its order is placed; its
-- unique key (ScheduleId, OccurrenceUtc) is what makes a retry, a crash or two workers unable to place a second order.

CREATE TABLE ReorderSchedules (
    Id                     UNIQUEIDENTIFIER NOT NULL PRIMARY KEY,
    AccountId              UNIQUEIDENTIFIER NOT NULL REFERENCES CustomerAccounts (Id),
    SiteId                 UNIQUEIDENTIFIER NOT NULL REFERENCES Sites (Id),
    OwnerUserId            UNIQUEIDENTIFIER NOT NULL REFERENCES Users (Id),
    Name                   NVARCHAR(100)    NOT NULL,
    Cron                   NVARCHAR(100)    NOT NULL,
    TimeZone               NVARCHAR(100)    NOT NULL,
    IntervalWeeks          INT              NOT NULL DEFAULT 1,
    StartDate              DATE             NOT NULL,
    EndDate                DATE             NULL,
    LeadNoticeHours        INT              NOT NULL DEFAULT 24,
    DeliveryBusinessDays   INT              NULL,
    PoNumber               NVARCHAR(50)     NULL,
    Status                 NVARCHAR(16)     NOT NULL,
    StatusReason           NVARCHAR(500)    NULL,
    NextRunUtc             DATETIME2(7)     NULL,
    ReminderDueUtc         DATETIME2(7)     NULL,
    ReminderSentForUtc     DATETIME2(7)     NULL,
    CreatedUtc             DATETIME2(7)     NOT NULL,
    UpdatedUtc             DATETIME2(7)     NOT NULL,
    Version                INT              NOT NULL DEFAULT 1
);
CREATE INDEX IX_ReorderSchedules_Account ON ReorderSchedules (AccountId, Name);
CREATE INDEX IX_ReorderSchedules_Due ON ReorderSchedules (Status, NextRunUtc);
CREATE INDEX IX_ReorderSchedules_Reminder ON ReorderSchedules (Status, ReminderDueUtc);

CREATE TABLE ReorderScheduleLines (
    ScheduleId  UNIQUEIDENTIFIER NOT NULL REFERENCES ReorderSchedules (Id) ON DELETE CASCADE,
    ProductId   UNIQUEIDENTIFIER NOT NULL REFERENCES Products (Id),
    Quantity    INT              NOT NULL,
    PRIMARY KEY (ScheduleId, ProductId)
);

CREATE TABLE ReorderOccurrences (
    Id              UNIQUEIDENTIFIER NOT NULL PRIMARY KEY,
    ScheduleId      UNIQUEIDENTIFIER NOT NULL REFERENCES ReorderSchedules (Id) ON DELETE CASCADE,
    AccountId       UNIQUEIDENTIFIER NOT NULL REFERENCES CustomerAccounts (Id),
    OccurrenceUtc   DATETIME2(7)     NOT NULL,
    Outcome         NVARCHAR(16)     NOT NULL,
    OrderId         UNIQUEIDENTIFIER NULL REFERENCES Orders (Id),
    OrderNumber     NVARCHAR(64)     NULL,
    Reason          NVARCHAR(1000)   NULL,
    ClaimedUntilUtc DATETIME2(7)     NULL,
    RecordedUtc     DATETIME2(7)     NOT NULL
);
CREATE UNIQUE INDEX UX_ReorderOccurrences_Schedule_Occurrence ON ReorderOccurrences (ScheduleId, OccurrenceUtc);
CREATE INDEX IX_ReorderOccurrences_Order ON ReorderOccurrences (OrderId);
