-- When each member's read marker moved (issue #19): "Read by" names each reader with the time they read a message,
-- the first mark at or past its seq. Only adds: the previous release's code ignores it.
CREATE TABLE read_mark (
    conversation_id  TEXT NOT NULL REFERENCES conversation (id),
    user_id          TEXT NOT NULL REFERENCES app_user (id),
    read_seq         BIGINT NOT NULL,
    read_at          BIGINT NOT NULL,
    org_id           TEXT NOT NULL REFERENCES organisation (id),
    PRIMARY KEY (conversation_id, user_id, read_seq)
);
