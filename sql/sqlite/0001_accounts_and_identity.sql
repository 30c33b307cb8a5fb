-- Supplier, customer accounts (tenants) and their sites, ASP.NET Core Identity tables, invitations.
-- GUIDs are TEXT (lower-case 'D' format), instants are UTC TEXT ('yyyy-MM-dd HH:mm:ss.fffffff').

CREATE TABLE Supplier (
    Id          TEXT NOT NULL PRIMARY KEY,
    Name        TEXT NOT NULL,
    CreatedUtc  TEXT NOT NULL
);

CREATE TABLE CustomerAccounts (
    Id                  TEXT    NOT NULL PRIMARY KEY,
    Name                TEXT    NOT NULL,
    ParentAccountId     TEXT    NULL REFERENCES CustomerAccounts (Id),
    TimeZone            TEXT    NOT NULL,
    IdleTimeoutMinutes  INTEGER NOT NULL DEFAULT 15,
    IsActive            INTEGER NOT NULL DEFAULT 1,
    CreatedUtc          TEXT    NOT NULL,
    Version             INTEGER NOT NULL DEFAULT 1
);
CREATE UNIQUE INDEX UX_CustomerAccounts_Name ON CustomerAccounts (Name);
CREATE INDEX IX_CustomerAccounts_Parent ON CustomerAccounts (ParentAccountId);

CREATE TABLE Sites (
    Id            TEXT    NOT NULL PRIMARY KEY,
    AccountId     TEXT    NOT NULL REFERENCES CustomerAccounts (Id),
    Code          TEXT    NOT NULL,
    Name          TEXT    NOT NULL,
    AddressLine1  TEXT    NOT NULL,
    AddressLine2  TEXT    NULL,
    City          TEXT    NOT NULL,
    PostalCode    TEXT    NOT NULL,
    Country       TEXT    NOT NULL,
    IsActive      INTEGER NOT NULL DEFAULT 1
);
CREATE UNIQUE INDEX UX_Sites_Account_Code ON Sites (AccountId, Code);

CREATE TABLE Users (
    Id                    TEXT    NOT NULL PRIMARY KEY,
    AccountId             TEXT    NULL REFERENCES CustomerAccounts (Id),
    SiteId                TEXT    NULL REFERENCES Sites (Id),
    DisplayName           TEXT    NOT NULL,
    UserName              TEXT    NOT NULL,
    NormalizedUserName    TEXT    NOT NULL,
    Email                 TEXT    NULL,
    NormalizedEmail       TEXT    NULL,
    EmailConfirmed        INTEGER NOT NULL DEFAULT 0,
    PasswordHash          TEXT    NULL,
    SecurityStamp         TEXT    NULL,
    ConcurrencyStamp      TEXT    NULL,
    PhoneNumber           TEXT    NULL,
    PhoneNumberConfirmed  INTEGER NOT NULL DEFAULT 0,
    TwoFactorEnabled      INTEGER NOT NULL DEFAULT 0,
    LockoutEnd            TEXT    NULL,
    LockoutEnabled        INTEGER NOT NULL DEFAULT 1,
    AccessFailedCount     INTEGER NOT NULL DEFAULT 0,
    IsDisabled            INTEGER NOT NULL DEFAULT 0,
    CreatedUtc            TEXT    NOT NULL
);
CREATE UNIQUE INDEX UX_Users_NormalizedUserName ON Users (NormalizedUserName);
CREATE INDEX IX_Users_NormalizedEmail ON Users (NormalizedEmail);
CREATE INDEX IX_Users_Account ON Users (AccountId);

CREATE TABLE Roles (
    Id                TEXT NOT NULL PRIMARY KEY,
    Name              TEXT NOT NULL,
    NormalizedName    TEXT NOT NULL,
    ConcurrencyStamp  TEXT NULL
);
CREATE UNIQUE INDEX UX_Roles_NormalizedName ON Roles (NormalizedName);

CREATE TABLE UserRoles (
    UserId  TEXT NOT NULL REFERENCES Users (Id) ON DELETE CASCADE,
    RoleId  TEXT NOT NULL REFERENCES Roles (Id) ON DELETE CASCADE,
    PRIMARY KEY (UserId, RoleId)
);

