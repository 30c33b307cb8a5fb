-- Service desk foundation: requests (tickets) from the customer's office, their threads, the supplier's calendar of
-- business hours and holidays, SLA policies per priority (optionally per queue), the SLA alerts the escalation job sent
-- (one row per request, target and kind: the unique key is what makes a second run send nothing), and ratings.

CREATE TABLE TicketQueues (
    Id         UNIQUEIDENTIFIER NOT NULL PRIMARY KEY,
    Code       NVARCHAR(32)     NOT NULL,
    Name       NVARCHAR(100)    NOT NULL,
    SortOrder  INT              NOT NULL
);
CREATE UNIQUE INDEX UX_TicketQueues_Code ON TicketQueues (Code);
INSERT INTO TicketQueues (Id, Code, Name, SortOrder) VALUES
    ('5e7a1c00-0000-4000-8000-000000000001', N'Deliveries', N'Deliveries and claims', 1),
    ('5e7a1c00-0000-4000-8000-000000000002', N'Quality', N'Quality', 2),
    ('5e7a1c00-0000-4000-8000-000000000003', N'Finance', N'Finance', 3),
    ('5e7a1c00-0000-4000-8000-000000000004', N'General', N'General', 4);

CREATE TABLE Tickets (
    Id                      UNIQUEIDENTIFIER NOT NULL PRIMARY KEY,
    Number                  NVARCHAR(32)     NOT NULL,
    AccountId               UNIQUEIDENTIFIER NOT NULL REFERENCES CustomerAccounts (Id),
    SiteId                  UNIQUEIDENTIFIER NULL REFERENCES Sites (Id),
    OrderId                 UNIQUEIDENTIFIER NULL REFERENCES Orders (Id),
    DeliveryId              UNIQUEIDENTIFIER NULL,
    Kind                    NVARCHAR(32)     NOT NULL,
    ClaimType               NVARCHAR(32)     NULL,
    QueueId                 UNIQUEIDENTIFIER NOT NULL REFERENCES TicketQueues (Id),
    Subject                 NVARCHAR(200)    NOT NULL,
    Status                  NVARCHAR(32)     NOT NULL,
    Priority                NVARCHAR(16)     NOT NULL,
    Impact                  NVARCHAR(32)     NOT NULL,
    RequesterUserId         UNIQUEIDENTIFIER NULL REFERENCES Users (Id),
    AssigneeUserId          UNIQUEIDENTIFIER NULL REFERENCES Users (Id),
    CreatedUtc              DATETIME2(7)     NOT NULL,
    UpdatedUtc              DATETIME2(7)     NOT NULL,
    FirstRespondedUtc       DATETIME2(7)     NULL,
    ResolvedUtc             DATETIME2(7)     NULL,
    ClosedUtc               DATETIME2(7)     NULL,
    FirstResponseDueUtc     DATETIME2(7)     NULL,
    ResolutionDueUtc        DATETIME2(7)     NULL,
    FirstResponseBreached   BIT              NOT NULL DEFAULT 0,
    ResolutionBreached      BIT              NOT NULL DEFAULT 0,
    Version                 INT              NOT NULL DEFAULT 1
);
CREATE UNIQUE INDEX UX_Tickets_Number ON Tickets (Number);
CREATE INDEX IX_Tickets_Account_Created ON Tickets (AccountId, CreatedUtc);
CREATE INDEX IX_Tickets_Queue_Status ON Tickets (QueueId, Status, ResolutionDueUtc);
CREATE INDEX IX_Tickets_Assignee_Status ON Tickets (AssigneeUserId, Status);
CREATE INDEX IX_Tickets_Order ON Tickets (OrderId);

-- Order lines a request is about, with the quantity affected.
CREATE TABLE TicketLines (
    TicketId    UNIQUEIDENTIFIER NOT NULL REFERENCES Tickets (Id) ON DELETE CASCADE,
    LineNumber  INT              NOT NULL,
    Quantity    INT              NOT NULL,
    PRIMARY KEY (TicketId, LineNumber)
);

-- The thread. BodyHtml is stored only after HtmlSanitizer has cleaned it. Internal notes (IsInternal = 1) are the desk's
-- own and never reach a customer page, the API or an e-mail.
CREATE TABLE TicketMessages (
    Id            UNIQUEIDENTIFIER NOT NULL PRIMARY KEY,
    TicketId      UNIQUEIDENTIFIER NOT NULL REFERENCES Tickets (Id) ON DELETE CASCADE,
    AuthorUserId  UNIQUEIDENTIFIER NULL REFERENCES Users (Id),
    AuthorSide    NVARCHAR(16)     NOT NULL,
    IsInternal    BIT              NOT NULL DEFAULT 0,
    BodyHtml      NVARCHAR(MAX)    NOT NULL,
    CreatedUtc    DATETIME2(7)     NOT NULL
);
CREATE INDEX IX_TicketMessages_Ticket ON TicketMessages (TicketId, CreatedUtc);

