-- History import (issue 11): accounts known by the reference of the system they come from, a record of every import run,
-- and the orders an import created (Orders.Source = 'History', HistoryImportId set; status Delivered or Cancelled; no
-- promises, shipments or deliveries: the portal made no promise for them, so delivery reliability leaves them out).
-- Users.LastSignInUtc: when someone of the account last signed in (sessions are deleted at sign-out, so they cannot say).

ALTER TABLE CustomerAccounts ADD ExternalRef NVARCHAR(64) NULL;
GO
CREATE UNIQUE INDEX UX_CustomerAccounts_ExternalRef ON CustomerAccounts (ExternalRef) WHERE ExternalRef IS NOT NULL;

ALTER TABLE Users ADD LastSignInUtc DATETIME2(7) NULL;

CREATE TABLE HistoryImports (
    Id               UNIQUEIDENTIFIER NOT NULL PRIMARY KEY,
    FileName         NVARCHAR(400)    NOT NULL,
    Format           NVARCHAR(32)     NOT NULL,
    StartedUtc       DATETIME2(7)     NOT NULL,
    FinishedUtc      DATETIME2(7)     NULL,
    AccountsCreated  INT              NOT NULL DEFAULT 0,
    ProductsCreated  INT              NOT NULL DEFAULT 0,
    OrdersCreated    INT              NOT NULL DEFAULT 0,
    LinesCreated     INT              NOT NULL DEFAULT 0,
    Summary          NVARCHAR(4000)   NULL
);

ALTER TABLE Orders ADD HistoryImportId UNIQUEIDENTIFIER NULL REFERENCES HistoryImports (Id);
GO
CREATE INDEX IX_Orders_HistoryImport ON Orders (HistoryImportId) WHERE HistoryImportId IS NOT NULL;
