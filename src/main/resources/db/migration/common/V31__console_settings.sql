-- Issue #18, the admin console and account settings.
-- The "not for emergencies" text an organisation shows its patients (null: CareChat's default sentence).
ALTER TABLE organisation ADD COLUMN emergency_notice TEXT;

-- An organisation may lower the largest attachment below the installation's limit (null: the installation's).
ALTER TABLE attachment_policy ADD COLUMN max_file_bytes BIGINT;

-- A staff member's notification preferences; no row means the defaults (message alerts off until turned on, urgent SMS nudges on).
CREATE TABLE user_preference (
    user_id             TEXT PRIMARY KEY REFERENCES app_user (id),
    org_id              TEXT NOT NULL REFERENCES organisation (id),
    message_alerts      INTEGER NOT NULL CHECK (message_alerts IN (0, 1)),
    urgent_sms          INTEGER NOT NULL CHECK (urgent_sms IN (0, 1)),
    updated_at          BIGINT NOT NULL
);
