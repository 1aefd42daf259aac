package org.carechat.conversation;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.carechat.audit.AuditLog;
import org.carechat.audit.AuditType;
import org.carechat.cluster.Doorbell;
import org.carechat.cluster.Ring;
import org.carechat.crypto.ConversationCipher;
import org.carechat.identity.CurrentUser;
import org.carechat.identity.User;
import org.carechat.identity.UserService;
import org.carechat.patient.PatientService;
import org.carechat.storage.Ids;
import org.carechat.storage.Transactions;
import org.carechat.web.ApiProblem;
import org.springframework.stereotype.Service;

/**
 * Conversations and their members. Each change (created, member added or removed, settings changed) is an entry
 * in the conversation's timeline, committed with the change and with its audit row, then rung on the doorbell so
 * open clients see it live.
 */
@Service
public class ConversationService {

    public static final int MAX_MEMBERS = 500;

    private final ConversationRepository repository;
    private final ConversationPolicy policy;
    private final ConversationTimeline timeline;
    private final UserService users;
    private final PatientService patients;
    private final ConversationCipher cipher;
    private final TeamConversations teamConversations;
    private final Memberships memberships;
    private final AuditLog audit;
    private final Doorbell doorbell;
    private final Transactions transactions;
    private final Ids ids;
    private final Clock clock;

    ConversationService(
            ConversationRepository repository,
            ConversationPolicy policy,
            ConversationTimeline timeline,
            UserService users,
            PatientService patients,
            ConversationCipher cipher,
            AuditLog audit,
            Doorbell doorbell,
            Transactions transactions,
            Ids ids,
            Clock clock,
            TeamConversations teamConversations,
            Memberships memberships) {
        this.teamConversations = teamConversations;
        this.memberships = memberships;
        this.repository = repository;
        this.policy = policy;
        this.timeline = timeline;
        this.users = users;
        this.patients = patients;
        this.cipher = cipher;
        this.audit = audit;
        this.doorbell = doorbell;
        this.transactions = transactions;
        this.ids = ids;
        this.clock = clock;
    }

    /**
     * Creates a conversation. A direct conversation between the same two people is created once: asking again
     * returns the existing one.
     *
     * @throws ApiProblem 400 for inconsistent fields or unknown members, 404 for an unknown patient
     */
    public Conversation create(CurrentUser actor, NewConversation request) {
        Set<String> memberIds = new LinkedHashSet<>(request.memberIds());
        memberIds.remove(actor.userId());
        if (request.kind() == Conversation.Kind.DIRECT && memberIds.size() != 1) {
            throw ApiProblem.badRequest("A direct conversation has exactly one other member; use a group for more");
        }
        if (request.audience() != Conversation.Audience.STAFF && request.patientId() == null) {
            throw ApiProblem.badRequest("A patient or mixed conversation must name its patient (patientId)");
        }
        Set<String> ownerIds = new LinkedHashSet<>(request.ownerIds() == null ? List.of() : request.ownerIds());
        ownerIds.remove(actor.userId());
        if (!memberIds.containsAll(ownerIds)) {
            throw ApiProblem.badRequest("Every owner must also be in memberIds");
        }
        Map<String, User> found = users.findAll(actor.orgId(), memberIds);
        List<String> unknown = memberIds.stream()
                .filter(id -> !found.containsKey(id) || found.get(id).disabled())
                .toList();
        if (!unknown.isEmpty()) {
            audit.refused(actor.audit(AuditType.ACCESS_DENIED)
                    .target("user", shortened(unknown.getFirst()))
                    .detail("reason", "not_found")
                    .detail("unknownIds", unknown.size()));
            throw ApiProblem.badRequest("No active staff member in your organisation has the id(s) " + unknown);
        }
        for (String id : memberIds) {
            policy.requirePatientMembership(request.audience(), found.get(id), ownerIds.contains(id));
        }
        if (request.patientId() != null) {
            patients.require(actor.orgId(), request.patientId());
            if (request.audience() != Conversation.Audience.STAFF && request.kind() == Conversation.Kind.GROUP) {
                // The patient a patient or mixed group is about takes part once registered; later ones join when
                // they register (joinLinkedConversations).
                users.findPatientAccount(actor.orgId(), request.patientId())
                        .filter(u -> !u.disabled())
                        .ifPresent(account -> memberIds.add(account.id()));
            }
        }
        Set<String> teamOnly = new LinkedHashSet<>();
        if (request.careTeamId() != null) {
            teamOnly.addAll(teamConversations.membersFromTeam(actor, request.careTeamId(), request.kind()));
            teamOnly.removeAll(memberIds);
            teamOnly.remove(actor.userId());
        }
        if (memberIds.size() + teamOnly.size() + 1 > MAX_MEMBERS) {
            throw ApiProblem.badRequest("A conversation has at most " + MAX_MEMBERS + " members");
        }
        String topic = request.topic() == null || request.topic().isBlank()
                ? null
                : request.topic().strip();
        String directKey = request.kind() == Conversation.Kind.DIRECT
                ? directKey(actor.userId(), memberIds.iterator().next(), request.patientId())
                : null;
        try {
            return createIn(actor, request, memberIds, ownerIds, teamOnly, topic, directKey);
        } catch (org.springframework.dao.DuplicateKeyException race) {
            // Two requests raced to create the same direct conversation (PostgreSQL); the other one won.
            return repository.findDirect(actor.orgId(), directKey).orElseThrow(() -> race);
        }
    }

