-- Issue #19: how soon the practice usually replies, shown to its patients beside the "not for emergencies" line.
-- NULL: not said (the patient app shows nothing). Nullable, so the previous release's code writes organisations as
-- before (docs/upgrade.md).
ALTER TABLE organisation ADD COLUMN expected_reply TEXT;
