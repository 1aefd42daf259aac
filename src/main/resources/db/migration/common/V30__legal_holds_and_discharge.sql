-- Issue #16: legal holds and discharge (docs/retention.md). Additive: the previous release neither reads nor writes
-- them (it would purge nothing: it has no purge).
-- A legal hold on a conversation, a patient (every conversation linked to their record) or a user (every conversation
-- they are a member of): nothing held is purged. Released holds stay, for the record of who held what and why.
CREATE TABLE legal_hold (
    id              TEXT PRIMARY KEY,
    org_id          TEXT NOT NULL REFERENCES organisation (id),
    target_type     TEXT NOT NULL CHECK (target_type IN ('conversation', 'patient', 'user')),
    target_id       TEXT NOT NULL,
    reason          TEXT NOT NULL,
    placed_by       TEXT NOT NULL,
    placed_at       BIGINT NOT NULL,
    released_by     TEXT,
    released_at     BIGINT,
    release_reason  TEXT
);
CREATE INDEX legal_hold_target ON legal_hold (org_id, target_type, target_id);
-- When the patient of a conversation's ward stay was discharged: from then on it takes no new messages, and it is
-- purged after the organisation's discharge grace period (unless held). Null: not discharged.
ALTER TABLE conversation ADD COLUMN discharged_at BIGINT;
