-- Issue #20: on SQLite a node appends an audit row after the chain head it saw last in one statement, as PostgreSQL
-- does with a data-modifying CTE (which SQLite lacks): an insert into this view moves the head only if it is still
-- exactly the one seen (length and last seal), then stores the row; a head that moved meanwhile makes the whole
-- statement fail with 'audit chain head moved' and change nothing, and the caller appends after the head it reads
-- under its lock instead (AuditChain). The view holds no rows of its own: it is only the statement's shape.
CREATE VIEW audit_append AS
SELECT id, org_id, occurred_at, type, outcome, actor_id, ip, target_type, target_id, conversation_id, patient_id,
       details, chain_id, chain_seq, mac,
       NULL AS seen_length, NULL AS seen_mac, NULL AS head_mac, NULL AS updated_at
FROM audit_event WHERE 0;

CREATE TRIGGER audit_append_insert INSTEAD OF INSERT ON audit_append
BEGIN
    UPDATE audit_chain SET length = NEW.chain_seq, last_mac = NEW.mac, head_mac = NEW.head_mac,
                           updated_at = NEW.updated_at
        WHERE chain_id = NEW.chain_id AND length = NEW.seen_length AND last_mac = NEW.seen_mac;
    SELECT RAISE(ABORT, 'audit chain head moved') WHERE changes() = 0;
    INSERT INTO audit_event (id, org_id, occurred_at, type, outcome, actor_id, ip, target_type, target_id,
                             conversation_id, patient_id, details, chain_id, chain_seq, mac)
        VALUES (NEW.id, NEW.org_id, NEW.occurred_at, NEW.type, NEW.outcome, NEW.actor_id, NEW.ip, NEW.target_type,
                NEW.target_id, NEW.conversation_id, NEW.patient_id, NEW.details, NEW.chain_id, NEW.chain_seq,
                NEW.mac);
END;
