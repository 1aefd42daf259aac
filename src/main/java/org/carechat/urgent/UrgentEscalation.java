package org.carechat.urgent;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.carechat.audit.AuditEvent;
import org.carechat.audit.AuditLog;
import org.carechat.audit.AuditType;
import org.carechat.availability.Availability;
import org.carechat.availability.AvailabilityService;
import org.carechat.cluster.Doorbell;
import org.carechat.cluster.Ring;
import org.carechat.identity.CurrentUser;
import org.carechat.identity.User;
import org.carechat.identity.UserService;
import org.carechat.message.MessageCopy;
import org.carechat.message.MessageHistory;
import org.carechat.message.MessageService;
import org.carechat.storage.Transactions;
import org.carechat.timeline.CopyOf;
import org.carechat.timeline.EntryKind;
import org.carechat.timeline.Timeline;
import org.springframework.stereotype.Component;

/**
 * Fires due escalation timers (docs/urgent.md): each alert nobody acknowledged in time is claimed through a
 * conditional update that only one sweep can win ({@link UrgentRepository#claimEscalation}), audited, written to the
 * conversation's timeline ({@code urgent_escalated}) and handed to the colleague it escalates to, in one unit of work.
 */
@Component
class UrgentEscalation {

    private final UrgentRepository repository;
    private final UserService users;
    private final AvailabilityService availability;
    private final MessageHistory history;
    private final MessageCopy copies;
    private final Timeline timeline;
    private final AuditLog audit;
    private final Doorbell doorbell;
    private final Transactions transactions;
    private final UrgentMeters meters;
    private final Clock clock;

    UrgentEscalation(
            UrgentRepository repository,
            UserService users,
            AvailabilityService availability,
            MessageHistory history,
            MessageCopy copies,
            Timeline timeline,
            AuditLog audit,
            Doorbell doorbell,
            Transactions transactions,
            Clock clock,
            UrgentMeters meters) {
        this.meters = meters;
        this.repository = repository;
        this.users = users;
        this.availability = availability;
        this.history = history;
        this.copies = copies;
        this.timeline = timeline;
        this.audit = audit;
        this.doorbell = doorbell;
        this.transactions = transactions;
        this.clock = clock;
    }

    /** See {@link UrgentService#escalateDue}. */
    int escalateDue() {
        int escalated = 0;
        for (UrgentAlert due : repository.due(clock.millis(), UrgentService.SWEEP_BATCH)) {
            escalated += transactions.write(() -> escalate(due)) ? 1 : 0;
        }
        return escalated;
    }

    private boolean escalate(UrgentAlert due) {
        long now = clock.millis();
        UrgentSettings settings = repository.settings(due.orgId());
        String target = escalationTarget(due, settings);
        if (!repository.claimEscalation(due.id(), target, now)) {
            return false; // acknowledged meanwhile, or another sweep fired it
        }
        AuditEvent event = AuditEvent.of(AuditType.URGENT_ESCALATED)
                .org(due.orgId())
                .target("urgent_alert", due.id())
                .conversation(due.conversationId())
                .detail("seq", due.seq())
                .detail("recipient", due.recipientId());
        audit.record(target == null ? event.detail("to", "nobody") : event.detail("to", target));
        meters.escalated();
        Map<String, Object> step = new LinkedHashMap<>();
        step.put("seq", due.seq());
        step.put("from", due.recipientId());
        if (target != null) {
            step.put("to", target);
            handOver(due, target, settings);
        }
        timeline.append(due.orgId(), due.conversationId(), due.senderId(), EntryKind.URGENT_ESCALATED, step);
        doorbell.ringAfterCommit(new Ring.UrgentChanged(due.orgId(), due.id()));
        return true;
    }

    /**
     * The colleague an alert escalates to: the first colleague the recipient forwards to now (Unavailable, or Busy
     * with forwarding), else the organisation's escalation contact — never the recipient or the sender themselves,
     * and only an active staff member of the organisation.
     */
    private String escalationTarget(UrgentAlert due, UrgentSettings settings) {
        Availability status = availability.of(due.orgId(), due.recipientId());
        if (status.forwarding()) {
            Map<String, User> delegates = users.findAll(due.orgId(), status.forwardTo());
            for (String id : status.forwardTo()) {
                User u = delegates.get(id);
                if (u != null && !u.disabled() && !u.isPatient() && !id.equals(due.senderId())) {
                    return id;
                }
            }
        }
        String contact = settings.escalationContactId();
        if (contact == null || contact.equals(due.recipientId()) || contact.equals(due.senderId())) {
            return null;
        }
        return users.find(due.orgId(), contact)
                .filter(u -> !u.disabled() && !u.isPatient())
                .map(User::id)
                .orElse(null);
    }

    /**
     * Hands the duty to {@code target}: an urgent copy from the sender in their direct conversation — the text itself
     * when the conversation is not linked to a patient (and it fits with the header), else only who to call — whose
     * alert is linked to the unacknowledged one (either acknowledgement closes both) and does not escalate again. A
     * repeated hand-over of the same alert returns the first copy. A refused copy refuses the escalation, which the
     * next sweep tries again.
     */
    private void handOver(UrgentAlert due, String target, UrgentSettings settings) {
        Map<String, String> names = users.displayNames(due.orgId(), List.of(due.senderId(), due.recipientId()));
        CurrentUser sender = users.find(due.orgId(), due.senderId())
                .map(u -> new CurrentUser(
                        u.id(), u.orgId(), u.displayName(), u.role(), false, "urgent-escalation", "server"))
                .orElseThrow();
        String header = "Escalated: not acknowledged by " + names.get(due.recipientId()) + " within "
                + settings.escalateAfterMinutes() + " minutes.";
        String brief = header + " Please contact " + names.get(due.senderId()) + ".";
        String full = due.patientLinked()
                ? brief
                : history.text(due.orgId(), due.conversationId(), due.seq())
                        .map(text -> header + "\n\n" + text)
                        .orElse(brief);
        MessageService.Sent copy = copies.send(
                sender,
                target,
                new CopyOf(CopyOf.Reason.ESCALATED, due.messageId()),
                due.id(),
                new MessageCopy.Text(full, brief),
                true);
        for (UrgentAlert raised : repository.ofRecipient(due.orgId(), copy.conversationId(), copy.seq(), target)) {
            repository.linkEscalation(raised.id(), due.id());
        }
    }
}
