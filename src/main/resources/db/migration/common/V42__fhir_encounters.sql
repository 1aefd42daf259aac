-- Issue #17: the EHR encounters whose end CareChat acted on (a discharge raised for the patient's record), so an
-- encounter read again — a re-read page, a later edit of the same stay — never discharges twice.
CREATE TABLE fhir_encounter (
    org_id          TEXT NOT NULL REFERENCES organisation (id),
    fhir_id         TEXT NOT NULL,
    patient_id      TEXT NOT NULL,
    discharged_at   BIGINT NOT NULL,
    PRIMARY KEY (org_id, fhir_id)
);
