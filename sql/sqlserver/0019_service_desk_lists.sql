-- The desk's list and the customer's request list at 100,000 requests (issue 10's benchmark).
--
-- 1. Indexes for each list's order with the columns its filters test. SQLite indexes the desk's "time left" expression
--    itself; SQL Server cannot index an expression without a computed column, so here the open requests' index holds the
--    due instants and the optimizer sorts the open requests only (a top-N sort), never every request.
CREATE INDEX IX_Tickets_Open_TimeLeft ON Tickets (FirstResponseDueUtc, ResolutionDueUtc, CreatedUtc, Id)
    INCLUDE (QueueId, AssigneeUserId, Priority, Status)
    WHERE Status IN ('New', 'Open', 'WaitingOnCustomer');
CREATE INDEX IX_Tickets_TimeLeft ON Tickets (Status, FirstResponseDueUtc, ResolutionDueUtc, CreatedUtc, Id)
    INCLUDE (QueueId, AssigneeUserId, Priority);
CREATE INDEX IX_Tickets_Created ON Tickets (CreatedUtc, Id) INCLUDE (Status, QueueId, AssigneeUserId, Priority);
-- "breaching soon" finds the few requests due within the window from both due instants
CREATE INDEX IX_Tickets_Status_FirstResponseDue ON Tickets (Status, FirstResponseDueUtc);
-- "breached" finds the requests marked breached from these (few) entries
CREATE INDEX IX_Tickets_FirstResponseBreached ON Tickets (FirstResponseBreached) WHERE FirstResponseBreached = 1;
CREATE INDEX IX_Tickets_ResolutionBreached ON Tickets (ResolutionBreached) WHERE ResolutionBreached = 1;
-- the customer's list, newest first: the account's (a customer admin) or the requester's own, with the status to filter by
DROP INDEX IX_Tickets_Account_Created ON Tickets;
DROP INDEX IX_Tickets_Account_Requester ON Tickets;
CREATE INDEX IX_Tickets_Account_Created ON Tickets (AccountId, CreatedUtc, Id) INCLUDE (Status);
CREATE INDEX IX_Tickets_Account_Requester ON Tickets (AccountId, RequesterUserId, CreatedUtc, Id) INCLUDE (Status);

-- 2. Requests per status, queue and assignee, kept by the trigger below whatever writes Tickets, so the desk's queue and
--    view counts (and its list's total, for those filters) add up a few rows instead of counting every request.
CREATE TABLE TicketCounts (
    Status          NVARCHAR(32)     NOT NULL,
    QueueId         UNIQUEIDENTIFIER NOT NULL,
    AssigneeUserId  UNIQUEIDENTIFIER NULL,
    Requests        INT              NOT NULL
);
CREATE UNIQUE INDEX UX_TicketCounts ON TicketCounts (Status, QueueId, AssigneeUserId);
INSERT INTO TicketCounts (Status, QueueId, AssigneeUserId, Requests)
SELECT Status, QueueId, AssigneeUserId, COUNT(*) FROM Tickets GROUP BY Status, QueueId, AssigneeUserId;
GO
-- one set-based trigger for inserts, updates and deletes: the rows' old and new (status, queue, assignee) as -1 and +1,
-- netted; MERGE WITH (HOLDLOCK) so two writers cannot both insert the same new combination
CREATE TRIGGER TR_Tickets_Counts ON Tickets AFTER INSERT, UPDATE, DELETE
AS
BEGIN
    SET NOCOUNT ON;
    MERGE TicketCounts WITH (HOLDLOCK) AS c
    USING (
        SELECT x.Status, x.QueueId, x.AssigneeUserId, SUM(x.Delta) AS Delta
        FROM (
            SELECT i.Status, i.QueueId, i.AssigneeUserId, 1 AS Delta FROM inserted i
            UNION ALL
            SELECT d.Status, d.QueueId, d.AssigneeUserId, -1 AS Delta FROM deleted d
        ) x
        GROUP BY x.Status, x.QueueId, x.AssigneeUserId
        HAVING SUM(x.Delta) <> 0
    ) AS s
    ON c.Status = s.Status AND c.QueueId = s.QueueId
       AND (c.AssigneeUserId = s.AssigneeUserId OR (c.AssigneeUserId IS NULL AND s.AssigneeUserId IS NULL))
    WHEN MATCHED THEN UPDATE SET Requests = c.Requests + s.Delta
    WHEN NOT MATCHED THEN INSERT (Status, QueueId, AssigneeUserId, Requests) VALUES (s.Status, s.QueueId, s.AssigneeUserId, s.Delta);
END
