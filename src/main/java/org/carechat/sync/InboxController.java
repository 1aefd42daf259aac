package org.carechat.sync;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.carechat.conversation.Conversation;
import org.carechat.conversation.ConversationService;
import org.carechat.conversation.Member;
import org.carechat.conversation.Muting;
import org.carechat.conversation.Privacy;
import org.carechat.identity.CurrentUser;
import org.carechat.identity.UserService;
import org.carechat.message.MessageHistory;
import org.carechat.patient.Patient;
import org.carechat.patient.PatientService;
import org.carechat.timeline.MessageCounts;
import org.carechat.timeline.TimelineEntry;
import org.carechat.web.ApiProblem;
import org.carechat.web.IdFormat;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The conversation list with unread counts, last-message previews and the dashboard statistics. */
@RestController
@Tag(name = "Inbox", description = "Your conversations with unread counts and statistics")
class InboxController {

    static final int PREVIEW_LENGTH = 120;
    private static final MessageCounts NONE = new MessageCounts(0, 0);

    private final ConversationService conversations;
    private final MessageHistory messages;
    private final PatientService patients;
    private final UserService users;
    private final Muting muting;

    InboxController(
            ConversationService conversations,
            MessageHistory messages,
            PatientService patients,
            UserService users,
            Muting muting) {
        this.conversations = conversations;
        this.messages = messages;
        this.patients = patients;
        this.users = users;
        this.muting = muting;
    }

    @io.swagger.v3.oas.annotations.media.Schema(name = "InboxPatient")
    record PatientSummary(String id, String mrn, String name) {
        @Override
        public String toString() {
            return "PatientSummary[id=" + id + "]";
        }
    }

    record LastMessage(long seq, String senderId, String senderName, String preview, long createdAt) {
        @Override
        public String toString() {
            return "LastMessage[seq=" + seq + ", senderId=" + senderId + "]";
        }
    }

    /** The other person of a direct conversation, by whose name the list shows it. */
    record Person(String id, String displayName) {
        @Override
        public String toString() {
            return "Person[id=" + id + "]";
        }
    }

    /**
     * @param with           for a direct conversation, the other person (null for groups, or when the caller may not
     *                       know)
     * @param muted          the caller muted it: only its unread mentions count in the badge and alert
     * @param unreadMentions unread messages that mention the caller
     */
    record Item(
            Conversation conversation,
            PatientSummary patient,
            Person with,
            long unread,
            long messageCount,
            LastMessage lastMessage,
            boolean muted,
            long unreadMentions) {}

    /**
     * @param unreadMessages unread text messages over all conversations (the navigation badge)
     * @param uniquePatients distinct patients linked to the caller's conversations
     */
    record Stats(int totalConversations, long unreadMessages, int uniquePatients, long totalMessages) {}

    record Inbox(List<Item> conversations, Stats stats) {}

    /**
     * @param patientId only the conversations linked to this patient record (the patient's history), audited as such
     * @param audience  only conversations of this audience ({@code staff}, {@code patient} or {@code mixed})
     */
    @GetMapping("/api/v1/inbox")
    @Operation(
            summary = "Your conversations (most recent first) with unread counts, previews and statistics; with "
                    + "patientId, the history of one patient's conversations, optionally of one audience")
    Inbox inbox(
            @AuthenticationPrincipal CurrentUser actor,
            @RequestParam(required = false) String patientId,
            @RequestParam(required = false) String audience) {
        Conversation.Audience only = audience(audience);
        List<Conversation> list = patientId == null
                ? conversations.listFor(actor, "inbox").stream()
                        .filter(c -> only == null || c.audience() == only)
                        .toList()
                : conversations.historyFor(actor, IdFormat.require(patientId, "patientId"), only);
        Privacy privacy = conversations.policy().privacyFor(actor);
        Map<String, MessageCounts> counts = messages.counts(actor);
        Map<String, TimelineEntry> last = messages.lastTexts(actor).stream()
                .collect(Collectors.toMap(TimelineEntry::conversationId, Function.identity()));
        Set<String> patientIds = new HashSet<>();
        list.forEach(c -> {
            if (c.patientId() != null && privacy.mayShowPatient(c.patientId())) {
                patientIds.add(c.patientId());
            }
        });
        Map<String, Patient> patientsById = patients.findAll(actor.orgId(), patientIds);
        Map<String, Person> others = otherPersons(actor, list, privacy);
        Set<String> muted = muting.mutedBy(actor.orgId(), actor.userId());
        Map<String, Long> mentions = messages.unreadMentions(actor);
        List<Item> items = list.stream()
                .map(c -> {
                    Patient p = c.patientId() == null || !privacy.mayShowPatient(c.patientId())
                            ? null
                            : patientsById.get(c.patientId());
                    TimelineEntry m = last.get(c.id());
                    return new Item(
                            privacy.conversation(c),
                            p == null ? null : new PatientSummary(p.id(), p.mrn(), p.displayName()),
                            others.get(c.id()),
                            counts.getOrDefault(c.id(), NONE).unread(),
                            counts.getOrDefault(c.id(), NONE).total(),
                            m == null
                                    ? null
                                    : new LastMessage(
                                            m.seq(), m.senderId(), m.senderName(), preview(m.body()), m.createdAt()),
                            muted.contains(c.id()),
                            mentions.getOrDefault(c.id(), 0L));
                })
                .toList();
        Stats stats = new Stats(
                list.size(),
                counts.values().stream().mapToLong(MessageCounts::unread).sum(),
                patientIds.size(),
                counts.values().stream().mapToLong(MessageCounts::total).sum());
        return new Inbox(items, stats);
    }

    /** For each direct conversation, the member who is not the caller (when the caller may be told who). */
    private Map<String, Person> otherPersons(CurrentUser actor, List<Conversation> list, Privacy privacy) {
        List<String> direct = list.stream()
                .filter(c -> c.kind() == Conversation.Kind.DIRECT)
                .map(Conversation::id)
                .toList();
        if (direct.isEmpty()) {
            return Map.of();
        }
        Map<String, String> otherOf = new java.util.HashMap<>();
        for (Member m : conversations.membersOf(actor.orgId(), direct)) {
            if (!m.userId().equals(actor.userId()) && privacy.mayName(m.userId())) {
                otherOf.put(m.conversationId(), m.userId());
            }
        }
        Map<String, String> names = users.displayNames(actor.orgId(), Set.copyOf(otherOf.values()));
        Map<String, Person> others = new java.util.HashMap<>();
        otherOf.forEach((conversation, user) -> others.put(conversation, new Person(user, names.get(user))));
        return others;
    }

    private static Conversation.Audience audience(String audience) {
        if (audience == null) {
            return null;
        }
        return Arrays.stream(Conversation.Audience.values())
                .filter(a -> a.code().equals(audience))
                .findFirst()
                .orElseThrow(() -> ApiProblem.badRequest("audience must be staff, patient or mixed"));
    }

    private static String preview(String body) {
        if (body == null) {
            return null;
        }
        String flat = body.replaceAll("\\s+", " ").strip();
        if (flat.codePointCount(0, flat.length()) <= PREVIEW_LENGTH) {
            return flat;
        }
        return flat.substring(0, flat.offsetByCodePoints(0, PREVIEW_LENGTH)) + "…";
    }
}
