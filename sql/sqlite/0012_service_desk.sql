-- Service desk foundation: requests (tickets) from the customer's office, their threads, the supplier's calendar of
-- business hours and holidays, SLA policies per priority (optionally per queue), the SLA alerts the escalation job sent
-- (one row per request, target and kind: the unique key is what makes a second run send nothing), and ratings.

CREATE TABLE TicketQueues (
    Id         TEXT    NOT NULL PRIMARY KEY,
    Code       TEXT    NOT NULL,
    Name       TEXT    NOT NULL,
    SortOrder  INTEGER NOT NULL
);
CREATE UNIQUE INDEX UX_TicketQueues_Code ON TicketQueues (Code);
INSERT INTO TicketQueues (Id, Code, Name, SortOrder) VALUES
    ('5e7a1c00-0000-4000-8000-000000000001', 'Deliveries', 'Deliveries and claims', 1),
    ('5e7a1c00-0000-4000-8000-000000000002', 'Quality', 'Quality', 2),
    ('5e7a1c00-0000-4000-8000-000000000003', 'Finance', 'Finance', 3),
    ('5e7a1c00-0000-4000-8000-000000000004', 'General', 'General', 4);

CREATE TABLE Tickets (
    Id                      TEXT    NOT NULL PRIMARY KEY,
    Number                  TEXT    NOT NULL,
    AccountId               TEXT    NOT NULL REFERENCES CustomerAccounts (Id),
    SiteId                  TEXT    NULL REFERENCES Sites (Id),
    OrderId                 TEXT    NULL REFERENCES Orders (Id),
    DeliveryId              TEXT    NULL,
    Kind                    TEXT    NOT NULL,
    ClaimType               TEXT    NULL,
    QueueId                 TEXT    NOT NULL REFERENCES TicketQueues (Id),
    Subject                 TEXT    NOT NULL,
    Status                  TEXT    NOT NULL,
    Priority                TEXT    NOT NULL,
    Impact                  TEXT    NOT NULL,
    RequesterUserId         TEXT    NULL REFERENCES Users (Id),
    AssigneeUserId          TEXT    NULL REFERENCES Users (Id),
    CreatedUtc              TEXT    NOT NULL,
    UpdatedUtc              TEXT    NOT NULL,
    FirstRespondedUtc       TEXT    NULL,
    ResolvedUtc             TEXT    NULL,
    ClosedUtc               TEXT    NULL,
    FirstResponseDueUtc     TEXT    NULL,
    ResolutionDueUtc        TEXT    NULL,
    FirstResponseBreached   INTEGER NOT NULL DEFAULT 0,
    ResolutionBreached      INTEGER NOT NULL DEFAULT 0,
    Version                 INTEGER NOT NULL DEFAULT 1
);
CREATE UNIQUE INDEX UX_Tickets_Number ON Tickets (Number);
CREATE INDEX IX_Tickets_Account_Created ON Tickets (AccountId, CreatedUtc);
CREATE INDEX IX_Tickets_Queue_Status ON Tickets (QueueId, Status, ResolutionDueUtc);
CREATE INDEX IX_Tickets_Assignee_Status ON Tickets (AssigneeUserId, Status);
CREATE INDEX IX_Tickets_Order ON Tickets (OrderId);

-- Order lines a request is about, with the quantity affected.
CREATE TABLE TicketLines (
    TicketId    TEXT    NOT NULL REFERENCES Tickets (Id) ON DELETE CASCADE,
    LineNumber  INTEGER NOT NULL,
    Quantity    INTEGER NOT NULL,
    PRIMARY KEY (TicketId, LineNumber)
);

-- The thread. BodyHtml is stored only after HtmlSanitizer has cleaned it. Internal notes (IsInternal = 1) are the desk's
-- own and never reach a customer page, the API or an e-mail.
CREATE TABLE TicketMessages (
    Id            TEXT    NOT NULL PRIMARY KEY,
    TicketId      TEXT    NOT NULL REFERENCES Tickets (Id) ON DELETE CASCADE,
    AuthorUserId  TEXT    NULL REFERENCES Users (Id),
    AuthorSide    TEXT    NOT NULL,
    IsInternal    INTEGER NOT NULL DEFAULT 0,
    BodyHtml      TEXT    NOT NULL,
    CreatedUtc    TEXT    NOT NULL
);
CREATE INDEX IX_TicketMessages_Ticket ON TicketMessages (TicketId, CreatedUtc);

