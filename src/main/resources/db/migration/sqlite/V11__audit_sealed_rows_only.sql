-- Issue #13: an audit row is sealed into its chain when it is written, never afterwards. The database refuses a row
-- without its seal (chain_id, chain_seq, mac), and refuses every change, including to a row that has none: rows found
-- unsealed are reported by `audit verify`, never adopted (earlier versions sealed them at start).
DROP TRIGGER audit_event_no_update;
CREATE TRIGGER audit_event_no_update BEFORE UPDATE ON audit_event
BEGIN
    SELECT RAISE(ABORT, 'audit_event rows are append-only');
END;
CREATE TRIGGER audit_event_sealed_insert BEFORE INSERT ON audit_event
    WHEN NEW.chain_id IS NULL OR NEW.chain_seq IS NULL OR NEW.mac IS NULL
BEGIN
    SELECT RAISE(ABORT, 'audit_event rows are sealed when written (chain_id, chain_seq and mac are required)');
END;
