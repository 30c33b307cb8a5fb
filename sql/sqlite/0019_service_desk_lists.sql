-- The desk's list and the customer's request list at 100,000 requests (issue 10's benchmark).
--
-- 1. Indexes that give each list its order, with the columns its filters test, so a page reads 50 index entries instead of
--    sorting every match. The desk's "time left" order is an expression (the earlier of the running due instants, requests
--    with no running clock last), indexed as written in TicketSql.
CREATE INDEX IX_Tickets_Open_TimeLeft ON Tickets (
    (CASE WHEN FirstResponseDueUtc IS NULL AND ResolutionDueUtc IS NULL THEN 1 ELSE 0 END),
    (CASE WHEN FirstResponseDueUtc IS NOT NULL AND (ResolutionDueUtc IS NULL OR FirstResponseDueUtc < ResolutionDueUtc) THEN FirstResponseDueUtc ELSE ResolutionDueUtc END),
    CreatedUtc, Id, QueueId, AssigneeUserId, Priority, Status)
    WHERE Status IN ('New', 'Open', 'WaitingOnCustomer');
CREATE INDEX IX_Tickets_TimeLeft ON Tickets (
    (CASE WHEN FirstResponseDueUtc IS NULL AND ResolutionDueUtc IS NULL THEN 1 ELSE 0 END),
    (CASE WHEN FirstResponseDueUtc IS NOT NULL AND (ResolutionDueUtc IS NULL OR FirstResponseDueUtc < ResolutionDueUtc) THEN FirstResponseDueUtc ELSE ResolutionDueUtc END),
    CreatedUtc, Id, Status, QueueId, AssigneeUserId, Priority);
CREATE INDEX IX_Tickets_Created ON Tickets (CreatedUtc, Id, Status, QueueId, AssigneeUserId, Priority);
-- "breaching soon" finds the few requests due within the window from both due instants
CREATE INDEX IX_Tickets_Status_FirstResponseDue ON Tickets (Status, FirstResponseDueUtc);
-- "breached" finds the requests marked breached from these (few) entries
CREATE INDEX IX_Tickets_FirstResponseBreached ON Tickets (FirstResponseBreached) WHERE FirstResponseBreached = 1;
CREATE INDEX IX_Tickets_ResolutionBreached ON Tickets (ResolutionBreached) WHERE ResolutionBreached = 1;
-- the customer's list, newest first: the account's (a customer admin) or the requester's own, with the status to filter by
DROP INDEX IX_Tickets_Account_Created;
DROP INDEX IX_Tickets_Account_Requester;
CREATE INDEX IX_Tickets_Account_Created ON Tickets (AccountId, CreatedUtc, Id, Status);
CREATE INDEX IX_Tickets_Account_Requester ON Tickets (AccountId, RequesterUserId, CreatedUtc, Id, Status);

-- 2. Requests per status, queue and assignee, kept by the triggers below whatever writes Tickets, so the desk's queue and
--    view counts (and its list's total, for those filters) add up a few rows instead of counting every request.
CREATE TABLE TicketCounts (
    Status          TEXT    NOT NULL,
    QueueId         TEXT    NOT NULL,
    AssigneeUserId  TEXT    NULL,
    Requests        INTEGER NOT NULL
);
CREATE INDEX IX_TicketCounts ON TicketCounts (Status, QueueId, AssigneeUserId);
INSERT INTO TicketCounts (Status, QueueId, AssigneeUserId, Requests)
SELECT Status, QueueId, AssigneeUserId, COUNT(*) FROM Tickets GROUP BY Status, QueueId, AssigneeUserId;

CREATE TRIGGER TR_Tickets_Counts_Insert AFTER INSERT ON Tickets
BEGIN
    INSERT INTO TicketCounts (Status, QueueId, AssigneeUserId, Requests)
    SELECT NEW.Status, NEW.QueueId, NEW.AssigneeUserId, 0
    WHERE NOT EXISTS (SELECT 1 FROM TicketCounts WHERE Status = NEW.Status AND QueueId = NEW.QueueId AND AssigneeUserId IS NEW.AssigneeUserId);
    UPDATE TicketCounts SET Requests = Requests + 1
    WHERE Status = NEW.Status AND QueueId = NEW.QueueId AND AssigneeUserId IS NEW.AssigneeUserId;
END;

CREATE TRIGGER TR_Tickets_Counts_Delete AFTER DELETE ON Tickets
BEGIN
    UPDATE TicketCounts SET Requests = Requests - 1
    WHERE Status = OLD.Status AND QueueId = OLD.QueueId AND AssigneeUserId IS OLD.AssigneeUserId;
END;

CREATE TRIGGER TR_Tickets_Counts_Update AFTER UPDATE OF Status, QueueId, AssigneeUserId ON Tickets
WHEN OLD.Status IS NOT NEW.Status OR OLD.QueueId IS NOT NEW.QueueId OR OLD.AssigneeUserId IS NOT NEW.AssigneeUserId
BEGIN
    UPDATE TicketCounts SET Requests = Requests - 1
    WHERE Status = OLD.Status AND QueueId = OLD.QueueId AND AssigneeUserId IS OLD.AssigneeUserId;
    INSERT INTO TicketCounts (Status, QueueId, AssigneeUserId, Requests)
    SELECT NEW.Status, NEW.QueueId, NEW.AssigneeUserId, 0
    WHERE NOT EXISTS (SELECT 1 FROM TicketCounts WHERE Status = NEW.Status AND QueueId = NEW.QueueId AND AssigneeUserId IS NEW.AssigneeUserId);
    UPDATE TicketCounts SET Requests = Requests + 1
    WHERE Status = NEW.Status AND QueueId = NEW.QueueId AND AssigneeUserId IS NEW.AssigneeUserId;
END;
