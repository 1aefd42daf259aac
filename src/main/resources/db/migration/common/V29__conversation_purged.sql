-- Issue #16, the purge: when a conversation was purged by its organisation's retention policy (its keyset destroyed,
-- its texts blanked, a `purged` tombstone on its timeline). Null: not purged. Additive: the previous release ignores it.
ALTER TABLE conversation ADD COLUMN purged_at BIGINT;
