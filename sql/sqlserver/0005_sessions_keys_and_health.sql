-- Sign-in sessions kept on the server (sign-out ends them for every copy of the cookie), the data-protection key ring
-- shared by every web node of a farm, and the row /health writes to prove the database takes writes.

CREATE TABLE UserSessions (
    Id          UNIQUEIDENTIFIER NOT NULL PRIMARY KEY,
    UserId      UNIQUEIDENTIFIER NOT NULL REFERENCES Users (Id) ON DELETE CASCADE,
    CreatedUtc  DATETIME2(7)     NOT NULL,
    ExpiresUtc  DATETIME2(7)     NOT NULL
);
CREATE INDEX IX_UserSessions_User ON UserSessions (UserId);
CREATE INDEX IX_UserSessions_Expires ON UserSessions (ExpiresUtc);

CREATE TABLE DataProtectionKeys (
    Id            INT IDENTITY(1, 1) NOT NULL PRIMARY KEY,
    FriendlyName  NVARCHAR(256)      NULL,
    Xml           NVARCHAR(MAX)      NOT NULL,
    CreatedUtc    DATETIME2(7)       NOT NULL
);

CREATE TABLE HealthProbe (
    Id          INT          NOT NULL PRIMARY KEY,
    CheckedUtc  DATETIME2(7) NOT NULL
);
INSERT INTO HealthProbe (Id, CheckedUtc) VALUES (1, '2000-01-01T00:00:00');
