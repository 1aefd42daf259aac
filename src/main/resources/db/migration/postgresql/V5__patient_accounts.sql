-- Patients (issue #5): a patient signs in as an app_user with the role 'patient', linked to their record.
ALTER TABLE app_user DROP CONSTRAINT app_user_role_check;
ALTER TABLE app_user ADD CONSTRAINT app_user_role_check
    CHECK (role IN ('admin', 'clinician', 'nurse', 'staff', 'patient'));
-- the patient record a patient's account belongs to (null for staff); one account per record
ALTER TABLE app_user ADD COLUMN patient_id TEXT REFERENCES patient (id);
CREATE UNIQUE INDEX app_user_patient ON app_user (patient_id);
