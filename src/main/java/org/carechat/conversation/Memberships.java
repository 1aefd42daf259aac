package org.carechat.conversation;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.carechat.audit.AuditEvent;
import org.carechat.audit.AuditLog;
import org.carechat.audit.AuditType;
import org.carechat.identity.CurrentUser;
import org.carechat.identity.User;
import org.carechat.identity.UserService;
import org.carechat.timeline.EntryKind;
import org.carechat.timeline.Timeline;
import org.carechat.web.ApiProblem;
import org.springframework.stereotype.Component;

/**
 * Membership changes: a member added or removed in person, through a care team, or as a patient registers. Each is
 * the member row, the timeline entry every open client learns it from, and the audit row, in one unit of work.
 */
@Component
class Memberships {

    private final ConversationRepository repository;
    private final ConversationPolicy policy;
    private final Timeline timeline;
    private final UserService users;
    private final AuditLog audit;
    private final Clock clock;

    Memberships(
            ConversationRepository repository,
            ConversationPolicy policy,
            Timeline timeline,
            UserService users,
            AuditLog audit,
            Clock clock) {
        this.repository = repository;
        this.policy = policy;
        this.timeline = timeline;
        this.users = users;
        this.audit = audit;
        this.clock = clock;
    }

    /** See {@link ConversationService#addMember}. */
    Member add(
            CurrentUser actor, String conversationId, String userId, boolean owner, ConversationPolicy.Access access) {
        policy.requireCanManage(actor, access, AuditType.MEMBER_ADDED);
        Optional<Member> existing = repository.findMember(actor.orgId(), conversationId, userId);
        if (existing.isPresent()) {
            boolean fromRecord =
                    repository.membersFromRecord(actor.orgId(), conversationId).contains(userId);
            if (existing.get().viaTeam() || fromRecord) {
                // Added in person now: they stay when they leave the team, or the record's care team.
                repository.keepInPerson(actor.orgId(), conversationId, userId);
                audit.record(actor.audit(AuditType.MEMBER_ADDED)
                        .target("user", userId)
                        .conversation(conversationId)
                        .patient(access.conversation().patientId())
                        .detail("was", fromRecord ? "via_record" : "via_team"));
            }
            return existing.get();
        }
        if (access.conversation().kind() == Conversation.Kind.DIRECT) {
            throw ApiProblem.badRequest("A direct conversation has exactly two members; start a group instead");
        }
        User user = users.find(actor.orgId(), userId).filter(u -> !u.disabled()).orElseThrow(() -> {
            audit.refused(actor.audit(AuditType.ACCESS_DENIED)
                    .target("user", ConversationService.shortened(userId))
                    .conversation(conversationId)
                    .detail("reason", "not_found"));
            return ApiProblem.badRequest("No active staff member in your organisation has the id " + userId);
        });
        policy.requirePatientMembership(access.conversation().audience(), user, owner);
        if (repository.members(actor.orgId(), conversationId).size() >= ConversationService.MAX_MEMBERS) {
            throw ApiProblem.badRequest("A conversation has at most " + ConversationService.MAX_MEMBERS + " members");
        }
        return join(actor, access.conversation(), user.id(), owner ? Member.Role.OWNER : Member.Role.MEMBER, false);
    }

    /** See {@link ConversationService#removeMember}. */
    void remove(CurrentUser actor, String userId, ConversationPolicy.Access access) {
        Conversation c = access.conversation();
        if (!userId.equals(actor.userId())) {
            policy.requireCanManage(actor, access, AuditType.MEMBER_REMOVED);
        }
        if (c.kind() == Conversation.Kind.DIRECT) {
            throw ApiProblem.badRequest("Members cannot be removed from a direct conversation");
        }
        if (repository.findMember(actor.orgId(), c.id(), userId).isEmpty()) {
            throw ApiProblem.notFound("Member " + userId + " of this conversation");
        }
        List<Member> members = repository.members(actor.orgId(), c.id());
        boolean lastOwner = members.stream()
                .filter(Member::isOwner)
                .map(Member::userId)
                .toList()
                .equals(List.of(userId));
        if (lastOwner && members.size() > 1) {
            throw ApiProblem.badRequest("The last owner cannot leave; make another member an owner first");
        }
        leave(actor, c, userId, null);
    }

