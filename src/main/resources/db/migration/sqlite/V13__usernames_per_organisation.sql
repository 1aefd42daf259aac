-- Issue #13: a username is unique within its organisation, not across the installation, so that no organisation can
-- learn another's usernames by trying to create them. Sign-in names the organisation when a username is in several.
-- SQLite cannot drop a column's UNIQUE constraint in place, so app_user is rebuilt as in V5: the rows that reference
-- it stay valid, because foreign keys are checked at commit and by then every user is back under its own id.
PRAGMA defer_foreign_keys = ON;

CREATE TABLE app_user_before_v13 AS SELECT * FROM app_user;
DROP TABLE app_user;

CREATE TABLE app_user (
    id            TEXT PRIMARY KEY,
    org_id        TEXT NOT NULL REFERENCES organisation (id),
    username      TEXT NOT NULL,
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
    patient_id    TEXT REFERENCES patient (id),
    password_expires_at BIGINT
);

INSERT INTO app_user (id, org_id, username, display_name, role, system_admin, password_hash, must_change_password,
        disabled, created_at, totp_secret, totp_confirmed_at, totp_last_step, patient_id, password_expires_at)
    SELECT id, org_id, username, display_name, role, system_admin, password_hash, must_change_password, disabled,
        created_at, totp_secret, totp_confirmed_at, totp_last_step, patient_id, password_expires_at
    FROM app_user_before_v13;
DROP TABLE app_user_before_v13;

CREATE INDEX app_user_org ON app_user (org_id, display_name);
CREATE UNIQUE INDEX app_user_patient ON app_user (patient_id);
CREATE UNIQUE INDEX app_user_org_username ON app_user (org_id, username);
CREATE INDEX app_user_username ON app_user (username);
