-- Fulfilment: the promise ledger (a confirmed promise is never overwritten: a change is a new row with a reason),
-- shipments and deliveries, quantity per order line.

CREATE TABLE Promises (
    Id            TEXT    NOT NULL PRIMARY KEY,
    OrderId       TEXT    NOT NULL REFERENCES Orders (Id) ON DELETE CASCADE,
    LineNumber    INTEGER NOT NULL,
    PromisedDate  TEXT    NOT NULL,
    Quantity      INTEGER NOT NULL,
    Kind          TEXT    NOT NULL,
    ReasonCode    TEXT    NULL,
    Note          TEXT    NULL,
    ByUserId      TEXT    NULL REFERENCES Users (Id),
    AtUtc         TEXT    NOT NULL
);
CREATE INDEX IX_Promises_Order ON Promises (OrderId, LineNumber, AtUtc);

CREATE TABLE Shipments (
    Id            TEXT NOT NULL PRIMARY KEY,
    OrderId       TEXT NOT NULL REFERENCES Orders (Id) ON DELETE CASCADE,
    Carrier       TEXT NOT NULL,
    TrackingRef   TEXT NULL,
    ShippedUtc    TEXT NOT NULL,
    ByUserId      TEXT NULL REFERENCES Users (Id)
);
CREATE INDEX IX_Shipments_Order ON Shipments (OrderId, ShippedUtc);

CREATE TABLE ShipmentLines (
    ShipmentId  TEXT    NOT NULL REFERENCES Shipments (Id) ON DELETE CASCADE,
    LineNumber  INTEGER NOT NULL,
    Quantity    INTEGER NOT NULL,
    PRIMARY KEY (ShipmentId, LineNumber)
);

CREATE TABLE Deliveries (
    Id             TEXT NOT NULL PRIMARY KEY,
    ShipmentId     TEXT NOT NULL REFERENCES Shipments (Id),
    OrderId        TEXT NOT NULL REFERENCES Orders (Id) ON DELETE CASCADE,
    DeliveredDate  TEXT NOT NULL,
    RecordedUtc    TEXT NOT NULL,
    ByUserId       TEXT NULL REFERENCES Users (Id)
);
CREATE UNIQUE INDEX UX_Deliveries_Shipment ON Deliveries (ShipmentId);

CREATE TABLE DeliveryLines (
    DeliveryId  TEXT    NOT NULL REFERENCES Deliveries (Id) ON DELETE CASCADE,
    LineNumber  INTEGER NOT NULL,
    Quantity    INTEGER NOT NULL,
    PRIMARY KEY (DeliveryId, LineNumber)
);
