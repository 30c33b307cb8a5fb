-- History import (issue 11): accounts known by the reference of the system they come from, a record of every import run,
-- and the orders an import created (Orders.Source = 'History', HistoryImportId set; status Delivered or Cancelled; no
-- promises, shipments or deliveries: the portal made no promise for them, so delivery reliability leaves them out).
-- Users.LastSignInUtc: when someone of the account last signed in (sessions are deleted at sign-out, so they cannot say).

ALTER TABLE CustomerAccounts ADD COLUMN ExternalRef TEXT NULL;
CREATE UNIQUE INDEX UX_CustomerAccounts_ExternalRef ON CustomerAccounts (ExternalRef) WHERE ExternalRef IS NOT NULL;

ALTER TABLE Users ADD COLUMN LastSignInUtc TEXT NULL;

CREATE TABLE HistoryImports (
    Id               TEXT    NOT NULL PRIMARY KEY,
    FileName         TEXT    NOT NULL,
    Format           TEXT    NOT NULL,
    StartedUtc       TEXT    NOT NULL,
    FinishedUtc      TEXT    NULL,
    AccountsCreated  INTEGER NOT NULL DEFAULT 0,
    ProductsCreated  INTEGER NOT NULL DEFAULT 0,
    OrdersCreated    INTEGER NOT NULL DEFAULT 0,
    LinesCreated     INTEGER NOT NULL DEFAULT 0,
    Summary          TEXT    NULL
);

ALTER TABLE Orders ADD COLUMN HistoryImportId TEXT NULL REFERENCES HistoryImports (Id);
CREATE INDEX IX_Orders_HistoryImport ON Orders (HistoryImportId) WHERE HistoryImportId IS NOT NULL;