    private Conversation createIn(
            CurrentUser actor,
            NewConversation request,
            Set<String> memberIds,
            Set<String> ownerIds,
            Set<String> teamOnly,
            String topic,
            String directKey) {
        return transactions.write(() -> {
            if (directKey != null) {
                Optional<Conversation> existing = repository.findDirect(actor.orgId(), directKey);
                if (existing.isPresent()) {
                    return existing.get();
                }
            }
            long now = clock.millis();
            Conversation created = new Conversation(
                    ids.next(),
                    actor.orgId(),
                    request.kind(),
                    request.audience(),
                    topic,
                    request.patientId(),
                    request.acceptResponses() == null || request.acceptResponses(),
                    0,
                    now,
                    actor.userId(),
                    now,
                    request.careTeamId());
            repository.insert(created, directKey);
            cipher.createKey(actor.orgId(), created.id());
            long seq = repository.nextSeq(actor.orgId(), created.id(), now);
            repository.insertMember(
                    actor.orgId(), new Member(created.id(), actor.userId(), Member.Role.OWNER, seq, seq, seq), now);
            for (String id : memberIds) {
                Member.Role role = ownerIds.contains(id) ? Member.Role.OWNER : Member.Role.MEMBER;
                repository.insertMember(actor.orgId(), new Member(created.id(), id, role, 0, 0, seq), now);
            }
            for (String id : teamOnly) {
                repository.insertMember(
                        actor.orgId(), new Member(created.id(), id, Member.Role.MEMBER, 0, 0, seq, true), now);
            }
            List<String> all = new ArrayList<>();
            all.add(actor.userId());
            all.addAll(memberIds);
            all.addAll(teamOnly);
            timeline.appendEvent(
                    actor.orgId(),
                    created.id(),
                    seq,
                    actor.userId(),
                    "conversation_created",
                    Map.of(
                            "members",
                            all,
                            "owners",
                            ownerIds.isEmpty() ? List.of(actor.userId()) : concat(actor.userId(), ownerIds)));
            audit.record(actor.audit(AuditType.CONVERSATION_CREATED)
                    .target("conversation", created.id())
                    .conversation(created.id())
                    .patient(created.patientId())
                    .detail("kind", created.kind().code())
                    .detail("members", all.size()));
            doorbell.ringAfterCommit(new Ring.TimelineMoved(actor.orgId(), created.id(), seq, true));
            return repository.find(actor.orgId(), created.id()).orElseThrow();
        });
    }

    /**
     * The caller's access to a conversation.
     *
     * @throws ApiProblem 404 when it does not exist in the caller's organisation or the caller is not a member;
     *                    the refusal of an existing conversation is audited
     */
    public ConversationPolicy.Access requireMember(CurrentUser actor, String conversationId) {
        Optional<ConversationPolicy.Access> access =
                repository.findAccess(actor.orgId(), conversationId, actor.userId());
        if (access.isEmpty() || access.get().member() == null) {
            if (access.isPresent()) {
                audit.refused(actor.audit(AuditType.ACCESS_DENIED)
                        .target("conversation", conversationId)
                        .conversation(conversationId)
                        .detail("reason", "not_a_member"));
            } else {
                // Another organisation's conversation and one that does not exist: audited, and answered, alike.
                audit.refused(actor.audit(AuditType.ACCESS_DENIED)
                        .target("conversation", shortened(conversationId))
                        .detail("reason", "not_found"));
            }
            throw ConversationPolicy.notVisible(conversationId).audited();
        }
        return access.get();
    }

    public ConversationPolicy policy() {
        return policy;
    }

    /** Takes the next timeline seq; call inside the write transaction that inserts the entry. */
    public long nextSeq(String orgId, String conversationId) {
        return repository.nextSeq(orgId, conversationId, clock.millis());
    }

    public List<Member> members(String orgId, String conversationId) {
        return repository.members(orgId, conversationId);
    }

