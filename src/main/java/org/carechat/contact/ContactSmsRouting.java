package org.carechat.contact;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.carechat.audit.AuditEvent;
import org.carechat.audit.AuditLog;
import org.carechat.audit.AuditType;
import org.carechat.cluster.Doorbell;
import org.carechat.cluster.Ring;
import org.carechat.identity.CurrentUser;
import org.carechat.sms.InboundSms;
import org.carechat.sms.InboundSmsHandler;
import org.carechat.sms.SmsGateway;
import org.carechat.timeline.EntryKind;
import org.carechat.timeline.NewText;
import org.carechat.timeline.Timeline;
import org.springframework.stereotype.Component;

/**
 * Where a patient's SMS goes (docs/contact-requests.md §Routing), decided once, inside the transaction that records
 * its receipt:
 *
 * <ol>
 *   <li>the organisation whose number it was sent to (none: it is kept unrouted);
 *   <li>of that organisation's requests for the sender's number, the newest In progress one takes it;
 *   <li>else, if the newest of them is Complete, it is stored there, flagged as after the close, and the sender gets
 *       the closed-case answer once per closing;
 *   <li>else, if the newest is New, it is added to it (the patient writes again before anyone answered);
 *   <li>else (no request for the number) it makes a new request, and the sender gets the acknowledgement.
 * </ol>
 *
 * Either way the team's "New messages" is raised and the request rung live. Automatic answers are queued here and
 * sent after the commit, never while the SMS centre waits for its answer.
 */
@Component
class ContactSmsRouting implements InboundSmsHandler {

    private final ContactRepository requests;
    private final ContactSettings settings;
    private final ContactSealing sealing;
    private final ContactIntake intake;
    private final ContactSmsOutbox outbox;
    private final Timeline timeline;
    private final SmsGateway gateway;
    private final AuditLog audit;
    private final Doorbell doorbell;

    ContactSmsRouting(
            ContactRepository requests,
            ContactSettings settings,
            ContactSealing sealing,
            ContactIntake intake,
            ContactSmsOutbox outbox,
            Timeline timeline,
            SmsGateway gateway,
            AuditLog audit,
            Doorbell doorbell) {
        this.requests = requests;
        this.settings = settings;
        this.sealing = sealing;
        this.intake = intake;
        this.outbox = outbox;
        this.timeline = timeline;
        this.gateway = gateway;
        this.audit = audit;
        this.doorbell = doorbell;
    }

    @Override
    public boolean received(InboundSms sms) {
        Optional<String> org = settings.orgOfNumber(sms.destination());
        if (org.isEmpty()) {
            return false;
        }
        String orgId = org.get();
        String mobile = senderNumber(sms.sender());
        String index = sealing.mobileIndex(orgId, mobile != null ? mobile : "sender:" + sms.sender());
        List<ContactRequest> forNumber = requests.forNumber(orgId, index);
        Optional<ContactRequest> inProgress = forNumber.stream()
                .filter(r -> r.status() == ContactRequest.Status.IN_PROGRESS)
                .findFirst();
        CurrentUser sender = intake.automatic(orgId, "sms");
        if (inProgress.isPresent()) {
            store(inProgress.get(), sender, sms, false);
        } else if (!forNumber.isEmpty() && forNumber.getFirst().status() == ContactRequest.Status.COMPLETE) {
            ContactRequest closed = forNumber.getFirst();
            store(closed, sender, sms, true);
            String answer = settings.view(orgId).closedAnswer();
            if (mobile != null && !answer.isBlank() && requests.claimClosedAnswer(orgId, closed.id())) {
                answer(closed, sender, answer, "closed", sms);
            }
        } else if (!forNumber.isEmpty()) {
            store(forNumber.getFirst(), sender, sms, false);
        } else {
            ContactRequest raised = intake.raise(
                    new ContactIntake.Raised(
                            orgId,
                            sender,
                            ContactRequest.Source.SMS,
                            null,
                            null,
                            null,
                            null,
                            mobile,
                            index,
                            ContactRequest.Channel.SMS,
                            null),
                    sms.text(),
                    EntryKind.SMS_IN,
                    sms.id(),
                    sms.incomplete() ? Map.of("incomplete", true) : Map.of());
            received(raised, sms, false);
            String answer = settings.view(orgId).acknowledgement();
            if (mobile != null && !answer.isBlank()) {
                answer(raised, sender, answer, "acknowledgement", sms);
            }
        }
        return true;
    }

    private void store(ContactRequest r, CurrentUser sender, InboundSms sms, boolean afterClose) {
        Map<String, Object> meta = new LinkedHashMap<>();
        if (afterClose) {
            meta.put("afterClose", true);
        }
        if (sms.incomplete()) {
            meta.put("incomplete", true);
        }
        timeline.appendText(
                new NewText(sender, r.conversationId(), sms.id(), sms.text(), meta, List.of(), null, EntryKind.SMS_IN));
        requests.patientWrote(r.orgId(), r.id(), sms.receivedAt());
        received(r, sms, afterClose);
        doorbell.ringAfterCommit(new Ring.ContactRequestChanged(r.orgId(), r.id()));
    }

    private void received(ContactRequest r, InboundSms sms, boolean afterClose) {
        audit.record(AuditEvent.of(AuditType.CONTACT_SMS_RECEIVED)
                .org(r.orgId())
                .target("contact_request", r.id())
                .conversation(r.conversationId())
                .patient(r.patientId())
                .detail("sms", sms.id())
                .detail("afterClose", afterClose));
    }

    private void answer(ContactRequest r, CurrentUser sender, String text, String auto, InboundSms cause) {
        Timeline.Appended queued = outbox.queue(r, sender, "auto-" + auto + "-" + cause.id(), text, auto);
        outbox.deliverAfterCommit(queued.id());
        audit.record(AuditEvent.of(AuditType.CONTACT_AUTO_ANSWER)
                .org(r.orgId())
                .target("contact_request", r.id())
                .conversation(r.conversationId())
                .patient(r.patientId())
                .detail("answer", auto)
                .detail("seq", queued.seq()));
    }

    /** The sender as an E.164 mobile number, or null (a name, or not a mobile number: nothing can be sent back). */
    private String senderNumber(String sender) {
        if (sender == null || sender.isBlank()) {
            return null;
        }
        String digits = sender.strip();
        return gateway.mobile(digits.matches("\\d{6,15}") ? "+" + digits : digits);
    }
}
