package org.carechat.audit;

/** One stored audit row, as admins search and export it. {@code details} is a small JSON object of ids and codes. */
public record AuditRecord(
        String id,
        String orgId,
        long occurredAt,
        String type,
        String outcome,
        String actorId,
        String ip,
        String targetType,
        String targetId,
        String conversationId,
        String patientId,
        String details) {}
