package org.carechat.availability;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.carechat.audit.AuditEvent;
import org.carechat.audit.AuditLog;
import org.carechat.audit.AuditType;
import org.carechat.conversation.ConversationService;
import org.carechat.identity.User;
import org.carechat.identity.UserService;
import org.carechat.message.DirectMessageSent;
import org.carechat.message.MessageCopy;
import org.carechat.org.OrgService;
import org.carechat.timeline.CopyOf;
import org.carechat.timeline.EntryKind;
import org.carechat.timeline.Timeline;
import org.carechat.web.ApiProblem;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Hands a direct message to the colleagues its recipient named while Unavailable (or Busy, if they chose so), in the
 * send's own transaction (docs/urgent.md §Forwarding).
 *
 * <p>Each delegate receives a copy from the message's sender in their direct conversation ({@link MessageCopy}), so
 * they can answer; it is marked "Forwarded from Dr X (unavailable until 14:00)", urgent when the original was. From a
 * conversation linked to a patient the delegate gets no text, only whose message waits and whom to call: a delegate
 * is never shown a patient conversation they may not see. A copy (forwarded, or an escalation's hand-over) is not
 * forwarded again: it says so in its typed origin. The original conversation gets a {@code forwarded} entry {seq,
 * from, to, status, until}, committed with the message, so the sender is told at once and the recipient sees it when
 * back. Delegates are staff of the same organisation (checked when named, and again here); each forward is audited.
 * A copy that is refused (the delegate made their conversation with the sender 1-way) is left out, audited as refused
 * with its status; the message itself and the other delegates' copies go through.
 */
@Component
class Forwarding {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("d MMM HH:mm", Locale.ROOT);

    private final AvailabilityService availability;
    private final ConversationService conversations;
    private final MessageCopy copies;
    private final Timeline timeline;
    private final UserService users;
    private final OrgService orgs;
    private final AuditLog audit;

    Forwarding(
            AvailabilityService availability,
            ConversationService conversations,
            MessageCopy copies,
            Timeline timeline,
            UserService users,
            OrgService orgs,
            AuditLog audit) {
        this.availability = availability;
        this.conversations = conversations;
        this.copies = copies;
        this.timeline = timeline;
        this.users = users;
        this.orgs = orgs;
        this.audit = audit;
    }

    @EventListener
    void onDirectMessage(DirectMessageSent sent) {
        if (sent.sender().isPatient() || sent.copyOf() != null) {
            return;
        }
        String orgId = sent.sender().orgId();
        String recipient = conversations.memberIds(orgId, sent.conversationId()).stream()
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
        List<String> delegates = delegates(orgId, status, sent.sender().userId());
        if (delegates.isEmpty()) {
            return;
        }
        MessageCopy.Text text = text(sent, recipient, status);
        List<String> reached = new ArrayList<>();
        for (String delegate : delegates) {
            if (forward(sent, recipient, delegate, text)) {
                reached.add(delegate);
            }
        }
        if (reached.isEmpty()) {
            return;
        }
        Map<String, Object> step = new LinkedHashMap<>();
        step.put("seq", sent.seq());
        step.put("from", recipient);
        step.put("to", reached);
        step.put("status", status.status().code());
        if (status.until() != null) {
            step.put("until", status.until());
        }
        timeline.append(orgId, sent.conversationId(), sent.sender().userId(), EntryKind.FORWARDED, step);
    }

    /** The active staff the recipient forwards to, in the order they named them, never the sender. */
    private List<String> delegates(String orgId, Availability status, String senderId) {
        List<String> delegates = new ArrayList<>(users.findAll(orgId, status.forwardTo()).values().stream()
                .filter(u -> !u.disabled() && !u.isPatient() && !u.id().equals(senderId))
                .map(User::id)
                .toList());
        delegates.sort(Comparator.comparingInt(status.forwardTo()::indexOf));
        return delegates;
    }

    private MessageCopy.Text text(DirectMessageSent sent, String recipient, Availability status) {
        String orgId = sent.sender().orgId();
        Map<String, String> names =
                users.displayNames(orgId, List.of(recipient, sent.sender().userId()));
        String mark = "Forwarded from " + names.get(recipient) + " ("
                + status.status().code()
                + (status.until() == null
                        ? ""
                        : " until " + TIME.withZone(zoneOf(orgId)).format(Instant.ofEpochMilli(status.until())))
                + ")";
        String senderName = names.get(sent.sender().userId());
        if (sent.patientId() != null) {
            String noText = mark + ": a message about a patient waits for them; please contact " + senderName + ".";
            return new MessageCopy.Text(noText, noText);
        }
        return new MessageCopy.Text(
                mark + "\n\n" + sent.body(), mark + ": please read it in your conversation with " + senderName + ".");
    }

    /** Sends one delegate their copy, audited; false when it was refused (audited as refused, with its status). */
    private boolean forward(DirectMessageSent sent, String recipient, String delegate, MessageCopy.Text text) {
        AuditEvent event = sent.sender()
                .audit(AuditType.MESSAGE_FORWARDED)
                .target("message", sent.messageId())
                .conversation(sent.conversationId())
                .patient(sent.patientId())
                .detail("seq", sent.seq())
                .detail("from", recipient)
                .detail("to", delegate);
        try {
            copies.send(
                    sent.sender(),
                    delegate,
                    new CopyOf(CopyOf.Reason.FORWARDED, sent.messageId()),
                    delegate,
                    text,
                    sent.urgent());
        } catch (ApiProblem refused) {
            audit.refused(event.detail("status", refused.status().value()));
            return false;
        }
        audit.record(event);
        return true;
    }

    private ZoneId zoneOf(String orgId) {
        try {
            return ZoneId.of(orgs.noticeRules(orgId).timeZone());
        } catch (RuntimeException e) {
            return ZoneId.of("UTC");
        }
    }
}
