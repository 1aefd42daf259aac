package org.carechat.retention;

import java.time.Clock;
import org.carechat.audit.AuditEvent;
import org.carechat.audit.AuditLog;
import org.carechat.audit.AuditType;
import org.carechat.web.ApiProblem;
import org.springframework.stereotype.Service;

/** Retention: the organisations' policies (docs/retention.md). The purge that enforces them comes with issue #16. */
@Service
public class RetentionService {

    private final RetentionPolicies policies;
    private final AuditLog audit;
    private final Clock clock;

    RetentionService(RetentionPolicies policies, AuditLog audit, Clock clock) {
        this.policies = policies;
        this.audit = audit;
        this.clock = clock;
    }

    /** The organisation's policy: its own, or {@link RetentionPolicy#DEFAULTS} until an admin sets one. */
    public RetentionPolicy policy(String orgId) {
        return policies.find(orgId);
    }

    /**
     * Replaces the organisation's policy; call inside a write transaction (the caller checked the admin role). In force
     * at once; audited as a setting change with the new periods.
     *
     * @throws ApiProblem 400 naming the first period out of range, storing nothing
     */
    public RetentionPolicy updatePolicy(String orgId, RetentionPolicy policy, String actorId, String ip) {
        String problem = policy.problem();
        if (problem != null) {
            throw ApiProblem.badRequest(problem);
        }
        policies.save(orgId, policy, clock.millis());
        audit.record(AuditEvent.of(AuditType.SETTINGS_CHANGED)
                .org(orgId)
                .actor(actorId, ip)
                .target("retention_policy", orgId)
                .detail("staffDays", policy.staffDays())
                .detail("patientDays", policy.patientDays())
                .detail("mixedDays", policy.mixedDays())
                .detail("contactRequestDays", policy.contactRequestDays())
                .detail("dischargeGraceDays", policy.dischargeGraceDays()));
        return policy;
    }
}
