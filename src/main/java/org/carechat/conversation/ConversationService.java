package org.carechat.conversation;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.carechat.audit.AuditEvent;
import org.carechat.audit.AuditLog;
import org.carechat.audit.AuditType;
import org.carechat.cluster.Doorbell;
import org.carechat.cluster.Ring;
import org.carechat.identity.CurrentUser;
import org.carechat.identity.User;
import org.carechat.storage.Transactions;
import org.carechat.timeline.EntryKind;
import org.carechat.timeline.Timeline;
import org.carechat.web.ApiProblem;
import org.springframework.stereotype.Service;

/**
 * Conversations and their members. Each change (created, member added or removed, settings changed) is an entry
 * in the conversation's timeline ({@link Timeline}), committed with the change and with its audit row, then rung on
 * the doorbell so open clients see it live. Creating is {@link ConversationCreation}'s, membership changes are
 * {@link Memberships}'.
 */
@Service
public class ConversationService {

    public static final int MAX_MEMBERS = 500;

    private final ConversationRepository repository;
    private final ConversationPolicy policy;
    private final ConversationCreation creation;
    private final Memberships memberships;
    private final TeamConversations teamConversations;
    private final Timeline timeline;
    private final AuditLog audit;
    private final Doorbell doorbell;
    private final Transactions transactions;

    ConversationService(
            ConversationRepository repository,
            ConversationPolicy policy,
            ConversationCreation creation,
            Memberships memberships,
            TeamConversations teamConversations,
            Timeline timeline,
            AuditLog audit,
            Doorbell doorbell,
            Transactions transactions) {
        this.repository = repository;
        this.policy = policy;
        this.creation = creation;
        this.memberships = memberships;
        this.teamConversations = teamConversations;
        this.timeline = timeline;
        this.audit = audit;
        this.doorbell = doorbell;
        this.transactions = transactions;
    }

    /**
     * Creates a conversation. A direct conversation between the same two people is created once: asking again
     * returns the existing one.
     *
     * @throws ApiProblem 400 for inconsistent fields or unknown members, 404 for an unknown patient
     */
    public Conversation create(CurrentUser actor, NewConversation request) {
        return creation.create(actor, request);
    }

    /**
     * A conversation with no members, whose timeline another feature writes and whose readers that feature decides: a
     * contact request's thread (followed live through {@code sync.ConversationViewers}). It is linked to no patient
     * record (the feature holds the link), so a patient who registers never joins it as a member. Call inside the unit
     * of work that makes what it belongs to.
     *
     * @param creatorId who or what made it (a person, or the organisation's automatic sender)
     * @param purpose   what it belongs to, for its first entry and audit row (e.g. {@code contact_request})
     */
    public Conversation createThread(String orgId, String creatorId, String purpose) {
        return creation.createThread(orgId, creatorId, purpose);
    }

