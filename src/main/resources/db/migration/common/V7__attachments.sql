-- Attachments (issue #7): clinical photos and documents sent with a text message. V7, not V5: the patients branch
-- takes V5 and V6.
--
-- An upload is a row first ('uploading'), then its encrypted content in the blob store ('ready'), then claimed by
-- the message it is sent with ('attached', message_id and seq set, in the send's transaction). Rows that never get
-- that far are marked 'abandoned' by the sweeper, their blobs deleted, then the row: no blob without a row, and no
-- message pointing at a missing upload. The file name is clinical content: it is stored encrypted like the bytes.
CREATE TABLE attachment (
    id               TEXT PRIMARY KEY,
    org_id           TEXT NOT NULL REFERENCES organisation (id),
    conversation_id  TEXT NOT NULL REFERENCES conversation (id),
    uploaded_by      TEXT NOT NULL REFERENCES app_user (id),
    state            TEXT NOT NULL CHECK (state IN ('uploading', 'ready', 'attached', 'abandoned')),
    -- AES-GCM ciphertext of the file name as given (the conversation's data key, the row's identity as AAD)
    name             ${blob},
    -- decided from the content (Apache Tika), never from the name or the declared type
    content_type     TEXT,
    size_bytes       BIGINT,
    width            INTEGER,
    height           INTEGER,
    -- SHA-256 (hex) of the content as stored after metadata was stripped, verified on every read
    sha256           TEXT,
    has_thumbnail    INTEGER NOT NULL DEFAULT 0 CHECK (has_thumbnail IN (0, 1)),
    message_id       TEXT REFERENCES message (id),
    seq              BIGINT,
    created_at       BIGINT NOT NULL,
    attached_at      BIGINT
);
CREATE INDEX attachment_message ON attachment (conversation_id, message_id);
CREATE INDEX attachment_unclaimed ON attachment (state, created_at);
CREATE INDEX attachment_uploader ON attachment (uploaded_by, state);

-- The blob store every node can reach (carechat.attachments.store=database, the default in cluster mode):
-- ciphertext only, keyed by a server-made name.
CREATE TABLE attachment_blob (
    blob_key    TEXT PRIMARY KEY,
    data        ${blob} NOT NULL,
    created_at  BIGINT NOT NULL
);

-- An organisation's narrowing of the installation's allowed types (carechat.attachments.allowed-types): media types,
-- comma-separated; no row means all of the installation's. An empty list means the organisation takes no files.
CREATE TABLE attachment_policy (
    org_id         TEXT PRIMARY KEY REFERENCES organisation (id),
    allowed_types  TEXT NOT NULL,
    updated_at     BIGINT NOT NULL
);
