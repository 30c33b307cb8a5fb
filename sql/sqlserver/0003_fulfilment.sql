-- Fulfilment: the promise ledger (a confirmed promise is never overwritten: a change is a new row with a reason),
-- shipments and deliveries, quantity per order line.

CREATE TABLE Promises (
    Id            UNIQUEIDENTIFIER    NOT NULL PRIMARY KEY,
    OrderId       UNIQUEIDENTIFIER    NOT NULL REFERENCES Orders (Id) ON DELETE CASCADE,
    LineNumber    INT NOT NULL,
    PromisedDate  DATE    NOT NULL,
    Quantity      INT NOT NULL,
    Kind          NVARCHAR(32)    NOT NULL,
    ReasonCode    NVARCHAR(32)    NULL,
    Note          NVARCHAR(1000)    NULL,
    ByUserId      UNIQUEIDENTIFIER    NULL REFERENCES Users (Id),
    AtUtc         DATETIME2(7)    NOT NULL
);
CREATE INDEX IX_Promises_Order ON Promises (OrderId, LineNumber, AtUtc);

CREATE TABLE Shipments (
    Id            UNIQUEIDENTIFIER NOT NULL PRIMARY KEY,
    OrderId       UNIQUEIDENTIFIER NOT NULL REFERENCES Orders (Id) ON DELETE CASCADE,
    Carrier       NVARCHAR(128) NOT NULL,
    TrackingRef   NVARCHAR(128) NULL,
    ShippedUtc    DATETIME2(7) NOT NULL,
    ByUserId      UNIQUEIDENTIFIER NULL REFERENCES Users (Id)
);
CREATE INDEX IX_Shipments_Order ON Shipments (OrderId, ShippedUtc);

CREATE TABLE ShipmentLines (
    ShipmentId  UNIQUEIDENTIFIER    NOT NULL REFERENCES Shipments (Id) ON DELETE CASCADE,
    LineNumber  INT NOT NULL,
    Quantity    INT NOT NULL,
    PRIMARY KEY (ShipmentId, LineNumber)
);

CREATE TABLE Deliveries (
    Id             UNIQUEIDENTIFIER NOT NULL PRIMARY KEY,
    ShipmentId     UNIQUEIDENTIFIER NOT NULL REFERENCES Shipments (Id),
    OrderId        UNIQUEIDENTIFIER NOT NULL REFERENCES Orders (Id) ON DELETE CASCADE,
    DeliveredDate  DATE NOT NULL,
    RecordedUtc    DATETIME2(7) NOT NULL,
    ByUserId       UNIQUEIDENTIFIER NULL REFERENCES Users (Id)
);
CREATE UNIQUE INDEX UX_Deliveries_Shipment ON Deliveries (ShipmentId);

CREATE TABLE DeliveryLines (
    DeliveryId  UNIQUEIDENTIFIER    NOT NULL REFERENCES Deliveries (Id) ON DELETE CASCADE,
    LineNumber  INT NOT NULL,
    Quantity    INT NOT NULL,
    PRIMARY KEY (DeliveryId, LineNumber)
);
