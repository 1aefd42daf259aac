-- A text that is a copy of another message handed to a colleague (issue #14): forwarded to a delegate of its
-- recipient, or an urgent message escalated. copy_of is the original message's id, copy_reason why it was copied;
-- both NULL for every other entry. No foreign key: purging the original's conversation must not be held up by a copy
-- living on in another conversation.
ALTER TABLE message ADD COLUMN copy_of TEXT;
ALTER TABLE message ADD COLUMN copy_reason TEXT CHECK (copy_reason IN ('forwarded', 'escalated'));
