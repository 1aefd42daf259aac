package org.carechat.conversation;

import java.time.Clock;
import java.util.Map;
import org.carechat.audit.AuditEvent;
import org.carechat.audit.AuditLog;
import org.carechat.audit.AuditType;
import org.carechat.cluster.Doorbell;
import org.carechat.cluster.Ring;
import org.carechat.identity.CurrentUser;
import org.springframework.stereotype.Component;

/**
 * The writes of a membership change: the member row, the timeline entry every open client learns it from, the
 * audit row and the ring — the same for a member added or removed in person and through a care team.
 */
@Component
class Memberships {

    private final ConversationRepository repository;
    private final ConversationTimeline timeline;
    private final AuditLog audit;
    private final Doorbell doorbell;
    private final Clock clock;

    Memberships(
            ConversationRepository repository,
            ConversationTimeline timeline,
            AuditLog audit,
            Doorbell doorbell,
            Clock clock) {
        this.repository = repository;
        this.timeline = timeline;
        this.audit = audit;
        this.doorbell = doorbell;
        this.clock = clock;
    }

    /**
     * Adds a member with its timeline entry, audit row and ring. Call in a write transaction, after the checks.
     *
     * @param viaTeam a member through the conversation's care team
     */
    Member join(CurrentUser actor, Conversation c, String userId, Member.Role role, boolean viaTeam) {
        long seq = repository.nextSeq(actor.orgId(), c.id(), clock.millis());
        Member member = new Member(c.id(), userId, role, 0, 0, seq, viaTeam);
        repository.insertMember(actor.orgId(), member, clock.millis());
        timeline.appendEvent(
                actor.orgId(),
                c.id(),
                seq,
                actor.userId(),
                "member_added",
                Map.of("userId", userId, "role", member.role().code()));
        AuditEvent event = actor.audit(AuditType.MEMBER_ADDED)
                .target("user", userId)
                .conversation(c.id())
                .patient(c.patientId());
        audit.record(viaTeam ? event.detail("via", "care_team") : event);
        doorbell.ringAfterCommit(new Ring.TimelineMoved(actor.orgId(), c.id(), seq, true));
        return member;
    }

    /** Removes a member with its timeline entry, audit row and ring; their open sockets stop receiving at once. */
    void leave(CurrentUser actor, Conversation c, String userId, String via) {
        repository.deleteMember(actor.orgId(), c.id(), userId);
        long seq = repository.nextSeq(actor.orgId(), c.id(), clock.millis());
        timeline.appendEvent(actor.orgId(), c.id(), seq, actor.userId(), "member_removed", Map.of("userId", userId));
        AuditEvent event = actor.audit(AuditType.MEMBER_REMOVED)
                .target("user", userId)
                .conversation(c.id())
                .patient(c.patientId());
        audit.record(via == null ? event : event.detail("via", via));
        doorbell.ringAfterCommit(new Ring.TimelineMoved(actor.orgId(), c.id(), seq, true));
    }
}
