package org.carechat.retention;

import java.time.Clock;
import java.time.Instant;
import org.carechat.audit.AuditEvent;
import org.carechat.audit.AuditLog;
import org.carechat.audit.AuditType;
import org.carechat.conversation.Conversation;
import org.carechat.conversation.ConversationPolicy;
import org.carechat.conversation.ConversationService;
import org.carechat.crypto.ConversationCipher;
import org.carechat.identity.CurrentUser;
import org.carechat.web.ApiProblem;
import org.springframework.stereotype.Service;

/**
 * A conversation's own retention period (docs/retention.md): its owners may make it shorter than the organisation's
 * period for its audience; only an owner who is an admin longer. A change moves its keyset under the new purge day at
 * once.
 */
@Service
public class RetentionOverrideService {

    private final ConversationService conversations;
    private final RetentionOverrides overrides;
    private final RetentionPolicies policies;
    private final ConversationFacts facts;
    private final ConversationCipher cipher;
    private final AuditLog audit;
    private final Clock clock;

    RetentionOverrideService(
            ConversationService conversations,
            RetentionOverrides overrides,
            RetentionPolicies policies,
            ConversationFacts facts,
            ConversationCipher cipher,
            AuditLog audit,
            Clock clock) {
        this.conversations = conversations;
        this.overrides = overrides;
        this.policies = policies;
        this.facts = facts;
        this.cipher = cipher;
        this.audit = audit;
        this.clock = clock;
    }

    /**
     * The conversation's retention, for a member; call inside a write unit of work (audited as opening it).
     *
     * @throws ApiProblem 404 for a non-member, as for every conversation route
     */
    public ConversationRetention view(CurrentUser actor, String conversationId) {
        ConversationPolicy.Access access = conversations.requireMember(actor, conversationId);
        audit.record(event(actor, AuditType.CONVERSATION_OPENED, access.conversation())
                .detail("view", "retention"));
        return retentionOf(actor, access.conversation());
    }

    /**
     * Sets the conversation's own period; call inside a write unit of work. Its owners may set up to the audience's
     * period; longer only an owner who is an admin. Audited; the keyset moves under the new day.
     *
     * @throws ApiProblem 400 for a period out of range, 404 for a non-member, 403 (audited) for a member who is not
     *     an owner or who asks for longer than the policy without being an admin, 409 once purged
     */
    public ConversationRetention set(CurrentUser actor, String conversationId, int days) {
        if (days < RetentionPolicy.MIN_DAYS || days > RetentionPolicy.MAX_DAYS) {
            throw ApiProblem.badRequest(
                    "days must be " + RetentionPolicy.MIN_DAYS + " to " + RetentionPolicy.MAX_DAYS + " days");
        }
        Conversation c = requireManager(actor, conversationId);
        String audience = c.audience().code();
        int policyDays = policies.find(actor.orgId()).daysFor(audience);
        if (days > policyDays && !actor.isAdmin()) {
            refuse(actor, c, "longer_than_policy");
            throw ApiProblem.forbidden("Only an admin can keep a conversation longer than the organisation's "
                    + policyDays + " days for " + audience + " conversations");
        }
        PurgeDates.Override override = new PurgeDates.Override(days, days > policyDays);
        overrides.save(actor.orgId(), c.id(), override, actor.userId(), clock.millis());
        return changed(actor, c, override.days(), override.lengthened());
    }

    /**
     * Removes the conversation's own period: the audience's applies again (never longer than the policy, so owners
     * may). Call inside a write unit of work; audited.
     *
     * @throws ApiProblem as {@link #set}
     */
    public ConversationRetention clear(CurrentUser actor, String conversationId) {
        Conversation c = requireManager(actor, conversationId);
        overrides.delete(actor.orgId(), c.id());
        return changed(actor, c, null, false);
    }

    private ConversationRetention changed(CurrentUser actor, Conversation c, Integer days, boolean lengthened) {
        cipher.realign(actor.orgId(), c.id());
        audit.record(event(actor, AuditType.RETENTION_OVERRIDE_CHANGED, c)
                .detail("days", days == null ? "policy" : days)
                .detail("lengthened", lengthened));
        return retentionOf(actor, c);
    }

    private Conversation requireManager(CurrentUser actor, String conversationId) {
        ConversationPolicy.Access access = conversations.requireMember(actor, conversationId);
        Conversation c = access.conversation();
        if (!access.member().isOwner()) {
            refuse(actor, c, "not_owner");
            throw ApiProblem.forbidden("Only an owner of this conversation can change how long it is kept");
        }
        if (c.purgedAt() != null) {
            throw ApiProblem.conflict("This conversation was purged by the organisation's retention policy");
        }
        return c;
    }

    private ConversationRetention retentionOf(CurrentUser actor, Conversation c) {
        RetentionPolicy policy = policies.find(actor.orgId());
        PurgeDates.Facts now = facts.of(actor.orgId(), c.id()).orElseThrow();
        PurgeDates.Override override = now.override();
        return new ConversationRetention(
                c.id(),
                policy.daysFor(now.audience()),
                override == null ? null : override.days(),
                override != null && override.lengthened(),
                PurgeDates.periodDays(now, policy),
                PurgeDates.dueAt(now, policy).map(Instant::toEpochMilli).orElse(null),
                now.held(),
                actor.isAdmin());
    }

    private void refuse(CurrentUser actor, Conversation c, String reason) {
        audit.refused(event(actor, AuditType.RETENTION_OVERRIDE_CHANGED, c).detail("reason", reason));
    }

    private static AuditEvent event(CurrentUser actor, AuditType type, Conversation c) {
        return actor.audit(type)
                .target("conversation", c.id())
                .conversation(c.id())
                .patient(c.patientId());
    }
}
