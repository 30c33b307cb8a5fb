-- Service desk requests, the tickets lane: files attached to a request's messages (kept in the database, so that every
-- web node and worker reads the same bytes and a backup holds them), the desk's canned replies, the request-number
-- counter, and the indexes the desk queue and the customer's request list page by.

CREATE TABLE TicketAttachments (
    Id           TEXT    NOT NULL PRIMARY KEY,
    TicketId     TEXT    NOT NULL REFERENCES Tickets (Id) ON DELETE CASCADE,
    MessageId    TEXT    NOT NULL REFERENCES TicketMessages (Id),
    FileName     TEXT    NOT NULL,
    ContentType  TEXT    NOT NULL,
    Size         INTEGER NOT NULL,
    Content      BLOB    NOT NULL,
    CreatedUtc   TEXT    NOT NULL
);
CREATE INDEX IX_TicketAttachments_Ticket ON TicketAttachments (TicketId, MessageId);

-- Replies the desk keeps; Body is the source text an agent edits (placeholders {customerName}, {orderNumber},
-- {agentName}); what is sent passes the same sanitizer as every other message.
CREATE TABLE CannedReplies (
    Id          TEXT NOT NULL PRIMARY KEY,
    Name        TEXT NOT NULL,
    Body        TEXT NOT NULL,
    UpdatedUtc  TEXT NOT NULL
);
CREATE UNIQUE INDEX UX_CannedReplies_Name ON CannedReplies (Name COLLATE NOCASE);
INSERT INTO CannedReplies (Id, Name, Body, UpdatedUtc) VALUES
    ('5e7a1c00-0000-4000-8000-000000000201', 'Short delivery: replacement on its way',
     'Dear {customerName},

thank you for telling us about the short delivery on order {orderNumber}. We are sending the missing quantity on our next delivery and will not invoice it twice.

Kind regards,
{agentName}', '2026-01-01 00:00:00'),
    ('5e7a1c00-0000-4000-8000-000000000202', 'We are looking into it',
     'Dear {customerName},

thank you for your message. We are looking into it and will come back to you shortly.

Kind regards,
{agentName}', '2026-01-01 00:00:00');

INSERT INTO Counters (Name, Value) VALUES ('ticket-number', 10000);

-- the desk: open requests by status and time left; the customer: their own (or the account's) newest first; the API: since
CREATE INDEX IX_Tickets_Status_Due ON Tickets (Status, ResolutionDueUtc);
CREATE INDEX IX_Tickets_Status_Queue ON Tickets (Status, QueueId);
CREATE INDEX IX_Tickets_Account_Requester ON Tickets (AccountId, RequesterUserId, CreatedUtc);
CREATE INDEX IX_Tickets_Account_Updated ON Tickets (AccountId, UpdatedUtc);
