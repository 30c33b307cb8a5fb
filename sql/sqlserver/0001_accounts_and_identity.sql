-- Supplier, customer accounts (tenants) and their sites, ASP.NET Core Identity tables, invitations.
-- GUIDs are uniqueidentifier, instants are UTC datetime2; the SQLite script keeps the same shape in TEXT columns.

CREATE TABLE Supplier (
    Id          UNIQUEIDENTIFIER NOT NULL PRIMARY KEY,
    Name        NVARCHAR(256) NOT NULL,
    CreatedUtc  DATETIME2(7) NOT NULL
);

CREATE TABLE CustomerAccounts (
    Id                  UNIQUEIDENTIFIER    NOT NULL PRIMARY KEY,
    Name                NVARCHAR(256)    NOT NULL,
    ParentAccountId     UNIQUEIDENTIFIER    NULL REFERENCES CustomerAccounts (Id),
    TimeZone            NVARCHAR(128)    NOT NULL,
    IdleTimeoutMinutes  INT NOT NULL DEFAULT 15,
    IsActive            BIT NOT NULL DEFAULT 1,
    CreatedUtc          DATETIME2(7)    NOT NULL,
    Version             INT NOT NULL DEFAULT 1
);
CREATE UNIQUE INDEX UX_CustomerAccounts_Name ON CustomerAccounts (Name);
CREATE INDEX IX_CustomerAccounts_Parent ON CustomerAccounts (ParentAccountId);

CREATE TABLE Sites (
    Id            UNIQUEIDENTIFIER    NOT NULL PRIMARY KEY,
    AccountId     UNIQUEIDENTIFIER    NOT NULL REFERENCES CustomerAccounts (Id),
    Code          NVARCHAR(128)    NOT NULL,
    Name          NVARCHAR(256)    NOT NULL,
    AddressLine1  NVARCHAR(400)    NOT NULL,
    AddressLine2  NVARCHAR(256)    NULL,
    City          NVARCHAR(256)    NOT NULL,
    PostalCode    NVARCHAR(128)    NOT NULL,
    Country       NVARCHAR(128)    NOT NULL,
    IsActive      BIT NOT NULL DEFAULT 1
);
CREATE UNIQUE INDEX UX_Sites_Account_Code ON Sites (AccountId, Code);

CREATE TABLE Users (
    Id                    UNIQUEIDENTIFIER    NOT NULL PRIMARY KEY,
    AccountId             UNIQUEIDENTIFIER    NULL REFERENCES CustomerAccounts (Id),
    SiteId                UNIQUEIDENTIFIER    NULL REFERENCES Sites (Id),
    DisplayName           NVARCHAR(256)    NOT NULL,
    UserName              NVARCHAR(256)    NOT NULL,
    NormalizedUserName    NVARCHAR(256)    NOT NULL,
    Email                 NVARCHAR(256)    NULL,
    NormalizedEmail       NVARCHAR(256)    NULL,
    EmailConfirmed        BIT NOT NULL DEFAULT 0,
    PasswordHash          NVARCHAR(400)    NULL,
    SecurityStamp         NVARCHAR(256)    NULL,
    ConcurrencyStamp      NVARCHAR(256)    NULL,
    PhoneNumber           NVARCHAR(256)    NULL,
    PhoneNumberConfirmed  BIT NOT NULL DEFAULT 0,
    TwoFactorEnabled      BIT NOT NULL DEFAULT 0,
    LockoutEnd            DATETIME2(7)    NULL,
    LockoutEnabled        BIT NOT NULL DEFAULT 1,
    AccessFailedCount     INT NOT NULL DEFAULT 0,
    IsDisabled            BIT NOT NULL DEFAULT 0,
    CreatedUtc            DATETIME2(7)    NOT NULL
);
CREATE UNIQUE INDEX UX_Users_NormalizedUserName ON Users (NormalizedUserName);
CREATE INDEX IX_Users_NormalizedEmail ON Users (NormalizedEmail);
CREATE INDEX IX_Users_Account ON Users (AccountId);

