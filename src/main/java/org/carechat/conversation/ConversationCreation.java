package org.carechat.conversation;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.carechat.audit.AuditEvent;
import org.carechat.audit.AuditLog;
import org.carechat.audit.AuditType;
import org.carechat.crypto.ConversationCipher;
import org.carechat.identity.CurrentUser;
import org.carechat.identity.User;
import org.carechat.identity.UserService;
import org.carechat.patient.PatientService;
import org.carechat.storage.Ids;
import org.carechat.storage.Transactions;
import org.carechat.timeline.EntryKind;
import org.carechat.timeline.Timeline;
import org.carechat.web.ApiProblem;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Component;

/**
 * Creating a conversation: the request checked, then in one unit of work the row, its data key, its members and its
 * first timeline entry ({@code conversation_created}), audited.
 */
@Component
class ConversationCreation {

    private final ConversationRepository repository;
    private final ConversationPolicy policy;
    private final TeamConversations teamConversations;
    private final Timeline timeline;
    private final UserService users;
    private final PatientService patients;
    private final ConversationCipher cipher;
    private final AuditLog audit;
    private final Transactions transactions;
    private final Ids ids;
    private final Clock clock;

    ConversationCreation(
            ConversationRepository repository,
            ConversationPolicy policy,
            TeamConversations teamConversations,
            Timeline timeline,
            UserService users,
            PatientService patients,
            ConversationCipher cipher,
            AuditLog audit,
            Transactions transactions,
            Ids ids,
            Clock clock) {
        this.repository = repository;
        this.policy = policy;
        this.teamConversations = teamConversations;
        this.timeline = timeline;
        this.users = users;
        this.patients = patients;
        this.cipher = cipher;
        this.audit = audit;
        this.transactions = transactions;
        this.ids = ids;
        this.clock = clock;
    }

    /** The people a new conversation has besides its creator, checked. */
    private record Members(Set<String> named, Set<String> owners, Set<String> teamOnly) {}

    /** See {@link ConversationService#create}. */
    Conversation create(CurrentUser actor, NewConversation request) {
        Members members = members(actor, request);
        String topic = request.topic() == null || request.topic().isBlank()
                ? null
                : request.topic().strip();
        String directKey = request.kind() == Conversation.Kind.DIRECT
                ? directKey(actor.userId(), members.named().iterator().next(), request.patientId())
                : null;
        try {
            return transactions.write(() -> {
                if (directKey != null) {
                    Optional<Conversation> existing = repository.findDirect(actor.orgId(), directKey);
                    if (existing.isPresent()) {
                        return existing.get();
                    }
                }
                return insert(actor, request, members, topic, directKey);
            });
        } catch (DuplicateKeyException race) {
            // Two requests raced to create the same direct conversation (PostgreSQL); the other one won.
            return repository.findDirect(actor.orgId(), directKey).orElseThrow(() -> race);
        }
    }

    private Members members(CurrentUser actor, NewConversation request) {
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
                    .target("user", ConversationService.shortened(unknown.getFirst()))
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
        if (memberIds.size() + teamOnly.size() + 1 > ConversationService.MAX_MEMBERS) {
            throw ApiProblem.badRequest("A conversation has at most " + ConversationService.MAX_MEMBERS + " members");
        }
        return new Members(memberIds, ownerIds, teamOnly);
    }

    private Conversation insert(
            CurrentUser actor, NewConversation request, Members members, String topic, String directKey) {
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
                request.careTeamId(),
                null);
        repository.insert(created, directKey);
        cipher.createKey(actor.orgId(), created.id());
        List<String> all = new ArrayList<>();
        all.add(actor.userId());
        all.addAll(members.named());
        all.addAll(members.teamOnly());
        List<String> owners = new ArrayList<>();
        owners.add(actor.userId());
        owners.addAll(members.owners());
        long seq = timeline.append(
                actor.orgId(),
                created.id(),
                actor.userId(),
                EntryKind.CONVERSATION_CREATED,
                Map.of("members", all, "owners", owners));
        repository.insertMember(
                actor.orgId(), new Member(created.id(), actor.userId(), Member.Role.OWNER, seq, seq, seq), now);
        for (String id : members.named()) {
            Member.Role role = members.owners().contains(id) ? Member.Role.OWNER : Member.Role.MEMBER;
            repository.insertMember(actor.orgId(), new Member(created.id(), id, role, 0, 0, seq), now);
        }
        for (String id : members.teamOnly()) {
            repository.insertMember(
                    actor.orgId(), new Member(created.id(), id, Member.Role.MEMBER, 0, 0, seq, true), now);
        }
        audit.record(actor.audit(AuditType.CONVERSATION_CREATED)
                .target("conversation", created.id())
                .conversation(created.id())
                .patient(created.patientId())
                .detail("kind", created.kind().code())
                .detail("members", all.size()));
        return repository.find(actor.orgId(), created.id()).orElseThrow();
    }

    /** See {@link ConversationService#createThread}. */
    Conversation createThread(String orgId, String creatorId, String purpose) {
        long now = clock.millis();
        Conversation created = new Conversation(
                ids.next(),
                orgId,
                Conversation.Kind.GROUP,
                Conversation.Audience.PATIENT,
                null,
                null,
                false,
                0,
                now,
                creatorId,
                now,
                null,
                null);
        repository.insert(created, null);
        cipher.createKey(orgId, created.id());
        timeline.append(
                orgId,
                created.id(),
                creatorId,
                EntryKind.CONVERSATION_CREATED,
                Map.of("members", List.of(), "owners", List.of(), "for", purpose));
        // No actor: the row of what it belongs to (the contact request raised) names who, and from where.
        audit.record(AuditEvent.of(AuditType.CONVERSATION_CREATED)
                .org(orgId)
                .target("conversation", created.id())
                .conversation(created.id())
                .detail("kind", "thread")
                .detail("for", purpose));
        return repository.find(orgId, created.id()).orElseThrow();
    }

    /** @throws ApiProblem 404 when the organisation has no such patient */
    void requirePatient(String orgId, String patientId) {
        patients.require(orgId, patientId);
    }

    private static String directKey(String a, String b, String patientId) {
        String pair = a.compareTo(b) < 0 ? a + ":" + b : b + ":" + a;
        return patientId == null ? pair : pair + ":" + patientId;
    }
}