CREATE TABLE UserClaims (
    UserId      TEXT NOT NULL REFERENCES Users (Id) ON DELETE CASCADE,
    ClaimType   TEXT NOT NULL,
    ClaimValue  TEXT NOT NULL
);
CREATE INDEX IX_UserClaims_User ON UserClaims (UserId);

CREATE TABLE RoleClaims (
    RoleId      TEXT NOT NULL REFERENCES Roles (Id) ON DELETE CASCADE,
    ClaimType   TEXT NOT NULL,
    ClaimValue  TEXT NOT NULL
);
CREATE INDEX IX_RoleClaims_Role ON RoleClaims (RoleId);

CREATE TABLE UserLogins (
    LoginProvider        TEXT NOT NULL,
    ProviderKey          TEXT NOT NULL,
    ProviderDisplayName  TEXT NULL,
    UserId               TEXT NOT NULL REFERENCES Users (Id) ON DELETE CASCADE,
    PRIMARY KEY (LoginProvider, ProviderKey)
);

CREATE TABLE UserTokens (
    UserId         TEXT NOT NULL REFERENCES Users (Id) ON DELETE CASCADE,
    LoginProvider  TEXT NOT NULL,
    Name           TEXT NOT NULL,
    Value          TEXT NULL,
    PRIMARY KEY (UserId, LoginProvider, Name)
);

CREATE TABLE Invitations (
    Id               TEXT NOT NULL PRIMARY KEY,
    AccountId        TEXT NULL REFERENCES CustomerAccounts (Id),
    Email            TEXT NOT NULL,
    NormalizedEmail  TEXT NOT NULL,
    DisplayName      TEXT NOT NULL,
    Roles            TEXT NOT NULL,
    SiteId           TEXT NULL REFERENCES Sites (Id),
    TokenHash        TEXT NOT NULL,
    CreatedUtc       TEXT NOT NULL,
    ExpiresUtc       TEXT NOT NULL,
    InvitedByUserId  TEXT NULL REFERENCES Users (Id),
    AcceptedUtc      TEXT NULL,
    AcceptedUserId   TEXT NULL REFERENCES Users (Id),
    RevokedUtc       TEXT NULL
);
CREATE UNIQUE INDEX UX_Invitations_TokenHash ON Invitations (TokenHash);
CREATE INDEX IX_Invitations_Account ON Invitations (AccountId);

CREATE TABLE MailOutbox (
    Id               TEXT    NOT NULL PRIMARY KEY,
    ToAddress        TEXT    NOT NULL,
    Subject          TEXT    NOT NULL,
    HtmlBody         TEXT    NOT NULL,
    CreatedUtc       TEXT    NOT NULL,
    SentUtc          TEXT    NULL,
    Attempts         INTEGER NOT NULL DEFAULT 0,
    ClaimedUntilUtc  TEXT    NULL,
    LastError        TEXT    NULL
);
CREATE INDEX IX_MailOutbox_Unsent ON MailOutbox (SentUtc, CreatedUtc);

-- The six roles are part of the contract; their ids are fixed so both databases agree.
INSERT INTO Roles (Id, Name, NormalizedName, ConcurrencyStamp) VALUES
    ('7d7c2c55-7b8e-4b55-9d1c-0000000000a1', 'Buyer',          'BUYER',          'seed'),
    ('7d7c2c55-7b8e-4b55-9d1c-0000000000a2', 'Approver',       'APPROVER',       'seed'),
    ('7d7c2c55-7b8e-4b55-9d1c-0000000000a3', 'CustomerAdmin',  'CUSTOMERADMIN',  'seed'),
    ('7d7c2c55-7b8e-4b55-9d1c-0000000000b1', 'DeskAgent',      'DESKAGENT',      'seed'),
    ('7d7c2c55-7b8e-4b55-9d1c-0000000000b2', 'AccountManager', 'ACCOUNTMANAGER', 'seed'),
    ('7d7c2c55-7b8e-4b55-9d1c-0000000000b3', 'SupplierAdmin',  'SUPPLIERADMIN',  'seed');
