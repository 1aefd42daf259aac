-- Issue #17, access from the record: the EHR's CareTeams decide which staff may see a patient's conversations.
-- Ids, statuses and the practitioner-to-account mapping only; never a name or any other content of the record.
-- Additive: the previous release neither reads nor writes these tables or the new column, and a member row it inserts
-- gets via_record = 0 (a member in person), which is what it is.

-- A CareTeam of the EHR, by the EHR's ids: whose team it is, and whether it is active.
CREATE TABLE fhir_care_team (
    org_id          TEXT NOT NULL REFERENCES organisation (id),
    fhir_id         TEXT NOT NULL,
    patient_fhir_id TEXT NOT NULL,
    status          TEXT NOT NULL,
    version_id      TEXT,
    synced_at       BIGINT NOT NULL,
    PRIMARY KEY (org_id, fhir_id)
);
CREATE INDEX fhir_care_team_patient ON fhir_care_team (org_id, patient_fhir_id);

-- A CareTeam's practitioners (a PractitionerRole participant is stored as its practitioner).
CREATE TABLE fhir_care_team_member (
    org_id               TEXT NOT NULL REFERENCES organisation (id),
    care_team_fhir_id    TEXT NOT NULL,
    practitioner_fhir_id TEXT NOT NULL,
    PRIMARY KEY (org_id, care_team_fhir_id, practitioner_fhir_id)
);

-- A Practitioner of the EHR and the staff account it is (docs/fhir.md, "Practitioners and staff accounts"), or none.
CREATE TABLE fhir_practitioner (
    org_id     TEXT NOT NULL REFERENCES organisation (id),
    fhir_id    TEXT NOT NULL,
    user_id    TEXT,
    matched_by TEXT,
    synced_at  BIGINT NOT NULL,
    PRIMARY KEY (org_id, fhir_id)
);
CREATE INDEX fhir_practitioner_user ON fhir_practitioner (org_id, user_id);

-- A member who is in a conversation because the patient's care team in the EHR names them: they leave when it no
-- longer does (a member added in person stays).
ALTER TABLE conversation_member ADD COLUMN via_record INTEGER NOT NULL DEFAULT 0 CHECK (via_record IN (0, 1));