CREATE TABLE Roles (
    Id                UNIQUEIDENTIFIER NOT NULL PRIMARY KEY,
    Name              NVARCHAR(256) NOT NULL,
    NormalizedName    NVARCHAR(256) NOT NULL,
    ConcurrencyStamp  NVARCHAR(256) NULL
);
CREATE UNIQUE INDEX UX_Roles_NormalizedName ON Roles (NormalizedName);

CREATE TABLE UserRoles (
    UserId  UNIQUEIDENTIFIER NOT NULL REFERENCES Users (Id) ON DELETE CASCADE,
    RoleId  UNIQUEIDENTIFIER NOT NULL REFERENCES Roles (Id) ON DELETE CASCADE,
    PRIMARY KEY (UserId, RoleId)
);

CREATE TABLE UserClaims (
    UserId      UNIQUEIDENTIFIER NOT NULL REFERENCES Users (Id) ON DELETE CASCADE,
    ClaimType   NVARCHAR(256) NOT NULL,
    ClaimValue  NVARCHAR(1000) NOT NULL
);
CREATE INDEX IX_UserClaims_User ON UserClaims (UserId);

CREATE TABLE RoleClaims (
    RoleId      UNIQUEIDENTIFIER NOT NULL REFERENCES Roles (Id) ON DELETE CASCADE,
    ClaimType   NVARCHAR(256) NOT NULL,
    ClaimValue  NVARCHAR(1000) NOT NULL
);
CREATE INDEX IX_RoleClaims_Role ON RoleClaims (RoleId);

CREATE TABLE UserLogins (
    LoginProvider        NVARCHAR(128) NOT NULL,
    ProviderKey          NVARCHAR(128) NOT NULL,
    ProviderDisplayName  NVARCHAR(256) NULL,
    UserId               UNIQUEIDENTIFIER NOT NULL REFERENCES Users (Id) ON DELETE CASCADE,
    PRIMARY KEY (LoginProvider, ProviderKey)
);

CREATE TABLE UserTokens (
    UserId         UNIQUEIDENTIFIER NOT NULL REFERENCES Users (Id) ON DELETE CASCADE,
    LoginProvider  NVARCHAR(128) NOT NULL,
    Name           NVARCHAR(256) NOT NULL,
    Value          NVARCHAR(MAX) NULL,
    PRIMARY KEY (UserId, LoginProvider, Name)
);

CREATE TABLE Invitations (
    Id               UNIQUEIDENTIFIER NOT NULL PRIMARY KEY,
    AccountId        UNIQUEIDENTIFIER NULL REFERENCES CustomerAccounts (Id),
    Email            NVARCHAR(256) NOT NULL,
    NormalizedEmail  NVARCHAR(256) NOT NULL,
    DisplayName      NVARCHAR(256) NOT NULL,
    Roles            NVARCHAR(400) NOT NULL,
    SiteId           UNIQUEIDENTIFIER NULL REFERENCES Sites (Id),
    TokenHash        VARCHAR(128) NOT NULL,
    CreatedUtc       DATETIME2(7) NOT NULL,
    ExpiresUtc       DATETIME2(7) NOT NULL,
    InvitedByUserId  UNIQUEIDENTIFIER NULL REFERENCES Users (Id),
    AcceptedUtc      DATETIME2(7) NULL,
    AcceptedUserId   UNIQUEIDENTIFIER NULL REFERENCES Users (Id),
    RevokedUtc       DATETIME2(7) NULL
);
CREATE UNIQUE INDEX UX_Invitations_TokenHash ON Invitations (TokenHash);
CREATE INDEX IX_Invitations_Account ON Invitations (AccountId);

CREATE TABLE MailOutbox (
    Id               UNIQUEIDENTIFIER    NOT NULL PRIMARY KEY,
    ToAddress        NVARCHAR(256)    NOT NULL,
    Subject          NVARCHAR(256)    NOT NULL,
    HtmlBody         NVARCHAR(MAX)    NOT NULL,
    CreatedUtc       DATETIME2(7)    NOT NULL,
    SentUtc          DATETIME2(7)    NULL,
    Attempts         INT NOT NULL DEFAULT 0,
    ClaimedUntilUtc  DATETIME2(7)    NULL,
    LastError        NVARCHAR(MAX)    NULL
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