    public List<Member> membersOf(String orgId, List<String> conversationIds) {
        return repository.membersOf(orgId, conversationIds);
    }

    /** The caller's memberships, one per conversation they are in. */
    public List<Member> membershipsOf(CurrentUser actor) {
        return repository.membershipsOf(actor.orgId(), actor.userId());
    }

    public List<Conversation> conversationsOf(CurrentUser actor) {
        return repository.findForMember(actor.orgId(), actor.userId());
    }

    /**
     * The caller's conversations for a screen that shows them (topics and linked patients are clinical context):
     * audited as a listing.
     *
     * @param screen {@code list} or {@code inbox}
     */
    public List<Conversation> listFor(CurrentUser actor, String screen) {
        List<Conversation> list = conversationsOf(actor);
        audit.record(actor.audit(AuditType.CONVERSATIONS_LISTED)
                .detail("screen", screen)
                .detail("conversations", list.size()));
        return list;
    }

    /** One conversation with its linked patient, for its details screen: audited as opening it. */
    public Conversation open(CurrentUser actor, String conversationId) {
        ConversationPolicy.Access access = requireMember(actor, conversationId);
        audit.record(actor.audit(AuditType.CONVERSATION_OPENED)
                .target("conversation", conversationId)
                .conversation(conversationId)
                .patient(access.conversation().patientId())
                .detail("view", "details"));
        return access.conversation();
    }

    /** Whether {@code userId} is currently a member (live delivery asks when a socket first meets a conversation). */
    public Optional<Member> membership(String orgId, String conversationId, String userId) {
        return repository.findMember(orgId, conversationId, userId);
    }

    /**
     * Moves a member's read and delivered markers forward (never back). Call in a write transaction; rings the
     * doorbell after commit when they moved.
     */
    public boolean advanceMarkers(
            String orgId, String conversationId, String userId, long readUpTo, long deliveredUpTo) {
        Optional<long[]> moved = repository.advanceMarkers(orgId, conversationId, userId, readUpTo, deliveredUpTo);
        moved.ifPresent(markers ->
                doorbell.ringAfterCommit(new Ring.MarkersMoved(orgId, conversationId, userId, markers[0], markers[1])));
        return moved.isPresent();
    }

    /**
     * Changes topic, the accept-responses flag or the care team (owners). A new care team's members join (through
     * the team); the old team's members who were there only through it leave.
     *
     * @param careTeamId {@code null} leaves it as it is, blank removes the team
     */
    public Conversation update(
            CurrentUser actor, String conversationId, String topic, Boolean acceptResponses, String careTeamId) {
        return transactions.write(() -> {
            ConversationPolicy.Access access = requireMember(actor, conversationId);
            policy.requireCanManage(actor, access, AuditType.CONVERSATION_UPDATED);
            Conversation c = access.conversation();
            String newTopic = topic == null ? c.topic() : topic.isBlank() ? null : topic.strip();
            boolean newAccept = acceptResponses == null ? c.acceptResponses() : acceptResponses;
            String newTeam = careTeamId == null ? c.careTeamId() : careTeamId.isBlank() ? null : careTeamId;
            if (!java.util.Objects.equals(newTeam, c.careTeamId())) {
                teamConversations.changeTeam(actor, c, newTeam);
            }
            repository.update(actor.orgId(), conversationId, newTopic, newAccept, newTeam);
            long seq = nextSeq(actor.orgId(), conversationId);
            timeline.appendEvent(
                    actor.orgId(),
                    conversationId,
                    seq,
                    actor.userId(),
                    "settings_changed",
                    Map.of(
                            "acceptResponses",
                            newAccept,
                            "topicChanged",
                            !java.util.Objects.equals(newTopic, c.topic())));
            audit.record(actor.audit(AuditType.CONVERSATION_UPDATED)
                    .target("conversation", conversationId)
                    .conversation(conversationId)
                    .detail("acceptResponses", newAccept)
                    .detail("careTeam", newTeam));
            doorbell.ringAfterCommit(new Ring.TimelineMoved(actor.orgId(), conversationId, seq, true));
            return repository.find(actor.orgId(), conversationId).orElseThrow();
        });
    }

