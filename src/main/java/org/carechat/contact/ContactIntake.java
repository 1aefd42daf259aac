package org.carechat.contact;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.carechat.audit.AuditEvent;
import org.carechat.audit.AuditLog;
import org.carechat.audit.AuditType;
import org.carechat.cluster.Doorbell;
import org.carechat.cluster.Ring;
import org.carechat.conversation.Conversation;
import org.carechat.conversation.ConversationService;
import org.carechat.identity.CurrentUser;
import org.carechat.identity.Role;
import org.carechat.identity.User;
import org.carechat.identity.UserService;
import org.carechat.storage.Ids;
import org.carechat.timeline.EntryKind;
import org.carechat.timeline.NewText;
import org.carechat.timeline.Timeline;
import org.springframework.stereotype.Component;

/**
 * Makes contact requests, from the patient app, the public form, or an SMS to the practice's number: the request row,
 * its thread (a conversation without members, {@link ConversationService#createThread}), its first status entry
 * ({@code contact_status} {@code new}, with its source) and the patient's first text, audited and rung to the staff
 * who may see it. Call inside a unit of work; checks are the callers'.
 */
@Component
class ContactIntake {

    /** Who raised it and what they said. {@code person}: the account that wrote (the patient, or automatic). */
    record Raised(
            String orgId,
            CurrentUser person,
            ContactRequest.Source source,
            String reasonId,
            String patientId,
            String requesterId,
            GivenDetails details,
            String mobile,
            String mobileIndex,
            ContactRequest.Channel channel,
            String ip) {}

    private final ContactRepository requests;
    private final ContactSearchRepository lookup;
    private final ContactSealing sealing;
    private final ConversationService conversations;
    private final Timeline timeline;
    private final UserService users;
    private final AuditLog audit;
    private final Doorbell doorbell;
    private final Ids ids;
    private final Clock clock;

    ContactIntake(
            ContactRepository requests,
            ContactSearchRepository lookup,
            ContactSealing sealing,
            ConversationService conversations,
            Timeline timeline,
            UserService users,
            AuditLog audit,
            Doorbell doorbell,
            Ids ids,
            Clock clock) {
        this.requests = requests;
        this.lookup = lookup;
        this.sealing = sealing;
        this.conversations = conversations;
        this.timeline = timeline;
        this.users = users;
        this.audit = audit;
        this.doorbell = doorbell;
        this.ids = ids;
        this.clock = clock;
    }

    /**
     * A new request, with its first text: {@code firstKind} {@code text} (app, form: its meta names the channel) or
     * {@code sms_in}.
     *
     * @param clientMsgId the first text's idempotency key (an inbound SMS's receipt id; a random one otherwise)
     * @param firstMeta   flags of the first text besides its channel (an SMS's {@code incomplete}); may be empty
     */
    ContactRequest raise(
            Raised raised, String text, EntryKind firstKind, String clientMsgId, Map<String, Object> firstMeta) {
        long now = clock.millis();
        String id = ids.next();
        Conversation thread =
                conversations.createThread(raised.orgId(), raised.person().userId(), "contact_request");
        ContactRequest request = new ContactRequest(
                id,
                raised.orgId(),
                thread.id(),
                ContactRequest.Status.NEW,
                raised.source(),
                raised.reasonId(),
                raised.patientId(),
                raised.requesterId(),
                raised.details() == null ? null : sealing.sealDetails(thread.id(), id, raised.details()),
                sealing.sealMobile(thread.id(), id, raised.mobile()),
                raised.mobileIndex(),
                raised.channel(),
                null,
                false,
                now,
                false,
                null,
                now,
                now);
        requests.insert(request);
        if (raised.details() != null) {
            List<String> terms = new ArrayList<>(
                    sealing.nameTerms(raised.orgId(), raised.details().name()));
            lookup.insertTerms(raised.orgId(), id, terms);
        }
        timeline.append(
                raised.orgId(),
                thread.id(),
                raised.person().userId(),
                EntryKind.CONTACT_STATUS,
                Map.of("status", "new", "source", raised.source().code()));
        Map<String, Object> meta = new LinkedHashMap<>(firstMeta);
        if (firstKind == EntryKind.TEXT) {
            meta.put("channel", raised.source().code());
        }
        timeline.appendText(
                new NewText(raised.person(), thread.id(), clientMsgId, text, meta, List.of(), null, firstKind));
        audit.record(AuditEvent.of(AuditType.CONTACT_REQUEST_CREATED)
                .org(raised.orgId())
                .actor(
                        raised.source() == ContactRequest.Source.APP
                                ? raised.person().userId()
                                : null,
                        raised.ip())
                .target("contact_request", id)
                .conversation(thread.id())
                .patient(raised.patientId())
                .detail("source", raised.source().code())
                .detail("reason", raised.reasonId()));
        doorbell.ringAfterCommit(new Ring.ContactRequestChanged(raised.orgId(), id));
        return request;
    }

    /** The organisation's automatic sender as a caller: the author of what patients send without an account. */
    CurrentUser automatic(String orgId, String via) {
        User sender = users.automaticSender(orgId);
        return new CurrentUser(sender.id(), orgId, sender.displayName(), Role.PATIENT, false, via, null);
    }
}
