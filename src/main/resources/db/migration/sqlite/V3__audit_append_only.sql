-- The audit trail is append-only in the database too: a sealed row can be neither changed nor deleted.
-- (Rows written before the chain existed are sealed once at start; only their seal columns are set then.)
CREATE TRIGGER audit_event_no_update BEFORE UPDATE ON audit_event WHEN OLD.mac IS NOT NULL
BEGIN
    SELECT RAISE(ABORT, 'audit_event rows are append-only');
END;
CREATE TRIGGER audit_event_no_delete BEFORE DELETE ON audit_event
BEGIN
    SELECT RAISE(ABORT, 'audit_event rows are append-only');
END;
