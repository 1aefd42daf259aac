-- Patients (issue #5): one-time codes, organisation rules for patient notices, the notice outbox.

-- Registration and sign-in look a record up by date of birth, then compare the normalised contact.
CREATE INDEX patient_birth_date ON patient (birth_date);

-- A one-time code asked for with a contact and a date of birth. Requests that matched no record are stored too
-- (patient_id null), so that an answer never tells whether a record exists. Only a hash of the code is kept.
CREATE TABLE patient_code (
    id          TEXT PRIMARY KEY,
    secret_hash TEXT NOT NULL UNIQUE,
    org_id      TEXT REFERENCES organisation (id),
    patient_id  TEXT REFERENCES patient (id),
    channel     TEXT,
    code_hash   TEXT NOT NULL,
    created_at  BIGINT NOT NULL,
    expires_at  BIGINT NOT NULL,
    attempts    INTEGER NOT NULL DEFAULT 0,
    used_at     BIGINT
);
CREATE INDEX patient_code_created ON patient_code (created_at);

-- How an organisation tells its patients of new messages: channels in order of preference (e.g. 'sms,email'), the
-- daily window in which notices may go out and quiet hours inside it (minutes after local midnight; quiet hours
-- may run past midnight), the organisation's time zone, and how patients sign in after registering.
ALTER TABLE organisation ADD COLUMN notice_channels TEXT NOT NULL DEFAULT 'sms,email';
ALTER TABLE organisation ADD COLUMN notice_window_start INTEGER NOT NULL DEFAULT 480;
ALTER TABLE organisation ADD COLUMN notice_window_end INTEGER NOT NULL DEFAULT 1200;
ALTER TABLE organisation ADD COLUMN quiet_start INTEGER;
ALTER TABLE organisation ADD COLUMN quiet_end INTEGER;
ALTER TABLE organisation ADD COLUMN time_zone TEXT NOT NULL DEFAULT 'UTC';
ALTER TABLE organisation ADD COLUMN patient_sign_in TEXT NOT NULL DEFAULT 'code';

-- The notice outbox: at most one notice per patient account and local day (the unique key is what makes "never
-- sent twice" hold across retries, restarts and nodes). A notice is claimed ('sending') before it is handed to a
-- channel and marked 'sent' after; one left 'sending' by a crash is not sent again ('unknown' after the lease).
CREATE TABLE patient_notice (
    id              TEXT PRIMARY KEY,
    org_id          TEXT NOT NULL REFERENCES organisation (id),
    user_id         TEXT NOT NULL REFERENCES app_user (id),
    day             TEXT NOT NULL,
    status          TEXT NOT NULL CHECK (status IN ('pending', 'sending', 'sent', 'failed', 'unknown')),
    channel         TEXT,
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at BIGINT NOT NULL,
    claimed_at      BIGINT,
    created_at      BIGINT NOT NULL,
    sent_at         BIGINT,
    provider_id     TEXT,
    delivery_status TEXT,
    delivered_at    BIGINT,
    UNIQUE (user_id, day)
);
CREATE INDEX patient_notice_due ON patient_notice (status, next_attempt_at);
CREATE INDEX patient_notice_provider ON patient_notice (provider_id);
