-- What the service desk's lists show changes only when one of the rows they read changes (issue 10's benchmark): the
-- desk's queue and the customer's request list keep what they read between requests under this version, and read it again
-- when it has moved. The triggers below move it whatever writes the rows: the portal on any node, a job, a script.
-- Kept: a request (any column), a queue's name, an account's name, time zone or manager, a person's name, whether they
-- are disabled or belong to an account, and who holds which role (who is desk staff).
-- A customer's list reads only its account's requests: AccountListVersions keeps a version per account, moved by a change
-- to one of its requests, its time zone or one of its people's names, so a change elsewhere leaves its lists kept. Names compare case-sensitively
-- (a name corrected only in case still moves it).
CREATE TABLE ListVersions (
    Name     NVARCHAR(64) NOT NULL PRIMARY KEY,
    Version  BIGINT       NOT NULL
);
-- a random start: a database made again from nothing never repeats a version a running portal kept
INSERT INTO ListVersions (Name, Version) VALUES (N'ServiceDesk', ABS(CAST(CHECKSUM(NEWID()) AS BIGINT)) * 1000000);
CREATE TABLE AccountListVersions (
    AccountId  UNIQUEIDENTIFIER NOT NULL PRIMARY KEY,
    Version    BIGINT           NOT NULL
);
-- a row per account from the start (and for each new one, below), so a trigger only ever moves it
INSERT INTO AccountListVersions (AccountId, Version) SELECT Id, ABS(CAST(CHECKSUM(NEWID()) AS BIGINT)) * 1000000 FROM CustomerAccounts;
GO
CREATE TRIGGER TR_Tickets_ListVersion ON Tickets AFTER INSERT, UPDATE, DELETE
AS
BEGIN
    SET NOCOUNT ON;
    IF NOT EXISTS (SELECT 1 FROM inserted) AND NOT EXISTS (SELECT 1 FROM deleted) RETURN;
    UPDATE ListVersions SET Version = Version + 1 WHERE Name = N'ServiceDesk';
    UPDATE AccountListVersions SET Version = Version + 1
    WHERE AccountId IN (SELECT AccountId FROM inserted UNION SELECT AccountId FROM deleted);
END
GO
CREATE TRIGGER TR_TicketQueues_ListVersion ON TicketQueues AFTER INSERT, UPDATE, DELETE
AS
BEGIN
    SET NOCOUNT ON;
    IF NOT EXISTS (SELECT 1 FROM inserted) AND NOT EXISTS (SELECT 1 FROM deleted) RETURN;
    UPDATE ListVersions SET Version = Version + 1 WHERE Name = N'ServiceDesk';
END
GO
CREATE TRIGGER TR_CustomerAccounts_ListVersion ON CustomerAccounts AFTER INSERT, UPDATE, DELETE
AS
BEGIN
    SET NOCOUNT ON;
    IF NOT EXISTS (SELECT 1 FROM inserted) AND NOT EXISTS (SELECT 1 FROM deleted) RETURN;
    INSERT INTO AccountListVersions (AccountId, Version)
    SELECT i.Id, ABS(CAST(CHECKSUM(NEWID()) AS BIGINT)) * 1000000 FROM inserted i WHERE NOT EXISTS (SELECT 1 FROM deleted d WHERE d.Id = i.Id);
    DELETE FROM AccountListVersions WHERE AccountId IN (SELECT d.Id FROM deleted d WHERE NOT EXISTS (SELECT 1 FROM inserted i WHERE i.Id = d.Id));
    IF EXISTS (SELECT 1 FROM inserted) AND EXISTS (SELECT 1 FROM deleted)
       AND NOT EXISTS (
           SELECT 1 FROM inserted i JOIN deleted d ON d.Id = i.Id
           WHERE i.Name COLLATE Latin1_General_BIN2 <> d.Name OR i.TimeZone <> d.TimeZone
              OR ISNULL(i.AccountManagerUserId, '00000000-0000-0000-0000-000000000000') <> ISNULL(d.AccountManagerUserId, '00000000-0000-0000-0000-000000000000'))
        RETURN;
    UPDATE ListVersions SET Version = Version + 1 WHERE Name = N'ServiceDesk';
    UPDATE AccountListVersions SET Version = Version + 1
    WHERE AccountId IN (SELECT Id FROM inserted);
END
GO
CREATE TRIGGER TR_Users_ListVersion ON Users AFTER INSERT, UPDATE, DELETE
AS
BEGIN
    SET NOCOUNT ON;
    IF NOT EXISTS (SELECT 1 FROM inserted) AND NOT EXISTS (SELECT 1 FROM deleted) RETURN;
    IF EXISTS (SELECT 1 FROM inserted) AND EXISTS (SELECT 1 FROM deleted)
       AND NOT EXISTS (
           SELECT 1 FROM inserted i JOIN deleted d ON d.Id = i.Id
           WHERE i.DisplayName COLLATE Latin1_General_BIN2 <> d.DisplayName OR ISNULL(i.Email, N'') COLLATE Latin1_General_BIN2 <> ISNULL(d.Email, N'') OR i.IsDisabled <> d.IsDisabled
              OR ISNULL(i.AccountId, '00000000-0000-0000-0000-000000000000') <> ISNULL(d.AccountId, '00000000-0000-0000-0000-000000000000'))
        RETURN;
    UPDATE ListVersions SET Version = Version + 1 WHERE Name = N'ServiceDesk';
    UPDATE AccountListVersions SET Version = Version + 1
    WHERE AccountId IN (SELECT AccountId FROM inserted UNION SELECT AccountId FROM deleted);
END
GO
CREATE TRIGGER TR_UserRoles_ListVersion ON UserRoles AFTER INSERT, UPDATE, DELETE
AS
BEGIN
    SET NOCOUNT ON;
    IF NOT EXISTS (SELECT 1 FROM inserted) AND NOT EXISTS (SELECT 1 FROM deleted) RETURN;
    UPDATE ListVersions SET Version = Version + 1 WHERE Name = N'ServiceDesk';
END
