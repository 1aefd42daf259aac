-- Identifying data at rest (issue #13): migrations 17.2 and 17.3 sealed every patient record and topic; the plain
-- columns go (with the indexes and the unique key built on them). PostgreSQL keeps a dropped column's values in the
-- table's pages until they are rewritten: after this run VACUUM FULL rewrites the tables (storage/PlainTextScrub).
ALTER TABLE patient DROP COLUMN mrn, DROP COLUMN given_name, DROP COLUMN family_name, DROP COLUMN birth_date,
    DROP COLUMN mobile, DROP COLUMN email;
ALTER TABLE patient ALTER COLUMN sealed_details SET NOT NULL, ALTER COLUMN mrn_digest SET NOT NULL;
ALTER TABLE patient ADD CONSTRAINT patient_org_mrn_digest UNIQUE (org_id, mrn_digest);

ALTER TABLE conversation DROP COLUMN topic;
