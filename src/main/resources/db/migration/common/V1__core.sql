-- CareChat core schema. Portable across SQLite and PostgreSQL (docs/database.md):
-- ids are text (UUIDv7), times are epoch milliseconds, booleans are 0/1, ${blob} is BLOB or BYTEA.
-- Every table that holds an organisation's data carries org_id, and every query filters by it.

CREATE TABLE organisation (
    id          TEXT PRIMARY KEY,
    name        TEXT NOT NULL UNIQUE,
    created_at  BIGINT NOT NULL
);

CREATE TABLE app_user (
    id            TEXT PRIMARY KEY,
    org_id        TEXT NOT NULL REFERENCES organisation (id),
    username      TEXT NOT NULL UNIQUE,
    display_name  TEXT NOT NULL,
    role          TEXT NOT NULL CHECK (role IN ('admin', 'clinician', 'nurse', 'staff')),
    system_admin  INTEGER NOT NULL DEFAULT 0 CHECK (system_admin IN (0, 1)),
    password_hash TEXT,
    must_change_password INTEGER NOT NULL DEFAULT 0 CHECK (must_change_password IN (0, 1)),
    disabled      INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
    created_at    BIGINT NOT NULL
);
CREATE INDEX app_user_org ON app_user (org_id, display_name);

CREATE TABLE patient (
    id           TEXT PRIMARY KEY,
    org_id       TEXT NOT NULL REFERENCES organisation (id),
    mrn          TEXT NOT NULL,
    given_name   TEXT NOT NULL,
    family_name  TEXT NOT NULL,
    birth_date   TEXT NOT NULL,
    mobile       TEXT,
    email        TEXT,
    created_at   BIGINT NOT NULL,
    UNIQUE (org_id, mrn)
);
CREATE INDEX patient_org_name ON patient (org_id, family_name, given_name);

-- Browser sessions and device/script tokens. Only a SHA-256 of the secret is stored.
CREATE TABLE auth_token (
    id            TEXT PRIMARY KEY,
    org_id        TEXT NOT NULL REFERENCES organisation (id),
    user_id       TEXT NOT NULL REFERENCES app_user (id),
    kind          TEXT NOT NULL CHECK (kind IN ('session', 'device')),
    token_hash    TEXT NOT NULL UNIQUE,
    csrf_token    TEXT,
    name          TEXT,
    created_at    BIGINT NOT NULL,
    last_used_at  BIGINT NOT NULL,
    revoked_at    BIGINT
);
CREATE INDEX auth_token_user ON auth_token (user_id);

CREATE TABLE conversation (
    id                TEXT PRIMARY KEY,
    org_id            TEXT NOT NULL REFERENCES organisation (id),
    kind              TEXT NOT NULL CHECK (kind IN ('direct', 'group')),
    audience          TEXT NOT NULL CHECK (audience IN ('staff', 'patient', 'mixed')),
    topic             TEXT,
    patient_id        TEXT REFERENCES patient (id),
    accept_responses  INTEGER NOT NULL CHECK (accept_responses IN (0, 1)),
    -- the two member ids of a direct conversation, sorted: one direct conversation per pair
    direct_key        TEXT,
    -- the conversation's timeline position: the seq of its newest entry (see docs/delivery.md)
    last_seq          BIGINT NOT NULL DEFAULT 0,
    last_activity_at  BIGINT NOT NULL,
    created_by        TEXT NOT NULL,
    created_at        BIGINT NOT NULL,
    UNIQUE (org_id, direct_key)
);
CREATE INDEX conversation_org_patient ON conversation (org_id, patient_id);

CREATE TABLE conversation_member (
    conversation_id  TEXT NOT NULL REFERENCES conversation (id),
    user_id          TEXT NOT NULL REFERENCES app_user (id),
    org_id           TEXT NOT NULL REFERENCES organisation (id),
    role             TEXT NOT NULL CHECK (role IN ('owner', 'member')),
    -- monotonic markers: read up to, and delivered to one of the member's devices up to
    read_seq         BIGINT NOT NULL DEFAULT 0,
    delivered_seq    BIGINT NOT NULL DEFAULT 0,
    joined_seq       BIGINT NOT NULL,
    added_at         BIGINT NOT NULL,
    PRIMARY KEY (conversation_id, user_id)
);
CREATE INDEX conversation_member_user ON conversation_member (user_id, conversation_id);

-- The conversation timeline: text messages and the events that change a conversation, one gap-free seq each.
CREATE TABLE message (
    id               TEXT PRIMARY KEY,
    org_id           TEXT NOT NULL REFERENCES organisation (id),
    conversation_id  TEXT NOT NULL REFERENCES conversation (id),
    seq              BIGINT NOT NULL,
    sender_id        TEXT NOT NULL REFERENCES app_user (id),
    client_msg_id    TEXT,
    kind             TEXT NOT NULL,
    -- AES-GCM ciphertext of the text (Tink, the conversation's data key, the row's identity as associated data)
    body             ${blob},
    -- event details for non-text entries: ids only, never clinical content
    meta             TEXT,
    created_at       BIGINT NOT NULL,
    deleted_at       BIGINT,
    deleted_by       TEXT,
    UNIQUE (conversation_id, seq),
    UNIQUE (conversation_id, sender_id, client_msg_id)
);

-- Per device (session or token) and conversation: the highest seq the device acknowledged (cumulative).
CREATE TABLE device_cursor (
    device_id        TEXT NOT NULL,
    conversation_id  TEXT NOT NULL REFERENCES conversation (id),
    user_id          TEXT NOT NULL,
    delivered_seq    BIGINT NOT NULL,
    updated_at       BIGINT NOT NULL,
    PRIMARY KEY (device_id, conversation_id)
);

-- Each conversation's data key, a Tink keyset encrypted by the master key.
CREATE TABLE conversation_key (
    conversation_id  TEXT PRIMARY KEY REFERENCES conversation (id),
    org_id           TEXT NOT NULL REFERENCES organisation (id),
    wrapped_keyset   TEXT NOT NULL,
    created_at       BIGINT NOT NULL
);

-- Append-only record of who did what: metadata only, never a message body.
CREATE TABLE audit_event (
    id               TEXT PRIMARY KEY,
    org_id           TEXT,
    occurred_at      BIGINT NOT NULL,
    type             TEXT NOT NULL,
    outcome          TEXT NOT NULL CHECK (outcome IN ('success', 'refused')),
    actor_id         TEXT,
    ip               TEXT,
    target_type      TEXT,
    target_id        TEXT,
    conversation_id  TEXT,
    patient_id       TEXT,
    details          TEXT
);
CREATE INDEX audit_event_org_time ON audit_event (org_id, occurred_at);
