-- Issue #16, crypto-shredding (docs/decisions.md, "retention and crypto-shredding"). A conversation's keyset is wrapped
-- under the retention key of the day it is due to be purged (or the hold key), kept in the retention key file and
-- never in the database; kek_bucket names that key. Null: wrapped by the master key directly, as every keyset made
-- before this release (still readable; moved under its day's key in the background at start). Additive: the previous
-- release neither reads nor writes the column, and its new keysets (null) stay readable.
ALTER TABLE conversation_key ADD COLUMN kek_bucket TEXT;
CREATE INDEX conversation_key_bucket ON conversation_key (kek_bucket);
