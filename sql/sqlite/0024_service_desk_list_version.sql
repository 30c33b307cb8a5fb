-- What the service desk's lists show changes only when one of the rows they read changes (issue 10's benchmark): the
-- desk's queue and the customer's request list keep what they read between requests under this version, and read it again
-- when it has moved. The triggers below move it whatever writes the rows: the portal on any node, a job, a script.
-- Kept: a request (any column), a queue's name, an account's name, time zone or manager, a person's name, whether they
-- are disabled or belong to an account, and who holds which role (who is desk staff).
-- A customer's list reads only its account's requests: AccountListVersions keeps a version per account, moved by a change
-- to one of its requests, its time zone or one of its people's names, so a change elsewhere leaves its lists kept.
CREATE TABLE ListVersions (
    Name     TEXT    NOT NULL PRIMARY KEY,
    Version  INTEGER NOT NULL
);
-- a random start: a database made again from nothing (a lost file, a test) never repeats a version a running portal kept
INSERT INTO ListVersions (Name, Version) VALUES ('ServiceDesk', random() & 4611686018427387903);
CREATE TABLE AccountListVersions (
    AccountId  TEXT    NOT NULL PRIMARY KEY,
    Version    INTEGER NOT NULL
);
-- a row per account from the start (and for each new one, below), so a trigger only ever moves it
INSERT INTO AccountListVersions (AccountId, Version) SELECT Id, random() & 4611686018427387903 FROM CustomerAccounts;

CREATE TRIGGER TR_Tickets_ListVersion_Insert AFTER INSERT ON Tickets
BEGIN
    UPDATE ListVersions SET Version = Version + 1 WHERE Name = 'ServiceDesk';
    UPDATE AccountListVersions SET Version = Version + 1 WHERE AccountId = NEW.AccountId;
END;
CREATE TRIGGER TR_Tickets_ListVersion_Update AFTER UPDATE ON Tickets
BEGIN
    UPDATE ListVersions SET Version = Version + 1 WHERE Name = 'ServiceDesk';
    UPDATE AccountListVersions SET Version = Version + 1 WHERE AccountId IN (NEW.AccountId, OLD.AccountId);
END;
CREATE TRIGGER TR_Tickets_ListVersion_Delete AFTER DELETE ON Tickets
BEGIN
    UPDATE ListVersions SET Version = Version + 1 WHERE Name = 'ServiceDesk';
    UPDATE AccountListVersions SET Version = Version + 1 WHERE AccountId = OLD.AccountId;
END;

CREATE TRIGGER TR_TicketQueues_ListVersion_Insert AFTER INSERT ON TicketQueues
BEGIN
    UPDATE ListVersions SET Version = Version + 1 WHERE Name = 'ServiceDesk';
END;
CREATE TRIGGER TR_TicketQueues_ListVersion_Update AFTER UPDATE ON TicketQueues
BEGIN
    UPDATE ListVersions SET Version = Version + 1 WHERE Name = 'ServiceDesk';
END;
CREATE TRIGGER TR_TicketQueues_ListVersion_Delete AFTER DELETE ON TicketQueues
BEGIN
    UPDATE ListVersions SET Version = Version + 1 WHERE Name = 'ServiceDesk';
END;

CREATE TRIGGER TR_CustomerAccounts_ListVersion_Insert AFTER INSERT ON CustomerAccounts
BEGIN
    UPDATE ListVersions SET Version = Version + 1 WHERE Name = 'ServiceDesk';
    INSERT INTO AccountListVersions (AccountId, Version) VALUES (NEW.Id, random() & 4611686018427387903);
END;
CREATE TRIGGER TR_CustomerAccounts_ListVersion_Update AFTER UPDATE OF Name, TimeZone, AccountManagerUserId ON CustomerAccounts
WHEN OLD.Name IS NOT NEW.Name OR OLD.TimeZone IS NOT NEW.TimeZone OR OLD.AccountManagerUserId IS NOT NEW.AccountManagerUserId
BEGIN
    UPDATE ListVersions SET Version = Version + 1 WHERE Name = 'ServiceDesk';
    UPDATE AccountListVersions SET Version = Version + 1 WHERE AccountId = NEW.Id;
END;
CREATE TRIGGER TR_CustomerAccounts_ListVersion_Delete AFTER DELETE ON CustomerAccounts
BEGIN
    UPDATE ListVersions SET Version = Version + 1 WHERE Name = 'ServiceDesk';
    DELETE FROM AccountListVersions WHERE AccountId = OLD.Id;
END;

CREATE TRIGGER TR_Users_ListVersion_Insert AFTER INSERT ON Users
BEGIN
    UPDATE ListVersions SET Version = Version + 1 WHERE Name = 'ServiceDesk';
END;
CREATE TRIGGER TR_Users_ListVersion_Update AFTER UPDATE OF DisplayName, Email, IsDisabled, AccountId ON Users
WHEN OLD.DisplayName IS NOT NEW.DisplayName OR OLD.Email IS NOT NEW.Email OR OLD.IsDisabled IS NOT NEW.IsDisabled OR OLD.AccountId IS NOT NEW.AccountId
BEGIN
    UPDATE ListVersions SET Version = Version + 1 WHERE Name = 'ServiceDesk';
    UPDATE AccountListVersions SET Version = Version + 1 WHERE AccountId IN (NEW.AccountId, OLD.AccountId);
END;
CREATE TRIGGER TR_Users_ListVersion_Delete AFTER DELETE ON Users
BEGIN
    UPDATE ListVersions SET Version = Version + 1 WHERE Name = 'ServiceDesk';
    UPDATE AccountListVersions SET Version = Version + 1 WHERE AccountId = OLD.AccountId;
END;

CREATE TRIGGER TR_UserRoles_ListVersion_Insert AFTER INSERT ON UserRoles
BEGIN
    UPDATE ListVersions SET Version = Version + 1 WHERE Name = 'ServiceDesk';
END;
CREATE TRIGGER TR_UserRoles_ListVersion_Update AFTER UPDATE ON UserRoles
BEGIN
    UPDATE ListVersions SET Version = Version + 1 WHERE Name = 'ServiceDesk';
END;
CREATE TRIGGER TR_UserRoles_ListVersion_Delete AFTER DELETE ON UserRoles
BEGIN
    UPDATE ListVersions SET Version = Version + 1 WHERE Name = 'ServiceDesk';
END;
