-- Issue #16: remote wipe (docs/retention.md, docs/security.md). A session or device token marked for wiping is ended
-- (revoked_at) and remembered: the next time its browser presents it, the answer carries Clear-Site-Data and wiped_at
-- records that it came back. Additive: the previous release neither reads nor writes these columns and treats the
-- token as what it also is, revoked.
ALTER TABLE auth_token ADD COLUMN wipe_requested_at BIGINT;
ALTER TABLE auth_token ADD COLUMN wipe_requested_by TEXT;
ALTER TABLE auth_token ADD COLUMN wiped_at BIGINT;