-- Every status change, in order: the SLA clock stops while a request waits on the customer.
CREATE TABLE TicketStatusChanges (
    Id               UNIQUEIDENTIFIER NOT NULL PRIMARY KEY,
    TicketId         UNIQUEIDENTIFIER NOT NULL REFERENCES Tickets (Id) ON DELETE CASCADE,
    FromStatus       NVARCHAR(32)     NULL,
    ToStatus         NVARCHAR(32)     NOT NULL,
    ChangedByUserId  UNIQUEIDENTIFIER NULL REFERENCES Users (Id),
    AtUtc            DATETIME2(7)     NOT NULL
);
CREATE INDEX IX_TicketStatusChanges_Ticket ON TicketStatusChanges (TicketId, AtUtc);

-- The supplier's calendar: one row (Id = 1) with its zone, working hours per weekday (0 = Sunday ... 6 = Saturday,
-- minutes after local midnight; a weekday without a row is closed), and holidays.
CREATE TABLE SupplierCalendar (
    Id        INT           NOT NULL PRIMARY KEY CHECK (Id = 1),
    TimeZone  NVARCHAR(100) NOT NULL,
    Version   INT           NOT NULL DEFAULT 1
);
INSERT INTO SupplierCalendar (Id, TimeZone) VALUES (1, N'Europe/London');

CREATE TABLE BusinessHours (
    Weekday      INT NOT NULL PRIMARY KEY CHECK (Weekday BETWEEN 0 AND 6),
    OpensMinute  INT NOT NULL,
    ClosesMinute INT NOT NULL,
    CHECK (OpensMinute >= 0 AND ClosesMinute <= 1440 AND OpensMinute < ClosesMinute)
);
INSERT INTO BusinessHours (Weekday, OpensMinute, ClosesMinute) VALUES (1, 540, 1050), (2, 540, 1050), (3, 540, 1050), (4, 540, 1050), (5, 540, 1050);

CREATE TABLE BusinessHolidays (
    Date  DATE          NOT NULL PRIMARY KEY,
    Name  NVARCHAR(100) NOT NULL
);

-- SLA targets in business minutes, per priority and optionally per queue (a queue's own row wins over the general one).
CREATE TABLE SlaPolicies (
    Id                    UNIQUEIDENTIFIER NOT NULL PRIMARY KEY,
    Priority              NVARCHAR(16)     NOT NULL,
    QueueId               UNIQUEIDENTIFIER NULL REFERENCES TicketQueues (Id),
    FirstResponseMinutes  INT              NOT NULL,
    ResolutionMinutes     INT              NOT NULL
);
CREATE UNIQUE INDEX UX_SlaPolicies_Priority_Queue ON SlaPolicies (Priority, QueueId);
INSERT INTO SlaPolicies (Id, Priority, QueueId, FirstResponseMinutes, ResolutionMinutes) VALUES
    ('5e7a1c00-0000-4000-8000-000000000101', N'Urgent', NULL, 60, 510),
    ('5e7a1c00-0000-4000-8000-000000000102', N'High', NULL, 240, 1020),
    ('5e7a1c00-0000-4000-8000-000000000103', N'Normal', NULL, 510, 2550),
    ('5e7a1c00-0000-4000-8000-000000000104', N'Low', NULL, 1020, 5100);

-- What the escalation job did, once per request, target (FirstResponse/Resolution) and kind (Warning/Breach).
CREATE TABLE TicketSlaAlerts (
    TicketId  UNIQUEIDENTIFIER NOT NULL REFERENCES Tickets (Id) ON DELETE CASCADE,
    Target    NVARCHAR(32)     NOT NULL,
    Kind      NVARCHAR(16)     NOT NULL,
    AtUtc     DATETIME2(7)     NOT NULL,
    PRIMARY KEY (TicketId, Target, Kind)
);

-- One rating per resolution (a reopened and again resolved request may be rated again).
CREATE TABLE TicketRatings (
    Id             UNIQUEIDENTIFIER NOT NULL PRIMARY KEY,
    TicketId       UNIQUEIDENTIFIER NOT NULL REFERENCES Tickets (Id) ON DELETE CASCADE,
    ResolvedUtc    DATETIME2(7)     NOT NULL,
    Score          INT              NOT NULL CHECK (Score BETWEEN 1 AND 5),
    Comment        NVARCHAR(2000)   NULL,
    RatedByUserId  UNIQUEIDENTIFIER NULL REFERENCES Users (Id),
    CreatedUtc     DATETIME2(7)     NOT NULL
);
CREATE UNIQUE INDEX UX_TicketRatings_Resolution ON TicketRatings (TicketId, ResolvedUtc);
