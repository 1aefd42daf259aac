package org.carechat.audit;

/**
 * What an admin searches the audit trail for; every field is optional and they combine with AND.
 *
 * @param from  inclusive, epoch milliseconds
 * @param to    exclusive, epoch milliseconds
 * @param limit at most this many rows, newest first
 */
public record AuditQuery(
        String actorId, String patientId, String conversationId, AuditType type, Long from, Long to, int limit) {}
