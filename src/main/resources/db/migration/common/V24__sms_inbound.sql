-- Every SMS patients send, received exactly once (issue #15; sms/SmsInbox). Installation-wide: an SMS is recognised
-- before it is known which organisation it is for. Only keyed fingerprints identify a message here; texts are kept
-- sealed (installation key) and only while they wait: the parts of a concatenated SMS until it is whole, and an SMS
-- to a number no organisation uses.
CREATE TABLE sms_inbound (
    id             TEXT PRIMARY KEY,
    -- the SMS centre's id, else its timestamp with sender and text, else a one-off key (see window_key)
    dedup_key      TEXT NOT NULL UNIQUE,
    -- sender and text: without an id or timestamp, the same again within the duplicate window is a redelivery
    window_key     TEXT NOT NULL,
    received_at    BIGINT NOT NULL,
    org_id         TEXT REFERENCES organisation (id),
    unrouted_body  TEXT
);
CREATE INDEX sms_inbound_window ON sms_inbound (window_key, received_at);

-- A concatenated SMS being put together: one generation of a sender's reference (phones reuse references).
CREATE TABLE sms_concat (
    id            TEXT PRIMARY KEY,
    group_key     TEXT NOT NULL,
    generation    INTEGER NOT NULL,
    total         INTEGER NOT NULL,
    parts_seen    INTEGER NOT NULL,
    -- sealed destination and sender, to deliver the parts that came should the others never come
    address       TEXT,
    first_at      BIGINT NOT NULL,
    assembled_at  BIGINT,
    UNIQUE (group_key, generation)
);
CREATE INDEX sms_concat_waiting ON sms_concat (assembled_at, first_at);

CREATE TABLE sms_part (
    concat_id    TEXT NOT NULL REFERENCES sms_concat (id),
    part         INTEGER NOT NULL,
    part_key     TEXT NOT NULL,
    body         TEXT,
    received_at  BIGINT NOT NULL,
    PRIMARY KEY (concat_id, part)
);
