-- Issue #17: how "File to record" writes to the EHR, as the organisation chooses: one FHIR Communication per message
-- ('communications', what every connection did before) or one DocumentReference with a PDF transcript per filing
-- ('document'). Existing connections keep filing Communications.
ALTER TABLE fhir_connection ADD COLUMN file_as TEXT NOT NULL DEFAULT 'communications'
    CHECK (file_as IN ('communications', 'document'));

-- Issue #17, access from the record: whether the participants of a patient's in-progress Encounters get access like
-- CareTeam members (off unless an admin turns it on).
ALTER TABLE fhir_connection ADD COLUMN encounter_access INTEGER NOT NULL DEFAULT 0
    CHECK (encounter_access IN (0, 1));

-- The EHR's Encounters read for access, by the EHR's ids: whose stay it is and its status (ids only, no content).
CREATE TABLE fhir_encounter_access (
    org_id          TEXT NOT NULL REFERENCES organisation (id),
    fhir_id         TEXT NOT NULL,
    patient_fhir_id TEXT NOT NULL,
    status          TEXT NOT NULL,
    synced_at       BIGINT NOT NULL,
    PRIMARY KEY (org_id, fhir_id)
);
CREATE INDEX fhir_encounter_access_patient ON fhir_encounter_access (org_id, patient_fhir_id);

-- An Encounter's practitioner participants whose period has not ended (a PractitionerRole stored as its practitioner).
CREATE TABLE fhir_encounter_participant (
    org_id               TEXT NOT NULL REFERENCES organisation (id),
    encounter_fhir_id    TEXT NOT NULL,
    practitioner_fhir_id TEXT NOT NULL,
    PRIMARY KEY (org_id, encounter_fhir_id, practitioner_fhir_id)
);
