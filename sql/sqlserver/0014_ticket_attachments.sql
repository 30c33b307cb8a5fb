-- Service desk requests, the tickets lane: files attached to a request's messages (kept in the database, so that every
-- web node and worker reads the same bytes and a backup holds them), the desk's canned replies, the request-number
-- counter, and the indexes the desk queue and the customer's request list page by.

CREATE TABLE TicketAttachments (
    Id           UNIQUEIDENTIFIER NOT NULL PRIMARY KEY,
    TicketId     UNIQUEIDENTIFIER NOT NULL REFERENCES Tickets (Id) ON DELETE CASCADE,
    MessageId    UNIQUEIDENTIFIER NOT NULL REFERENCES TicketMessages (Id),
    FileName     NVARCHAR(200)    NOT NULL,
    ContentType  NVARCHAR(100)    NOT NULL,
    Size         INT              NOT NULL,
    Content      VARBINARY(MAX)   NOT NULL,
    CreatedUtc   DATETIME2(7)     NOT NULL
);
CREATE INDEX IX_TicketAttachments_Ticket ON TicketAttachments (TicketId, MessageId);

-- Replies the desk keeps; Body is the source text an agent edits (placeholders {customerName}, {orderNumber},
-- {agentName}); what is sent passes the same sanitizer as every other message.
CREATE TABLE CannedReplies (
    Id          UNIQUEIDENTIFIER NOT NULL PRIMARY KEY,
    Name        NVARCHAR(100)    NOT NULL,
    Body        NVARCHAR(4000)   NOT NULL,
    UpdatedUtc  DATETIME2(7)     NOT NULL
);
CREATE UNIQUE INDEX UX_CannedReplies_Name ON CannedReplies (Name);
INSERT INTO CannedReplies (Id, Name, Body, UpdatedUtc) VALUES
    ('5e7a1c00-0000-4000-8000-000000000201', N'Short delivery: replacement on its way',
     N'Dear {customerName},

thank you for telling us about the short delivery on order {orderNumber}. We are sending the missing quantity on our next delivery and will not invoice it twice.

Kind regards,
{agentName}', '2026-01-01T00:00:00'),
    ('5e7a1c00-0000-4000-8000-000000000202', N'We are looking into it',
     N'Dear {customerName},

thank you for your message. We are looking into it and will come back to you shortly.

Kind regards,
{agentName}', '2026-01-01T00:00:00');

INSERT INTO Counters (Name, Value) VALUES ('ticket-number', 10000);

-- the desk: open requests by status and time left; the customer: their own (or the account's) newest first; the API: since
CREATE INDEX IX_Tickets_Status_Due ON Tickets (Status, ResolutionDueUtc);
CREATE INDEX IX_Tickets_Status_Queue ON Tickets (Status, QueueId);
CREATE INDEX IX_Tickets_Account_Requester ON Tickets (AccountId, RequesterUserId, CreatedUtc);
CREATE INDEX IX_Tickets_Account_Updated ON Tickets (AccountId, UpdatedUtc);
