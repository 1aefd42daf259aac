package org.carechat.audit;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One audit row being built: who (actor, organisation, address), what (type, target), about which conversation
 * or patient, plus small details. Details are ids and numbers; a message body or a patient's name never goes
 * here. Hand it to {@link AuditLog#record} (success, commits with the change) or {@link AuditLog#refused}.
 */
public final class AuditEvent {

    final AuditType type;
    String orgId;
    String actorId;
    String ip;
    String targetType;
    String targetId;
    String conversationId;
    String patientId;
    final Map<String, Object> details = new LinkedHashMap<>();

    private AuditEvent(AuditType type) {
        this.type = type;
    }

    public static AuditEvent of(AuditType type) {
        return new AuditEvent(type);
    }

    public AuditEvent org(String orgId) {
        this.orgId = orgId;
        return this;
    }

    public AuditEvent actor(String actorId, String ip) {
        this.actorId = actorId;
        this.ip = ip;
        return this;
    }

    public AuditEvent target(String type, String id) {
        this.targetType = type;
        this.targetId = id;
        return this;
    }

    public AuditEvent conversation(String conversationId) {
        this.conversationId = conversationId;
        return this;
    }

    public AuditEvent patient(String patientId) {
        this.patientId = patientId;
        return this;
    }

    /** @param value an id, a number, an enum or a short code; never free text a user typed */
    public AuditEvent detail(String key, Object value) {
        details.put(key, value);
        return this;
    }

    public AuditType type() {
        return type;
    }
}
