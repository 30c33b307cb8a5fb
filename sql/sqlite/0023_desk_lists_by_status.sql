-- The desk's list filtered to one status (Resolved, Closed, Waiting on customer, ...) in time-left or newest-first order
-- (issue 10's benchmark). Requests whose clocks have stopped carry no due instant, so in time-left order they all come
-- after every running one: a page of resolved requests walked IX_Tickets_TimeLeft past every open request first. These
-- indexes start with the status, so such a page is a seek and fifty entries.
CREATE INDEX IX_Tickets_Status_TimeLeft ON Tickets (
    Status,
    (CASE WHEN FirstResponseDueUtc IS NULL AND ResolutionDueUtc IS NULL THEN 1 ELSE 0 END),
    (CASE WHEN FirstResponseDueUtc IS NOT NULL AND (ResolutionDueUtc IS NULL OR FirstResponseDueUtc < ResolutionDueUtc) THEN FirstResponseDueUtc ELSE ResolutionDueUtc END),
    CreatedUtc, Id, QueueId, AssigneeUserId, Priority);
CREATE INDEX IX_Tickets_Status_Created ON Tickets (Status, CreatedUtc, Id, QueueId, AssigneeUserId, Priority);