    /** See {@link ConversationService#joinLinkedConversations}. */
    void joinLinkedConversations(User patient, String ip) {
        for (Conversation c : repository.findLinkedToPatient(patient.orgId(), patient.patientId())) {
            if (c.audience() == Conversation.Audience.STAFF
                    || c.kind() != Conversation.Kind.GROUP
                    || repository
                            .findMember(patient.orgId(), c.id(), patient.id())
                            .isPresent()) {
                continue;
            }
            long seq = timeline.append(
                    patient.orgId(),
                    c.id(),
                    patient.id(),
                    EntryKind.MEMBER_ADDED,
                    Map.of("userId", patient.id(), "role", Member.Role.MEMBER.code()));
            repository.insertMember(
                    patient.orgId(), new Member(c.id(), patient.id(), Member.Role.MEMBER, 0, 0, seq), clock.millis());
            audit.record(AuditEvent.of(AuditType.MEMBER_ADDED)
                    .org(patient.orgId())
                    .actor(patient.id(), ip)
                    .target("user", patient.id())
                    .conversation(c.id())
                    .patient(patient.patientId())
                    .detail("via", "registration"));
        }
    }

    /**
     * Adds a member with its timeline entry and audit row. Call in a write transaction, after the checks.
     *
     * @param viaTeam a member through the conversation's care team
     */
    Member join(CurrentUser actor, Conversation c, String userId, Member.Role role, boolean viaTeam) {
        long seq = timeline.append(
                actor.orgId(),
                c.id(),
                actor.userId(),
                EntryKind.MEMBER_ADDED,
                Map.of("userId", userId, "role", role.code()));
        Member member = new Member(c.id(), userId, role, 0, 0, seq, viaTeam);
        repository.insertMember(actor.orgId(), member, clock.millis());
        AuditEvent event = actor.audit(AuditType.MEMBER_ADDED)
                .target("user", userId)
                .conversation(c.id())
                .patient(c.patientId());
        audit.record(viaTeam ? event.detail("via", "care_team") : event);
        return member;
    }

    /**
     * Adds a member because the patient's care team in the EHR names them ({@code via_record}), with its timeline
     * entry (by the organisation's automatic sender) and an audit row naming the rule. Call in a write transaction.
     */
    void joinFromRecord(Conversation c, String userId, String rule, String systemId) {
        long seq = timeline.append(
                c.orgId(),
                c.id(),
                systemId,
                EntryKind.MEMBER_ADDED,
                Map.of("userId", userId, "role", Member.Role.MEMBER.code()));
        repository.insertMember(c.orgId(), new Member(c.id(), userId, Member.Role.MEMBER, 0, 0, seq), clock.millis());
        repository.markFromRecord(c.orgId(), c.id(), userId);
        audit.record(AuditEvent.of(AuditType.MEMBER_ADDED)
                .org(c.orgId())
                .target("user", userId)
                .conversation(c.id())
                .patient(c.patientId())
                .detail("via", "ehr_care_team")
                .detail("rule", rule));
    }

    /**
     * Removes a member the patient's care team in the EHR no longer names; their open sockets stop receiving at once.
     * Call in a write transaction.
     */
    void leaveFromRecord(Conversation c, String userId, String rule, String systemId) {
        repository.deleteMember(c.orgId(), c.id(), userId);
        timeline.append(c.orgId(), c.id(), systemId, EntryKind.MEMBER_REMOVED, Map.of("userId", userId));
        audit.record(AuditEvent.of(AuditType.MEMBER_REMOVED)
                .org(c.orgId())
                .target("user", userId)
                .conversation(c.id())
                .patient(c.patientId())
                .detail("via", "ehr_care_team")
                .detail("rule", rule));
    }

    /** Removes a member with its timeline entry and audit row; their open sockets stop receiving at once. */
    void leave(CurrentUser actor, Conversation c, String userId, String via) {
        repository.deleteMember(actor.orgId(), c.id(), userId);
        timeline.append(actor.orgId(), c.id(), actor.userId(), EntryKind.MEMBER_REMOVED, Map.of("userId", userId));
        AuditEvent event = actor.audit(AuditType.MEMBER_REMOVED)
                .target("user", userId)
                .conversation(c.id())
                .patient(c.patientId());
        audit.record(via == null ? event : event.detail("via", via));
    }
}
