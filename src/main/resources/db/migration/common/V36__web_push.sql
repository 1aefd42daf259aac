-- Issue #19: Web Push (docs/delivery.md "Push"). Additive: the previous release neither reads nor writes these.
-- The installation's VAPID key pair (one row): the private key sealed by the secrets key, itself wrapped by the
-- master key (crypto/SecretBox).
CREATE TABLE push_vapid (
    id               INTEGER PRIMARY KEY CHECK (id = 1),
    public_key       TEXT NOT NULL,
    private_sealed   TEXT NOT NULL,
    created_at       BIGINT NOT NULL
);

-- One push subscription per session or device token (device_id is auth_token.id): signing out, ending the session
-- or a 404/410 from the push service deletes it. No foreign key to auth_token, which a wipe may delete.
CREATE TABLE push_subscription (
    device_id        TEXT PRIMARY KEY,
    org_id           TEXT NOT NULL REFERENCES organisation (id),
    user_id          TEXT NOT NULL,
    endpoint         TEXT NOT NULL,
    p256dh           TEXT NOT NULL,
    auth_secret      TEXT NOT NULL,
    created_at       BIGINT NOT NULL
);
CREATE INDEX push_subscription_user ON push_subscription (org_id, user_id);

-- A staff member's alert settings; no row: the defaults (sound on, push for every message, no quiet hours).
-- scope: 'all' or 'urgent_and_direct'. Quiet hours (minutes after midnight in zone) never hold back urgent ones.
CREATE TABLE push_setting (
    user_id          TEXT PRIMARY KEY,
    org_id           TEXT NOT NULL REFERENCES organisation (id),
    sound            INTEGER NOT NULL CHECK (sound IN (0, 1)),
    scope            TEXT NOT NULL CHECK (scope IN ('all', 'urgent_and_direct')),
    quiet_from       INTEGER CHECK (quiet_from BETWEEN 0 AND 1439),
    quiet_to         INTEGER CHECK (quiet_to BETWEEN 0 AND 1439),
    zone             TEXT,
    updated_at       BIGINT NOT NULL
);

-- The repeat timer of an urgent alert's push: pushed again at next_at until the alert is acknowledged, when the row
-- is deleted in the acknowledgement's transaction. A conditional update claims each repeat once across nodes.
CREATE TABLE push_urgent (
    alert_id         TEXT PRIMARY KEY,
    org_id           TEXT NOT NULL REFERENCES organisation (id),
    user_id          TEXT NOT NULL,
    next_at          BIGINT NOT NULL
);
CREATE INDEX push_urgent_due ON push_urgent (next_at);
