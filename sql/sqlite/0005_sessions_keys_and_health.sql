-- Sign-in sessions kept on the server (sign-out ends them for every copy of the cookie), the data-protection key ring
-- shared by every web node of a farm, and the row /health writes to prove the database takes writes.

CREATE TABLE UserSessions (
    Id          TEXT NOT NULL PRIMARY KEY,
    UserId      TEXT NOT NULL REFERENCES Users (Id) ON DELETE CASCADE,
    CreatedUtc  TEXT NOT NULL,
    ExpiresUtc  TEXT NOT NULL
);
CREATE INDEX IX_UserSessions_User ON UserSessions (UserId);
CREATE INDEX IX_UserSessions_Expires ON UserSessions (ExpiresUtc);

CREATE TABLE DataProtectionKeys (
    Id            INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    FriendlyName  TEXT    NULL,
    Xml           TEXT    NOT NULL,
    CreatedUtc    TEXT    NOT NULL
);

CREATE TABLE HealthProbe (
    Id          INTEGER NOT NULL PRIMARY KEY,
    CheckedUtc  TEXT    NOT NULL
);
INSERT INTO HealthProbe (Id, CheckedUtc) VALUES (1, '2000-01-01 00:00:00.0000000');
