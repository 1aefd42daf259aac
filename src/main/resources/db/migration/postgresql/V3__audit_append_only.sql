-- The audit trail is append-only in the database too: a sealed row can be neither changed nor deleted.
-- (Rows written before the chain existed are sealed once at start; only their seal columns are set then.)
CREATE FUNCTION audit_event_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND OLD.mac IS NULL THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'audit_event rows are append-only';
END;
$$;
CREATE TRIGGER audit_event_no_change BEFORE UPDATE OR DELETE ON audit_event
    FOR EACH ROW EXECUTE FUNCTION audit_event_append_only();
