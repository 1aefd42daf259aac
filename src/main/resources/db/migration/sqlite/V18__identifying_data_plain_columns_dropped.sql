-- Identifying data at rest (issue #13): migrations 17.2 and 17.3 sealed every patient record and topic; the plain
-- columns go. SQLite cannot drop a column that is part of a UNIQUE constraint (patient.mrn), so patient is rebuilt as
-- V5 rebuilt app_user: the rows that reference patients stay valid because foreign keys are checked at commit, by
-- which time every record is back under its own id. Two indexes on the referencing columns exist only during the
-- rebuild, so that dropping the old table checks its references by index instead of scanning for each record.
-- The old pages are still in the file afterwards: after this run VACUUM rewrites it (storage/PlainTextScrub).
PRAGMA defer_foreign_keys = ON;

CREATE INDEX conversation_patient_v18 ON conversation (patient_id);
CREATE INDEX patient_code_patient_v18 ON patient_code (patient_id);

CREATE TABLE patient_before_v18 AS SELECT id, org_id, mrn_digest, sealed_details, created_at FROM patient;
DROP TABLE patient;

CREATE TABLE patient (
    id              TEXT PRIMARY KEY,
    org_id          TEXT NOT NULL REFERENCES organisation (id),
    -- blind index of the patient id: unique within the organisation
    mrn_digest      BLOB NOT NULL,
    -- the identifying fields, sealed under the organisation's data key (patient/PatientCodec)
    sealed_details  BLOB NOT NULL,
    created_at      BIGINT NOT NULL,
    UNIQUE (org_id, mrn_digest)
);
INSERT INTO patient (id, org_id, mrn_digest, sealed_details, created_at)
    SELECT id, org_id, mrn_digest, sealed_details, created_at FROM patient_before_v18;
DROP TABLE patient_before_v18;

DROP INDEX conversation_patient_v18;
DROP INDEX patient_code_patient_v18;

ALTER TABLE conversation DROP COLUMN topic;
