-- Issue #16, retention. V27–V30 are this issue's (V31 came first from the console branch, unreleased; Flyway applies
-- the lower version in order on a fresh database, as with V5–V7).
-- An organisation's retention periods in days, per audience; no row means the defaults (docs/retention.md).
CREATE TABLE retention_policy (
    org_id                 TEXT PRIMARY KEY REFERENCES organisation (id),
    staff_days             INTEGER NOT NULL CHECK (staff_days BETWEEN 1 AND 3650),
    patient_days           INTEGER NOT NULL CHECK (patient_days BETWEEN 1 AND 3650),
    mixed_days             INTEGER NOT NULL CHECK (mixed_days BETWEEN 1 AND 3650),
    -- contact requests from the public (issue being built in parallel): their policy exists before they do
    contact_request_days   INTEGER NOT NULL CHECK (contact_request_days BETWEEN 1 AND 3650),
    discharge_grace_days   INTEGER NOT NULL CHECK (discharge_grace_days BETWEEN 0 AND 365),
    updated_at             BIGINT NOT NULL
);
