-- A fingerprint (a 64-bit hash of every stored value and of the names its roll-up rows carry) on each line figure, so
-- the nightly refresh compares what it measured with what is stored by reading keys and fingerprints, and writes only
-- the lines that differ and the roll-up rows they count in. 0: not known (rows from before this script: written again once).
ALTER TABLE ReliabilityLines ADD COLUMN Fingerprint INTEGER NOT NULL DEFAULT 0;
