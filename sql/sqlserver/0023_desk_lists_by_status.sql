-- The desk's list filtered to one status in newest-first order (issue 10's benchmark). Time-left order within one status
-- is already served here by IX_Tickets_TimeLeft, which starts with the status (0019); SQLite's expression index of the
-- same purpose is IX_Tickets_Status_TimeLeft.
CREATE INDEX IX_Tickets_Status_Created ON Tickets (Status, CreatedUtc, Id) INCLUDE (QueueId, AssigneeUserId, Priority);
