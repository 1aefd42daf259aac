-- Everyday flows (issue #19). Both changes only add: the previous release's code ignores them.

-- A member who muted the conversation hears only mentions of them and urgent messages there.
ALTER TABLE conversation_member ADD COLUMN muted INTEGER NOT NULL DEFAULT 0 CHECK (muted IN (0, 1));

-- Who a message mentions, by the member's id (the text shows the name; this is what alerts and counts use).
CREATE TABLE message_mention (
    conversation_id  TEXT NOT NULL REFERENCES conversation (id),
    seq              BIGINT NOT NULL,
    user_id          TEXT NOT NULL REFERENCES app_user (id),
    org_id           TEXT NOT NULL REFERENCES organisation (id),
    PRIMARY KEY (conversation_id, seq, user_id)
);
CREATE INDEX message_mention_user ON message_mention (user_id, conversation_id, seq);
