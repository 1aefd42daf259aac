-- Issue #16: a conversation's own retention period (docs/retention.md). Additive: the previous release neither reads
-- nor writes it. No row: the organisation's period for the conversation's audience.
-- lengthened = 1: an admin set it longer than the policy at the time, and it stays as set; 0: a shortening, which
-- never keeps the conversation longer than the policy (a policy shortened later below it wins).
CREATE TABLE conversation_retention (
    conversation_id  TEXT PRIMARY KEY REFERENCES conversation (id),
    org_id           TEXT NOT NULL REFERENCES organisation (id),
    days             INTEGER NOT NULL CHECK (days BETWEEN 1 AND 3650),
    lengthened       INTEGER NOT NULL CHECK (lengthened IN (0, 1)),
    set_by           TEXT NOT NULL,
    set_at           BIGINT NOT NULL
);
