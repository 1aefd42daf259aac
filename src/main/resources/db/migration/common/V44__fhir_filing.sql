-- Issue #17, "File to record": a staff member's request to file a conversation's messages to the EHR as FHIR
-- Communications. The EHR worker does it (and removes the row) when the EHR answers; until then the row stays and the
-- worker retries with back-off. Filing again before the worker ran moves up_to_seq on: one request per conversation.
CREATE TABLE fhir_filing (
    org_id          TEXT NOT NULL REFERENCES organisation (id),
    conversation_id TEXT NOT NULL,
    up_to_seq       BIGINT NOT NULL,
    requested_by    TEXT NOT NULL,
    requested_at    BIGINT NOT NULL,
    PRIMARY KEY (org_id, conversation_id)
);
