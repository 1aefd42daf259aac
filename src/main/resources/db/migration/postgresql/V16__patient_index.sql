-- The blind index of patient records (issue #13): one row per (entry, record). An entry is the HMAC, under the
-- organisation's index key, of a normalised term: a prefix of a word of the name, a short word whole, the patient
-- id or a prefix of it, the mobile number in E.164 form, the e-mail address. Search looks entries up here, then
-- decrypts the records found and checks them. Keyed by the entry first: lookups go by entry.
CREATE TABLE patient_index (
    digest      BYTEA NOT NULL,
    patient_id  TEXT NOT NULL REFERENCES patient (id),
    org_id      TEXT NOT NULL REFERENCES organisation (id),
    PRIMARY KEY (digest, patient_id)
);
CREATE INDEX patient_index_patient ON patient_index (patient_id);
