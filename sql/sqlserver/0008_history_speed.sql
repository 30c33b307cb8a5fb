-- Order history reads a page newest first and counts the selection from an index alone: one for the account's orders,
-- one for a site's orders (buyers limited to a site, or the site filter). Status rides along so a status filter is
-- counted from the index too.
CREATE INDEX IX_Orders_Account_Created_Number ON Orders (AccountId, CreatedUtc DESC, Number DESC) INCLUDE (Status, SiteId);
CREATE INDEX IX_Orders_Account_Site_Created ON Orders (AccountId, SiteId, CreatedUtc DESC, Number DESC) INCLUDE (Status);

-- The mail outbox is drained in batches: a drain claims several messages under one token, then reads them by it.
ALTER TABLE MailOutbox ADD ClaimToken UNIQUEIDENTIFIER NULL;
GO
CREATE INDEX IX_MailOutbox_ClaimToken ON MailOutbox (ClaimToken) WHERE ClaimToken IS NOT NULL;
