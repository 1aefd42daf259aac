-- Patients (issue #5): a patient signs in as an app_user with the role 'patient', linked to their record.
-- SQLite cannot change a CHECK constraint in place, so app_user is rebuilt (https://sqlite.org/lang_altertable.html).
-- The rows that reference app_user stay valid throughout: foreign keys are checked at commit, not per statement,
-- and by then every user is back under its own id.
PRAGMA defer_foreign_keys = ON;

CREATE TABLE app_user_before_v5 AS SELECT * FROM app_user;
DROP TABLE app_user;

CREATE TABLE app_user (
    id            TEXT PRIMARY KEY,
    org_id        TEXT NOT NULL REFERENCES organisation (id),
    username      TEXT NOT NULL UNIQUE,
    display_name  TEXT NOT NULL,
    role          TEXT NOT NULL CHECK (role IN ('admin', 'clinician', 'nurse', 'staff', 'patient')),
    system_admin  INTEGER NOT NULL DEFAULT 0 CHECK (system_admin IN (0, 1)),
    password_hash TEXT,
    must_change_password INTEGER NOT NULL DEFAULT 0 CHECK (must_change_password IN (0, 1)),
    disabled      INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
    created_at    BIGINT NOT NULL,
    totp_secret   TEXT,
    totp_confirmed_at BIGINT,
    totp_last_step BIGINT NOT NULL DEFAULT 0,
    -- the patient record a patient's account belongs to (null for staff); one account per record
    patient_id    TEXT REFERENCES patient (id)
);

INSERT INTO app_user (id, org_id, username, display_name, role, system_admin, password_hash, must_change_password,
        disabled, created_at, totp_secret, totp_confirmed_at, totp_last_step)
    SELECT id, org_id, username, display_name, role, system_admin, password_hash, must_change_password, disabled,
        created_at, totp_secret, totp_confirmed_at, totp_last_step FROM app_user_before_v5;
DROP TABLE app_user_before_v5;

CREATE INDEX app_user_org ON app_user (org_id, display_name);
CREATE UNIQUE INDEX app_user_patient ON app_user (patient_id);
