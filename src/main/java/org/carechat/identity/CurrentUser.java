package org.carechat.identity;

import org.carechat.audit.AuditEvent;
import org.carechat.audit.AuditType;

/**
 * Who is calling: the signed-in user, the session or token (the "device") they called with, and the address the
 * call came from. Every service method that acts for a person takes one.
 *
 * @param deviceId the id of the session or token used; delivery cursors are kept per device
 */
public record CurrentUser(
        String userId, String orgId, String displayName, Role role, boolean systemAdmin, String deviceId, String ip) {

    public boolean isAdmin() {
        return role == Role.ADMIN;
    }

    /** A patient's own account: sees only their conversations, and never another patient's name or id. */
    public boolean isPatient() {
        return role == Role.PATIENT;
    }

    /** An audit event already naming this caller and their organisation. */
    public AuditEvent audit(AuditType type) {
        return AuditEvent.of(type).org(orgId).actor(userId, ip);
    }
}
