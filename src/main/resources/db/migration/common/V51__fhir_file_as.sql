-- Issue #17: how "File to record" writes to the EHR, as the organisation chooses: one FHIR Communication per message
-- ('communications', what every connection did before) or one DocumentReference with a PDF transcript per filing
-- ('document'). Existing connections keep filing Communications.
ALTER TABLE fhir_connection ADD COLUMN file_as TEXT NOT NULL DEFAULT 'communications'
    CHECK (file_as IN ('communications', 'document'));