    /** Adds a staff member (owners). Adding someone already there changes nothing. */
    public Member addMember(CurrentUser actor, String conversationId, String userId, boolean owner) {
        return transactions.write(() -> {
            ConversationPolicy.Access access = requireMember(actor, conversationId);
            policy.requireCanManage(actor, access, AuditType.MEMBER_ADDED);
            Optional<Member> existing = repository.findMember(actor.orgId(), conversationId, userId);
            if (existing.isPresent()) {
                if (existing.get().viaTeam()) {
                    // Added in person now: they stay when they leave the team.
                    repository.keepInPerson(actor.orgId(), conversationId, userId);
                    audit.record(actor.audit(AuditType.MEMBER_ADDED)
                            .target("user", userId)
                            .conversation(conversationId)
                            .patient(access.conversation().patientId())
                            .detail("was", "via_team"));
                }
                return existing.get();
            }
            if (access.conversation().kind() == Conversation.Kind.DIRECT) {
                throw ApiProblem.badRequest("A direct conversation has exactly two members; start a group instead");
            }
            User user = users.find(actor.orgId(), userId)
                    .filter(u -> !u.disabled())
                    .orElseThrow(() -> {
                        audit.refused(actor.audit(AuditType.ACCESS_DENIED)
                                .target("user", shortened(userId))
                                .conversation(conversationId)
                                .detail("reason", "not_found"));
                        return ApiProblem.badRequest(
                                "No active staff member in your organisation has the id " + userId);
                    });
            policy.requirePatientMembership(access.conversation().audience(), user, owner);
            if (repository.members(actor.orgId(), conversationId).size() >= MAX_MEMBERS) {
                throw ApiProblem.badRequest("A conversation has at most " + MAX_MEMBERS + " members");
            }
            return memberships.join(
                    actor, access.conversation(), user.id(), owner ? Member.Role.OWNER : Member.Role.MEMBER, false);
        });
    }

    /**
     * A patient who has just registered joins the patient and mixed group conversations linked to their record.
     * Call in the write transaction that made the account; each join is a {@code member_added} entry by the patient
     * and is audited.
     */
    public void joinLinkedConversations(User patient, String ip) {
        long now = clock.millis();
        for (Conversation c : repository.findLinkedToPatient(patient.orgId(), patient.patientId())) {
            if (c.audience() == Conversation.Audience.STAFF
                    || c.kind() != Conversation.Kind.GROUP
                    || repository
                            .findMember(patient.orgId(), c.id(), patient.id())
                            .isPresent()) {
                continue;
            }
            long seq = nextSeq(patient.orgId(), c.id());
            repository.insertMember(
                    patient.orgId(), new Member(c.id(), patient.id(), Member.Role.MEMBER, 0, 0, seq), now);
            timeline.appendEvent(
                    patient.orgId(),
                    c.id(),
                    seq,
                    patient.id(),
                    "member_added",
                    Map.of("userId", patient.id(), "role", Member.Role.MEMBER.code()));
            audit.record(org.carechat.audit.AuditEvent.of(AuditType.MEMBER_ADDED)
                    .org(patient.orgId())
                    .actor(patient.id(), ip)
                    .target("user", patient.id())
                    .conversation(c.id())
                    .patient(patient.patientId())
                    .detail("via", "registration"));
            doorbell.ringAfterCommit(new Ring.TimelineMoved(patient.orgId(), c.id(), seq, true));
        }
    }

    /** Removes a member (owners; anyone may remove themselves). Their open sockets stop receiving at once. */
    public void removeMember(CurrentUser actor, String conversationId, String userId) {
        transactions.write(() -> {
            ConversationPolicy.Access access = requireMember(actor, conversationId);
            if (!userId.equals(actor.userId())) {
                policy.requireCanManage(actor, access, AuditType.MEMBER_REMOVED);
            }
            if (access.conversation().kind() == Conversation.Kind.DIRECT) {
                throw ApiProblem.badRequest("Members cannot be removed from a direct conversation");
            }
            if (repository.findMember(actor.orgId(), conversationId, userId).isEmpty()) {
                throw ApiProblem.notFound("Member " + userId + " of this conversation");
            }
            List<Member> members = repository.members(actor.orgId(), conversationId);
            boolean lastOwner = members.stream()
                    .filter(Member::isOwner)
                    .map(Member::userId)
                    .toList()
                    .equals(List.of(userId));
            if (lastOwner && members.size() > 1) {
                throw ApiProblem.badRequest("The last owner cannot leave; make another member an owner first");
            }
            memberships.leave(actor, access.conversation(), userId, null);
            return null;
        });
    }

    private static String directKey(String a, String b, String patientId) {
        String pair = a.compareTo(b) < 0 ? a + ":" + b : b + ":" + a;
        return patientId == null ? pair : pair + ":" + patientId;
    }

    private static List<String> concat(String first, Set<String> rest) {
        List<String> all = new ArrayList<>();
        all.add(first);
        all.addAll(rest);
        return all;
    }

    /** An id a caller gave, as it goes into an audit row: attacker-chosen, so bounded. */
    static String shortened(String id) {
        return id == null || id.length() <= 80 ? id : id.substring(0, 80) + "…";
    }
}
