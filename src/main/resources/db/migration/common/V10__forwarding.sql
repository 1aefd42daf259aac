-- Forwarding (issue #6): while Unavailable (or Busy, when forward_when_busy = 1) a direct message to the user is also
-- handed to the colleagues in forward_to (comma-separated user ids, in order, at most 5). It belongs to the status:
-- when the status is changed, cleared or lapses, forwarding stops with it.
ALTER TABLE user_availability ADD COLUMN forward_to TEXT;
ALTER TABLE user_availability ADD COLUMN forward_when_busy INTEGER NOT NULL DEFAULT 0 CHECK (forward_when_busy IN (0, 1));
