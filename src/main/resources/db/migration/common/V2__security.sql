-- Security core (issue #3): the audit hash chain, rotating data keys, installation keys, second factor.

-- Each audit row belongs to one chain (the acting user's, else the organisation's, else the installation's) at
-- position chain_seq; mac = HMAC(audit key, previous row's mac | this row). audit_chain holds each chain's sealed head.
ALTER TABLE audit_event ADD COLUMN chain_id TEXT;
ALTER TABLE audit_event ADD COLUMN chain_seq BIGINT;
ALTER TABLE audit_event ADD COLUMN mac TEXT;
-- Also the index of "everything user X did", in order: a chain is one user's rows of one organisation.
CREATE UNIQUE INDEX audit_event_chain ON audit_event (chain_id, chain_seq);
-- Rows written before the chain existed, sealed once at start: found without reading the whole trail.
CREATE INDEX audit_event_unsealed ON audit_event (occurred_at) WHERE mac IS NULL;

CREATE TABLE audit_chain (
    chain_id    TEXT PRIMARY KEY,
    org_id      TEXT,
    length      BIGINT NOT NULL,
    last_mac    TEXT NOT NULL,
    -- HMAC over (chain, length, last_mac): the head cannot be moved back without the key either
    head_mac    TEXT,
    updated_at  BIGINT NOT NULL
);

-- A conversation's data keys form one Tink keyset; a new primary key is added when the current one is older than
-- the rotation period (older keys still open older messages). rotated_at: when the current primary was made.
ALTER TABLE conversation_key ADD COLUMN rotated_at BIGINT NOT NULL DEFAULT 0;
UPDATE conversation_key SET rotated_at = created_at;

-- Installation-wide keysets wrapped by the master key: the audit MAC key, the key sealing small secrets.
CREATE TABLE system_key (
    name            TEXT PRIMARY KEY,
    wrapped_keyset  TEXT NOT NULL,
    created_at      BIGINT NOT NULL
);

-- Organisation settings.
ALTER TABLE organisation ADD COLUMN require_second_factor INTEGER NOT NULL DEFAULT 0
    CHECK (require_second_factor IN (0, 1));

-- TOTP second factor: the secret sealed by the secrets key, when it was confirmed, the last time step used (a code
-- is accepted once).
ALTER TABLE app_user ADD COLUMN totp_secret TEXT;
ALTER TABLE app_user ADD COLUMN totp_confirmed_at BIGINT;
ALTER TABLE app_user ADD COLUMN totp_last_step BIGINT NOT NULL DEFAULT 0;

CREATE TABLE recovery_code (
    user_id    TEXT NOT NULL REFERENCES app_user (id),
    code_hash  TEXT NOT NULL,
    used_at    BIGINT,
    PRIMARY KEY (user_id, code_hash)
);

-- The step between a correct password and the second factor: a short-lived secret, stored as a hash.
CREATE TABLE sign_in_challenge (
    id          TEXT PRIMARY KEY,
    token_hash  TEXT NOT NULL UNIQUE,
    user_id     TEXT NOT NULL REFERENCES app_user (id),
    kind        TEXT NOT NULL,
    device_name TEXT,
    created_at  BIGINT NOT NULL,
    attempts    INTEGER NOT NULL DEFAULT 0,
    used_at     BIGINT
);
