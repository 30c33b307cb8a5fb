-- Order history reads a page newest first and counts the selection from an index alone: one for the account's orders,
-- one for a site's orders (buyers limited to a site, or the site filter). Status rides along so a status filter is
-- counted from the index too.
CREATE INDEX IX_Orders_Account_Created_Number ON Orders (AccountId, CreatedUtc, Number, Status);
CREATE INDEX IX_Orders_Account_Site_Created ON Orders (AccountId, SiteId, CreatedUtc, Number, Status);

-- The mail outbox is drained in batches: a drain claims several messages under one token, then reads them by it.
ALTER TABLE MailOutbox ADD COLUMN ClaimToken TEXT NULL;
CREATE INDEX IX_MailOutbox_ClaimToken ON MailOutbox (ClaimToken) WHERE ClaimToken IS NOT NULL;
