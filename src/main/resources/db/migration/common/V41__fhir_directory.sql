-- Issue #17: the EHR's patients behind CareChat's patient records. A row per EHR Patient id: the record it is stored
-- as, the version last stored (a re-read of the same version writes nothing), and whether the EHR merged it into
-- another patient (Patient.link replaced-by) or deleted it. Ids only: the record's contents stay sealed in patient.
CREATE TABLE fhir_patient (
    org_id        TEXT NOT NULL REFERENCES organisation (id),
    fhir_id       TEXT NOT NULL,
    patient_id    TEXT,
    version_id    TEXT,
    status        TEXT NOT NULL CHECK (status IN ('active', 'merged', 'deleted', 'left_out')),
    merged_into   TEXT,
    synced_at     BIGINT NOT NULL,
    PRIMARY KEY (org_id, fhir_id)
);
CREATE INDEX fhir_patient_record ON fhir_patient (org_id, patient_id);

-- Where each feed of the EHR sync is (the _lastUpdated or _since time, epoch ms, up to which everything is stored):
-- a pass that stops half-way starts the next from here, and pages already stored are not stored again.
CREATE TABLE fhir_cursor (
    org_id     TEXT NOT NULL REFERENCES organisation (id),
    feed       TEXT NOT NULL,
    position   BIGINT NOT NULL,
    PRIMARY KEY (org_id, feed)
);
