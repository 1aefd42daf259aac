package org.carechat.retention;

import java.time.Clock;
import java.util.List;
import org.carechat.audit.AuditEvent;
import org.carechat.audit.AuditLog;
import org.carechat.audit.AuditType;
import org.carechat.crypto.ConversationCipher;
import org.carechat.identity.CurrentUser;
import org.carechat.storage.Ids;
import org.carechat.web.ApiProblem;
import org.springframework.stereotype.Service;

/**
 * Retention (docs/retention.md): the organisations' policies, legal holds and discharges. The purge that enforces them
 * is {@link RetentionPurge}.
 */
@Service
public class RetentionService {

    private static final java.util.Set<String> HOLD_TARGETS = java.util.Set.of("conversation", "patient", "user");
    static final int MAX_REASON = 500;

    private final RetentionPolicies policies;
    private final LegalHolds holds;
    private final Discharges discharges;
    private final ConversationCipher cipher;
    private final AuditLog audit;
    private final Ids ids;
    private final Clock clock;

    RetentionService(
            RetentionPolicies policies,
            LegalHolds holds,
            Discharges discharges,
            ConversationCipher cipher,
            AuditLog audit,
            Ids ids,
            Clock clock) {
        this.policies = policies;
        this.holds = holds;
        this.discharges = discharges;
        this.cipher = cipher;
        this.audit = audit;
        this.ids = ids;
        this.clock = clock;
    }

    /** Audits an admin's reading of the holds (the console's retention page); call inside a write unit of work. */
    public void recordHoldsViewed(CurrentUser actor) {
        audit.record(actor.audit(AuditType.CONSOLE_VIEWED).detail("page", "legal_holds"));
    }

    /** The organisation's holds in force, oldest first. */
    public List<LegalHold> holds(String orgId) {
        return holds.active(orgId);
    }

    /**
     * Places a legal hold; call inside a write unit of work (the caller checked the admin role). From its commit on
     * nothing it covers is purged; the purge job moves the covered keysets under the hold key. Audited with the reason.
     *
     * @throws ApiProblem 400 for an unknown target type or a missing reason; 404 when the target is not in the
     *     organisation
     */
    public LegalHold placeHold(CurrentUser actor, String targetType, String targetId, String reason) {
        requireTarget(actor.orgId(), targetType, targetId);
        LegalHold hold =
                new LegalHold(ids.next(), targetType, targetId, reason(reason), actor.userId(), clock.millis());
        holds.insert(actor.orgId(), hold);
        holds.lockHeldConversations(actor.orgId());
        audit.record(holdEvent(actor, AuditType.LEGAL_HOLD_PLACED, hold).detail("reason", hold.reason()));
        return hold;
    }

    /**
     * Releases every hold in force on the target, with a reason; call inside a write unit of work. Its conversations
     * are then under their policy again: one already past its day is purged by the next run. Audited per hold.
     *
     * @return the holds released (none when none was in force)
     */
    public List<LegalHold> releaseHolds(CurrentUser actor, String targetType, String targetId, String reason) {
        requireTarget(actor.orgId(), targetType, targetId);
        String why = reason(reason);
        List<LegalHold> released = holds.activeOn(actor.orgId(), targetType, targetId);
        for (LegalHold hold : released) {
            holds.release(hold.id(), actor.userId(), why, clock.millis());
            audit.record(holdEvent(actor, AuditType.LEGAL_HOLD_RELEASED, hold).detail("reason", why));
        }
        return released;
    }

    /**
     * Discharges a patient: every open conversation linked to their record is closed to new messages and due to be
     * purged after the organisation's grace period ({@link RetentionPolicy#dischargeGraceDays}) unless held; each
     * keyset moves under its new day. Call inside a write unit of work; audited.
     *
     * @return the conversations discharged now
     * @throws ApiProblem 404 when the patient is not in the organisation
     */
    public List<String> discharge(PatientDischarged discharged) {
        if (!discharges.patientExists(discharged.orgId(), discharged.patientId())) {
            throw ApiProblem.notFound("Patient");
        }
        List<String> closed = discharges.discharge(discharged.orgId(), discharged.patientId(), clock.millis());
        closed.forEach(id -> cipher.realign(discharged.orgId(), id));
        audit.record(AuditEvent.of(AuditType.PATIENT_DISCHARGED)
                .org(discharged.orgId())
                .actor(discharged.actorId(), discharged.ip())
                .target("patient", discharged.patientId())
                .patient(discharged.patientId())
                .detail("conversations", closed.size()));
        return closed;
    }

    private void requireTarget(String orgId, String targetType, String targetId) {
        if (targetType == null || !HOLD_TARGETS.contains(targetType)) {
            throw ApiProblem.badRequest("targetType must be conversation, patient or user");
        }
        if (targetId == null || targetId.isBlank() || !holds.targetExists(orgId, targetType, targetId)) {
            throw ApiProblem.notFound(
                    targetType.substring(0, 1).toUpperCase(java.util.Locale.ROOT) + targetType.substring(1));
        }
    }

    private static String reason(String reason) {
        if (reason == null || reason.isBlank()) {
            throw ApiProblem.badRequest("reason is required: say why (a case or request reference)");
        }
        return reason.strip();
    }

    private static AuditEvent holdEvent(CurrentUser actor, AuditType type, LegalHold hold) {
        AuditEvent event = actor.audit(type)
                .target("legal_hold", hold.id())
                .detail("targetType", hold.targetType())
                .detail("targetId", hold.targetId());
        return switch (hold.targetType()) {
            case "conversation" -> event.conversation(hold.targetId());
            case "patient" -> event.patient(hold.targetId());
            default -> event;
        };
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
