-- When each SLA clock of an open request reaches 80% of its target (stored with the due instants by
-- TicketClocks.RecomputeAsync), so the escalation job selects its candidates with one indexed query instead of reading
-- every request's history every minute.
ALTER TABLE Tickets ADD FirstResponseWarnUtc DATETIME2(7) NULL;
ALTER TABLE Tickets ADD ResolutionWarnUtc DATETIME2(7) NULL;
GO
CREATE INDEX IX_Tickets_Status_FirstResponseWarn ON Tickets (Status, FirstResponseWarnUtc);
CREATE INDEX IX_Tickets_Status_ResolutionWarn ON Tickets (Status, ResolutionWarnUtc);
-- auto-close: resolved requests by resolution time
CREATE INDEX IX_Tickets_Status_Resolved ON Tickets (Status, ResolvedUtc);
-- the dashboard: ratings and breaches in a period
CREATE INDEX IX_TicketRatings_Created ON TicketRatings (CreatedUtc);
CREATE INDEX IX_TicketSlaAlerts_Kind_At ON TicketSlaAlerts (Kind, AtUtc);