-- Every status change, in order: the SLA clock stops while a request waits on the customer.
CREATE TABLE TicketStatusChanges (
    Id               TEXT    NOT NULL PRIMARY KEY,
    TicketId         TEXT    NOT NULL REFERENCES Tickets (Id) ON DELETE CASCADE,
    FromStatus       TEXT    NULL,
    ToStatus         TEXT    NOT NULL,
    ChangedByUserId  TEXT    NULL REFERENCES Users (Id),
    AtUtc            TEXT    NOT NULL
);
CREATE INDEX IX_TicketStatusChanges_Ticket ON TicketStatusChanges (TicketId, AtUtc);

-- The supplier's calendar: one row (Id = 1) with its zone, working hours per weekday (0 = Sunday ... 6 = Saturday,
-- minutes after local midnight; a weekday without a row is closed), and holidays.
CREATE TABLE SupplierCalendar (
    Id        INTEGER NOT NULL PRIMARY KEY CHECK (Id = 1),
    TimeZone  TEXT    NOT NULL,
    Version   INTEGER NOT NULL DEFAULT 1
);
INSERT INTO SupplierCalendar (Id, TimeZone) VALUES (1, 'Europe/London');

CREATE TABLE BusinessHours (
    Weekday      INTEGER NOT NULL PRIMARY KEY CHECK (Weekday BETWEEN 0 AND 6),
    OpensMinute  INTEGER NOT NULL,
    ClosesMinute INTEGER NOT NULL,
    CHECK (OpensMinute >= 0 AND ClosesMinute <= 1440 AND OpensMinute < ClosesMinute)
);
INSERT INTO BusinessHours (Weekday, OpensMinute, ClosesMinute) VALUES (1, 540, 1050), (2, 540, 1050), (3, 540, 1050), (4, 540, 1050), (5, 540, 1050);

CREATE TABLE BusinessHolidays (
    Date  TEXT NOT NULL PRIMARY KEY,
    Name  TEXT NOT NULL
);

-- SLA targets in business minutes, per priority and optionally per queue (a queue's own row wins over the general one).
CREATE TABLE SlaPolicies (
    Id                    TEXT    NOT NULL PRIMARY KEY,
    Priority              TEXT    NOT NULL,
    QueueId               TEXT    NULL REFERENCES TicketQueues (Id),
    FirstResponseMinutes  INTEGER NOT NULL,
    ResolutionMinutes     INTEGER NOT NULL
);
CREATE UNIQUE INDEX UX_SlaPolicies_Priority_Queue ON SlaPolicies (Priority, QueueId);
INSERT INTO SlaPolicies (Id, Priority, QueueId, FirstResponseMinutes, ResolutionMinutes) VALUES
    ('5e7a1c00-0000-4000-8000-000000000101', 'Urgent', NULL, 60, 510),
    ('5e7a1c00-0000-4000-8000-000000000102', 'High', NULL, 240, 1020),
    ('5e7a1c00-0000-4000-8000-000000000103', 'Normal', NULL, 510, 2550),
    ('5e7a1c00-0000-4000-8000-000000000104', 'Low', NULL, 1020, 5100);

-- What the escalation job did, once per request, target (FirstResponse/Resolution) and kind (Warning/Breach).
CREATE TABLE TicketSlaAlerts (
    TicketId  TEXT NOT NULL REFERENCES Tickets (Id) ON DELETE CASCADE,
    Target    TEXT NOT NULL,
    Kind      TEXT NOT NULL,
    AtUtc     TEXT NOT NULL,
    PRIMARY KEY (TicketId, Target, Kind)
);

-- One rating per resolution (a reopened and again resolved request may be rated again).
CREATE TABLE TicketRatings (
    Id             TEXT    NOT NULL PRIMARY KEY,
    TicketId       TEXT    NOT NULL REFERENCES Tickets (Id) ON DELETE CASCADE,
    ResolvedUtc    TEXT    NOT NULL,
    Score          INTEGER NOT NULL CHECK (Score BETWEEN 1 AND 5),
    Comment        TEXT    NULL,
    RatedByUserId  TEXT    NULL REFERENCES Users (Id),
    CreatedUtc     TEXT    NOT NULL
);
CREATE UNIQUE INDEX UX_TicketRatings_Resolution ON TicketRatings (TicketId, ResolvedUtc);
