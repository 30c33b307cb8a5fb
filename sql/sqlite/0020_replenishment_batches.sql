-- The replenishment job places due schedules a batch at a time (issue 9's 100,000 at one minute). A run marks the
-- occurrences it claims with the token of its batch, so it reads their lines and owners with one query each and finds
-- which claims it won; the token is cleared when the occurrence is completed. The due schedules are read in index
-- order (next run, then id), so a page of them needs no sort of every due row.

ALTER TABLE ReorderOccurrences ADD COLUMN ClaimToken TEXT NULL;
CREATE INDEX IX_ReorderOccurrences_ClaimToken ON ReorderOccurrences (ClaimToken) WHERE ClaimToken IS NOT NULL;

DROP INDEX IX_ReorderSchedules_Due;
CREATE INDEX IX_ReorderSchedules_Due ON ReorderSchedules (Status, NextRunUtc, Id);