    /** A conversation of the organisation, whoever asks (for features that decide access themselves). */
    public Optional<Conversation> find(String orgId, String conversationId) {
        return repository.find(orgId, conversationId);
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

    /**
     * The caller's membership for acknowledging entries up to {@code upTo} (a socket's {@code ack}): from memory when
     * this node knows them a member and knows an entry at or beyond {@code upTo} ({@link MemberIds}: this node's
     * membership changes at once, another node's within two seconds); otherwise exactly as {@link #requireMember},
     * refusals audited. Only a positive answer comes from memory (docs/security.md §Authorisation, access checks from memory).
     *
     * @throws ApiProblem 404 as {@link #requireMember}
     */
    public ConversationPolicy.Acknowledgeable requireMemberToAcknowledge(
            CurrentUser actor, String conversationId, long upTo) {
        MemberIds.Known known = repository.known(actor.orgId(), conversationId);
        if (known != null
                && upTo <= known.newestSeq().get()
                && known.memberIds().contains(actor.userId())) {
            return new ConversationPolicy.Acknowledgeable(
                    known.patientId(), known.newestSeq().get());
        }
        Conversation c = requireMember(actor, conversationId).conversation();
        return new ConversationPolicy.Acknowledgeable(c.patientId(), c.lastSeq());
    }

    /**
     * The caller's right to send into a conversation. From memory when this node knows them a member who may write
     * there — an owner, or any member of a conversation that accepts responses ({@link MemberIds}) — and then
     * {@linkplain ConversationPolicy.Writable#fromMemory() to be confirmed} by the send's own transaction with
     * {@link #advanceSenderMarkers}; otherwise exactly as {@link #requireMember} and
     * {@link ConversationPolicy#requireCanWrite}, refusals audited. Only a positive answer comes from memory
     * (docs/security.md §Authorisation, access checks from memory).
     *
     * @param mayUseMemory false to check against the database whatever this node knows (the send's second try)
     * @throws ApiProblem 404 as {@link #requireMember}, 403 as {@link ConversationPolicy#requireCanWrite}
     */
    public ConversationPolicy.Writable requireMemberToWrite(
            CurrentUser actor, String conversationId, boolean mayUseMemory) {
        MemberIds.Known known = mayUseMemory ? repository.known(actor.orgId(), conversationId) : null;
        if (known != null && known.mayWrite(actor.userId())) {
            return new ConversationPolicy.Writable(known.patientId(), known.kind() == Conversation.Kind.DIRECT, true);
        }
        ConversationPolicy.Access access = requireMember(actor, conversationId);
        policy.requireCanWrite(actor, access);
        Conversation c = access.conversation();
        return new ConversationPolicy.Writable(c.patientId(), c.kind() == Conversation.Kind.DIRECT, false);
    }

    /**
     * Moves the sender's read and delivered markers to the seq of the message they just sent, in the send's write
     * transaction, and with it confirms an access answered from memory: the markers move only while the sender is a
     * member who may write. Rings the doorbell after commit.
     *
     * @return the access as confirmed: the conversation's linked patient as committed (memory may not yet know a
     *     relink made on another node: the send's audit row and events name the patient the database has)
     * @throws ConversationPolicy.StaleAccess when {@code access} came from memory and the sender may not write here
     *                                        (removed, or the conversation turned 1-way, on another node or a moment
     *                                        ago): the caller rolls the send back and checks it against the database
     */
    public ConversationPolicy.Writable advanceSenderMarkers(
            CurrentUser sender, String conversationId, long seq, ConversationPolicy.Writable access) {
        Optional<ConversationRepository.SenderMarkers> moved =
                repository.advanceSenderMarkers(sender.orgId(), conversationId, sender.userId(), seq);
        if (moved.isEmpty()) {
            if (access.fromMemory()) {
                repository.forgetKnown(sender.orgId(), conversationId);
                throw new ConversationPolicy.StaleAccess();
            }
            return access;
        }
        ConversationRepository.SenderMarkers markers = moved.get();
        doorbell.ringAfterCommit(new Ring.MarkersMoved(
                sender.orgId(), conversationId, sender.userId(), markers.readSeq(), markers.deliveredSeq()));
        if (Objects.equals(markers.patientId(), access.patientId())) {
            return access;
        }
        repository.forgetKnown(sender.orgId(), conversationId); // relinked where this node did not see it
        return new ConversationPolicy.Writable(markers.patientId(), access.direct(), access.fromMemory());
    }

    /** How many conversations the organisation has (every kind and audience). */
    public long count(String orgId) {
        return repository.count(orgId);
    }

    public ConversationPolicy policy() {
        return policy;
    }

    public List<Member> members(String orgId, String conversationId) {
        return repository.members(orgId, conversationId);
    }

    /**
     * The ids of a conversation's members, from memory: a change made on this node shows at once, another node's
     * within two seconds. For decisions taken after a message committed (whom to push or forward to); access is
     * checked with {@link #requireMember} (or, for an acknowledgement, {@link #requireMemberToAcknowledge}, for a send
     * {@link #requireMemberToWrite}), never with this.
     */
    public List<String> memberIds(String orgId, String conversationId) {
        return repository.memberIds(orgId, conversationId);
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

    /**
     * The caller's conversations linked to one patient record, most recently active first, optionally of one audience:
     * the patient's conversation history as the caller may see it (a staff member sees those they are a member of,
     * in person, through a care team or through the patient's care team in the EHR). Audited as a listing of the
     * patient's history. A patient's account sees only its own record's conversations that it is in.
     *
     * @param audience {@code null} for every audience
     * @throws ApiProblem 404 when the organisation has no such patient
     */
    public List<Conversation> historyFor(CurrentUser actor, String patientId, Conversation.Audience audience) {
        if (!actor.isPatient()) {
            creation.requirePatient(actor.orgId(), patientId);
        }
        Privacy privacy = policy.privacyFor(actor);
        List<Conversation> list = conversationsOf(actor).stream()
                .filter(c -> patientId.equals(c.patientId()) && privacy.mayShowPatient(patientId))
                .filter(c -> audience == null || c.audience() == audience)
                .toList();
        audit.record(actor.audit(AuditType.CONVERSATIONS_LISTED)
                .patient(patientId)
                .detail("screen", "patient_history")
                .detail("audience", audience == null ? "all" : audience.code())
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

    /** A member's delivered marker to move up to {@code upTo} (an acknowledgement's effect on it). */
    public record DeliveredUpTo(String orgId, String conversationId, String userId, long upTo) {}

    /**
     * Moves many members' delivered markers forward (never back) in one statement — a window of acknowledgements
     * (issue #20). Call in a write transaction; rings the doorbell after commit for each marker that moved.
     *
     * @param moves at most one per member (the caller keeps each member's highest)
     * @return the markers that moved, as committed
     */
    public List<Ring.MarkersMoved> advanceDelivered(Collection<DeliveredUpTo> moves) {
        if (moves.isEmpty()) {
            return List.of();
        }
        List<Ring.MarkersMoved> moved = repository.advanceDelivered(moves);
        moved.forEach(doorbell::ringAfterCommit);
        return moved;
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
            if (!Objects.equals(newTeam, c.careTeamId())) {
                teamConversations.changeTeam(actor, c, newTeam);
            }
            repository.update(actor.orgId(), conversationId, newTopic, newAccept, newTeam);
            timeline.append(
                    actor.orgId(),
                    conversationId,
                    actor.userId(),
                    EntryKind.SETTINGS_CHANGED,
                    Map.of("acceptResponses", newAccept, "topicChanged", !Objects.equals(newTopic, c.topic())));
            audit.record(actor.audit(AuditType.CONVERSATION_UPDATED)
                    .target("conversation", conversationId)
                    .conversation(conversationId)
                    .detail("acceptResponses", newAccept)
                    .detail("careTeam", newTeam));
            return repository.find(actor.orgId(), conversationId).orElseThrow();
        });
    }

    /**
     * Replaces a conversation's topic, in the caller's unit of work, which audits (a patient's erasure: the topic of a
     * conversation linked to them may name them). Its other settings stay.
     */
    public void replaceTopic(String orgId, String conversationId, String topic) {
        repository
                .find(orgId, conversationId)
                .ifPresent(c -> repository.update(orgId, conversationId, topic, c.acceptResponses(), c.careTeamId()));
    }

    /**
     * The EHR merged the patient of record {@code fromPatientId} into the one of {@code toPatientId}, and both had
     * records: every conversation linked to the merged record is linked to the surviving one, in the caller's unit of
     * work, each audited (ids only). Members stay as they are (a patient's account of the merged record keeps its
     * memberships: the same person).
     *
     * @return how many conversations moved
     */
    public int moveToRecord(String orgId, String fromPatientId, String toPatientId) {
        List<Conversation> moved = repository.findLinkedToPatient(orgId, fromPatientId);
        for (Conversation c : moved) {
            repository.relinkPatient(orgId, c.id(), toPatientId);
            audit.record(AuditEvent.of(AuditType.CONVERSATION_UPDATED)
                    .org(orgId)
                    .target("conversation", c.id())
                    .conversation(c.id())
                    .patient(toPatientId)
                    .detail("mergedFrom", fromPatientId));
        }
        return moved.size();
    }

    /** Adds a staff member (owners). Adding someone already there changes nothing. */
    public Member addMember(CurrentUser actor, String conversationId, String userId, boolean owner) {
        return transactions.write(
                () -> memberships.add(actor, conversationId, userId, owner, requireMember(actor, conversationId)));
    }

    /**
     * A patient who has just registered joins the patient and mixed group conversations linked to their record.
     * Call in the write transaction that made the account; each join is a {@code member_added} entry by the patient
     * and is audited.
     */
    public void joinLinkedConversations(User patient, String ip) {
        memberships.joinLinkedConversations(patient, ip);
    }

    /** Removes a member (owners; anyone may remove themselves). Their open sockets stop receiving at once. */
    public void removeMember(CurrentUser actor, String conversationId, String userId) {
        transactions.run(() -> memberships.remove(actor, userId, requireMember(actor, conversationId)));
    }

    /** An id a caller gave, as it goes into an audit row: attacker-chosen, so bounded. */
    static String shortened(String id) {
        return id == null || id.length() <= 80 ? id : id.substring(0, 80) + "…";
    }
}
