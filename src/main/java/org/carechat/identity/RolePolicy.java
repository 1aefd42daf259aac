package org.carechat.identity;

import org.carechat.audit.AuditLog;
import org.carechat.audit.AuditType;
import org.carechat.web.ApiProblem;
import org.springframework.stereotype.Component;

/**
 * The role requirements of every feature, refused the same way: a 403 problem naming who may do it, and an audited
 * refusal of the attempted action (kept even though the caller's transaction rolls back).
 */
@Component
public class RolePolicy {

    private final AuditLog audit;

    RolePolicy(AuditLog audit) {
        this.audit = audit;
    }

    /**
     * @param attempted the action refused, as its audit type
     * @param refusal   the sentence for the caller, e.g. "Only an organisation admin can manage staff accounts"
     * @throws ApiProblem 403 unless the caller is an admin of their organisation
     */
    public void requireAdmin(CurrentUser actor, AuditType attempted, String refusal) {
        if (!actor.isAdmin()) {
            refuse(actor, attempted, "not_admin", refusal);
        }
    }

    /** @throws ApiProblem 403 unless the caller is a system administrator of the installation */
    public void requireSystemAdmin(CurrentUser actor, AuditType attempted, String refusal) {
        if (!actor.systemAdmin()) {
            refuse(actor, attempted, "not_system_admin", refusal);
        }
    }

    private void refuse(CurrentUser actor, AuditType attempted, String reason, String refusal) {
        audit.refused(actor.audit(attempted).detail("reason", reason));
        throw ApiProblem.forbidden(refusal);
    }
}
