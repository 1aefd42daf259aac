-- Issue #13: an audit row is sealed into its chain when it is written, never afterwards. The database refuses a row
-- without its seal (chain_id, chain_seq, mac), and refuses every change, including to a row that has none: rows found
-- unsealed are reported by `audit verify`, never adopted (earlier versions sealed them at start).
CREATE OR REPLACE FUNCTION audit_event_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_event rows are append-only';
END;
$$;

CREATE FUNCTION audit_event_sealed_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.chain_id IS NULL OR NEW.chain_seq IS NULL OR NEW.mac IS NULL THEN
        RAISE EXCEPTION 'audit_event rows are sealed when written (chain_id, chain_seq and mac are required)';
    END IF;
    RETURN NEW;
END;
$$;
CREATE TRIGGER audit_event_sealed_insert BEFORE INSERT ON audit_event
    FOR EACH ROW EXECUTE FUNCTION audit_event_sealed_only();
