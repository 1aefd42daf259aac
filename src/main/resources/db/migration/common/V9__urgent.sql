-- Urgent messages (issue #6): an alert per staff recipient of a message marked urgent, acknowledged (distinct from
-- read) or escalated. escalate_at is the pending timer: it is stored, so it survives a restart, and it is cleared by
-- the conditional update that fires it (or by the acknowledgement), so it fires at most once whatever the number of
-- nodes. The SMS nudge of an escalation is an outbox row state: due -> sending -> sent / failed / no_mobile.
CREATE TABLE urgent_alert (
    id               TEXT PRIMARY KEY,
    org_id           TEXT NOT NULL REFERENCES organisation (id),
    message_id       TEXT NOT NULL REFERENCES message (id),
    conversation_id  TEXT NOT NULL REFERENCES conversation (id),
    seq              BIGINT NOT NULL,
    sender_id        TEXT NOT NULL REFERENCES app_user (id),
    recipient_id     TEXT NOT NULL REFERENCES app_user (id),
    escalated_from   TEXT REFERENCES urgent_alert (id),
    created_at       BIGINT NOT NULL,
    escalate_at      BIGINT,
    acknowledged_at  BIGINT,
    acknowledged_by  TEXT REFERENCES app_user (id),
    escalated_at     BIGINT,
    escalated_to     TEXT REFERENCES app_user (id),
    patient_linked   INTEGER NOT NULL DEFAULT 0 CHECK (patient_linked IN (0, 1)),
    nudge_state      TEXT CHECK (nudge_state IN ('due', 'sending', 'sent', 'failed', 'no_mobile')),
    UNIQUE (message_id, recipient_id)
);
CREATE INDEX urgent_alert_due ON urgent_alert (escalate_at);
CREATE INDEX urgent_alert_recipient ON urgent_alert (recipient_id, acknowledged_at);
CREATE INDEX urgent_alert_nudge ON urgent_alert (nudge_state);
CREATE INDEX urgent_alert_org_time ON urgent_alert (org_id, created_at);

-- An organisation's escalation rules: minutes until an unacknowledged alert escalates, minutes between repeated
-- alert sounds, and the staff member it escalates to when the recipient has no forwarding colleague.
CREATE TABLE urgent_settings (
    org_id                  TEXT PRIMARY KEY REFERENCES organisation (id),
    escalate_after_minutes  INTEGER NOT NULL DEFAULT 10,
    repeat_every_minutes    INTEGER NOT NULL DEFAULT 2,
    escalation_contact_id   TEXT REFERENCES app_user (id)
);

-- A staff member's mobile number for urgent nudges (E.164), given by themselves.
CREATE TABLE staff_mobile (
    user_id  TEXT PRIMARY KEY REFERENCES app_user (id),
    org_id   TEXT NOT NULL REFERENCES organisation (id),
    mobile   TEXT NOT NULL
);
