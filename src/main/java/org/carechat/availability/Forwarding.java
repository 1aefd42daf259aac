package org.carechat.availability;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.carechat.audit.AuditLog;
import org.carechat.audit.AuditType;
import org.carechat.conversation.Conversation;
import org.carechat.conversation.ConversationService;
import org.carechat.conversation.Member;
import org.carechat.conversation.NewConversation;
import org.carechat.identity.UserService;
import org.carechat.message.DirectMessageSent;
import org.carechat.message.MessageService;
import org.carechat.org.OrgService;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Hands a direct message to the colleagues its recipient named while Unavailable (or Busy, if they chose so), in the
 * send's own transaction (docs/urgent.md §Forwarding).
 *
 * <p>Each delegate receives the message from its sender in their direct conversation, so they can answer; it is
 * marked "Forwarded from Dr X (unavailable until 14:00)", urgent when the original was. From a conversation linked to
 * a patient the delegate gets no text, only whose message waits and whom to call: a delegate is never shown a
 * patient conversation they may not see. A forwarded copy is not forwarded again. The original conversation gets a
 * {@code forwarded} entry {seq, from, to, status, until}, committed with the message, so the sender is told at once
 * and the recipient sees it when back. Delegates are staff of the same organisation (checked when named, and again
 * here); each forward is audited.
 */
@Component
class Forwarding {

    static final String COPY_PREFIX = "fwd-";
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("d MMM HH:mm", java.util.Locale.ROOT);

    private final AvailabilityService availability;
    private final ConversationService conversations;
    private final MessageService messages;
    private final UserService users;
    private final OrgService orgs;
    private final AuditLog audit;

    Forwarding(
            AvailabilityService availability,
            ConversationService conversations,
            MessageService messages,
            UserService users,
            OrgService orgs,
            AuditLog audit) {
        this.availability = availability;
        this.conversations = conversations;
        this.messages = messages;
        this.users = users;
        this.orgs = orgs;
        this.audit = audit;
    }

    @EventListener
    void onDirectMessage(DirectMessageSent sent) {
        if (sent.sender().isPatient()
                || sent.clientMsgId().startsWith(COPY_PREFIX)
                || sent.clientMsgId().startsWith("escalation-")) {
            return;
        }
        String orgId = sent.sender().orgId();
        String recipient = conversations.members(orgId, sent.conversationId()).stream()
                .map(Member::userId)
                .filter(id -> !id.equals(sent.sender().userId()))
                .findFirst()
                .orElse(null);
        if (recipient == null) {
            return;
        }
        Availability status = availability.of(orgId, recipient);
        if (!status.forwarding()) {
            return;
        }
        List<String> delegates = new ArrayList<>(users.findAll(orgId, status.forwardTo()).values().stream()
                .filter(u -> !u.disabled()
                        && !u.isPatient()
                        && !u.id().equals(sent.sender().userId()))
                .map(u -> u.id())
                .toList());
        delegates.sort(java.util.Comparator.comparingInt(status.forwardTo()::indexOf));
        if (delegates.isEmpty()) {
            return;
        }
        Map<String, String> names =
                users.displayNames(orgId, List.of(recipient, sent.sender().userId()));
        String mark = "Forwarded from " + names.get(recipient) + " ("
                + status.status().code()
                + (status.until() == null
                        ? ""
                        : " until " + TIME.withZone(zoneOf(orgId)).format(Instant.ofEpochMilli(status.until())))
                + ")";
        String body = sent.patientId() != null
                ? mark + ": a message about a patient waits for them; please contact "
                        + names.get(sent.sender().userId()) + "."
                : mark + "\n\n" + sent.body();
        for (String delegate : delegates) {
            String direct = conversations
                    .create(
                            sent.sender(),
                            new NewConversation(
                                    Conversation.Kind.DIRECT,
                                    Conversation.Audience.STAFF,
                                    null,
                                    null,
                                    true,
                                    List.of(delegate),
                                    null))
                    .id();
            String copyId = COPY_PREFIX
                    + sent.messageId().substring(0, Math.min(sent.messageId().length(), 36)) + "-"
                    + delegates.indexOf(delegate);
            try {
                messages.send(sent.sender(), direct, copyId, body, sent.urgent());
            } catch (org.carechat.web.ApiProblem tooLong) {
                messages.send(
                        sent.sender(),
                        direct,
                        copyId,
                        mark + ": please read it in your conversation with "
                                + names.get(sent.sender().userId()) + ".",
                        sent.urgent());
            }
            audit.record(sent.sender()
                    .audit(AuditType.MESSAGE_FORWARDED)
                    .target("message", sent.messageId())
                    .conversation(sent.conversationId())
                    .patient(sent.patientId())
                    .detail("seq", sent.seq())
                    .detail("from", recipient)
                    .detail("to", delegate));
        }
        Map<String, Object> step = new LinkedHashMap<>();
        step.put("seq", sent.seq());
        step.put("from", recipient);
        step.put("to", delegates);
        step.put("status", status.status().code());
        if (status.until() != null) {
            step.put("until", status.until());
        }
        messages.appendStep(orgId, sent.conversationId(), sent.sender().userId(), "forwarded", step);
    }

    private ZoneId zoneOf(String orgId) {
        try {
            return ZoneId.of(orgs.noticeRules(orgId).timeZone());
        } catch (RuntimeException e) {
            return ZoneId.of("UTC");
        }
    }
}
