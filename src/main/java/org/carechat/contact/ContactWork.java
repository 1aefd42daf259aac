package org.carechat.contact;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.carechat.audit.AuditLog;
import org.carechat.audit.AuditType;
import org.carechat.cluster.Doorbell;
import org.carechat.cluster.Ring;
import org.carechat.conversation.Conversation;
import org.carechat.conversation.ConversationService;
import org.carechat.conversation.NewConversation;
import org.carechat.identity.CurrentUser;
import org.carechat.identity.User;
import org.carechat.identity.UserService;
import org.carechat.patient.Patient;
import org.carechat.patient.PatientService;
import org.carechat.sms.SmsGateway;
import org.carechat.storage.Transactions;
import org.carechat.timeline.EntryKind;
import org.carechat.timeline.Timeline;
import org.carechat.web.ApiProblem;
import org.springframework.stereotype.Component;

/**
 * Staff working a request: its status (New → In progress → Complete, and Complete → In progress from the archive),
 * who has it, "New messages" seen, "Close thread" on their own screen, linking it to a patient record, and continuing
 * it as a regular patient conversation. Each change is one unit of work: the change, its timeline entry (status,
 * assignment, link, conversion), its audit row, and a ring to the staff who may see it.
 */
@Component
class ContactWork {

    private final ContactPolicy policy;
    private final ContactRepository requests;
    private final ContactSealing sealing;
    private final ContactSettings settings;
    private final ConversationService conversations;
    private final PatientService patients;
    private final UserService users;
    private final SmsGateway gateway;
    private final Timeline timeline;
    private final AuditLog audit;
    private final Doorbell doorbell;
    private final Transactions transactions;
    private final Clock clock;

    ContactWork(
            ContactPolicy policy,
            ContactRepository requests,
            ContactSealing sealing,
            ContactSettings settings,
            ConversationService conversations,
            PatientService patients,
            UserService users,
            SmsGateway gateway,
            Timeline timeline,
            AuditLog audit,
            Doorbell doorbell,
            Transactions transactions,
            Clock clock) {
        this.policy = policy;
        this.requests = requests;
        this.sealing = sealing;
        this.settings = settings;
        this.conversations = conversations;
        this.patients = patients;
        this.users = users;
        this.gateway = gateway;
        this.timeline = timeline;
        this.audit = audit;
        this.doorbell = doorbell;
        this.transactions = transactions;
        this.clock = clock;
    }

    /**
     * Moves the request to {@code status}; moving to where it is changes nothing.
     *
     * @throws ApiProblem 409 for a move the workflow has not (a request never goes back to New)
     */
    void changeStatus(CurrentUser actor, String requestId, ContactRequest.Status status) {
        transactions.run(() -> {
            ContactRequest r = policy.requireStaffVisible(actor, requestId, AuditType.CONTACT_STATUS_CHANGED);
            if (r.status() == status) {
                return;
            }
            if (status == ContactRequest.Status.NEW) {
                throw ApiProblem.conflict("A request cannot go back to New; reopen it as In progress");
            }
            requests.changeStatus(r.orgId(), r.id(), List.of(r.status().code()), status.code(), clock.millis());
            timeline.append(
                    r.orgId(),
                    r.conversationId(),
                    actor.userId(),
                    EntryKind.CONTACT_STATUS,
                    Map.of("status", status.code(), "from", r.status().code()));
            audit.record(actor.audit(AuditType.CONTACT_STATUS_CHANGED)
                    .target("contact_request", r.id())
                    .conversation(r.conversationId())
                    .patient(r.patientId())
                    .detail("from", r.status().code())
                    .detail("to", status.code()));
            ring(r);
        });
    }

    /** Gives the request to a colleague who may see it, or to nobody ({@code userId} null). */
    void assign(CurrentUser actor, String requestId, String userId) {
        transactions.run(() -> {
            ContactRequest r = policy.requireStaffVisible(actor, requestId, AuditType.CONTACT_ASSIGNED);
            if (userId != null) {
                User assignee = users.find(actor.orgId(), userId)
                        .filter(u -> policy.mayBeAssigned(u, r))
                        .orElseThrow(() -> ApiProblem.badRequest(
                                "userId must be a staff member of your organisation who may see this request"));
                if (assignee.id().equals(r.assigneeId())) {
                    return;
                }
            } else if (r.assigneeId() == null) {
                return;
            }
            requests.assign(r.orgId(), r.id(), userId);
            timeline.append(
                    r.orgId(),
                    r.conversationId(),
                    actor.userId(),
                    EntryKind.CONTACT_ASSIGNED,
                    userId == null ? Map.of("unassigned", true) : Map.of("userId", userId));
            audit.record(actor.audit(AuditType.CONTACT_ASSIGNED)
                    .target("contact_request", r.id())
                    .conversation(r.conversationId())
                    .patient(r.patientId())
                    .detail("assignee", userId));
            ring(r);
        });
    }

    /** Someone of the team has seen the patient's new messages: the reminder goes down for everyone. */
    void seen(CurrentUser actor, String requestId) {
        transactions.run(() -> {
            ContactRequest r = policy.requireStaffVisible(actor, requestId, AuditType.CONTACT_REQUEST_UPDATED);
            if (requests.clearNewMessages(r.orgId(), r.id())) {
                audit.record(actor.audit(AuditType.CONTACT_REQUEST_UPDATED)
                        .target("contact_request", r.id())
                        .conversation(r.conversationId())
                        .patient(r.patientId())
                        .detail("change", "new_messages_seen"));
                ring(r);
            }
        });
    }

    /** "Close thread": hidden from the caller's view only, until the patient writes again; false shows it again. */
    void hideThread(CurrentUser actor, String requestId, boolean hidden) {
        transactions.run(() -> {
            ContactRequest r = policy.requireStaffVisible(actor, requestId, AuditType.CONTACT_REQUEST_UPDATED);
            if (hidden) {
                requests.hideThread(r.id(), actor.userId(), clock.millis());
            } else {
                requests.showThread(r.id(), actor.userId());
            }
            audit.record(actor.audit(AuditType.CONTACT_REQUEST_UPDATED)
                    .target("contact_request", r.id())
                    .conversation(r.conversationId())
                    .detail("change", hidden ? "thread_closed" : "thread_shown"));
        });
    }

    /**
     * Links an unmatched request to a patient record of the organisation (read through the patient feature). A request
     * without a number takes the record's mobile, so that SMS and replies work.
     */
    void link(CurrentUser actor, String requestId, String patientId) {
        transactions.run(() -> {
            ContactRequest r = policy.requireStaffVisible(actor, requestId, AuditType.CONTACT_LINKED);
            Patient record = patients.require(actor.orgId(), patientId);
            if (record.id().equals(r.patientId())) {
                return;
            }
            requests.link(r.orgId(), r.id(), record.id());
            if (r.mobile() == null && gateway.mobile(record.mobile()) != null) {
                String mobile = gateway.mobile(record.mobile());
                requests.setMobile(
                        r.orgId(),
                        r.id(),
                        sealing.sealMobile(r.conversationId(), r.id(), mobile),
                        sealing.mobileIndex(r.orgId(), mobile));
            }
            timeline.append(
                    r.orgId(),
                    r.conversationId(),
                    actor.userId(),
                    EntryKind.CONTACT_LINKED,
                    Map.of("patientId", record.id()));
            audit.record(actor.audit(AuditType.CONTACT_LINKED)
                    .target("contact_request", r.id())
                    .conversation(r.conversationId())
                    .patient(record.id()));
            ring(r);
        });
    }

    /**
     * Continues the request as a regular patient conversation (the caller owns it; the patient's account takes part
     * when they have one), for a request linked to a record. Asking again gives the same conversation.
     *
     * @return the conversation's id
     */
    String convert(CurrentUser actor, String requestId) {
        ContactRequest r = policy.requireStaffVisible(actor, requestId, AuditType.CONTACT_CONVERTED);
        if (r.convertedTo() != null) {
            return r.convertedTo();
        }
        if (r.patientId() == null) {
            throw ApiProblem.conflict(
                    "Link the request to a patient record first: a patient conversation is about one");
        }
        String topic = settings.reason(r.orgId(), r.reasonId())
                .map(ContactReason::label)
                .orElse("Contact request");
        return transactions.write(() -> {
            Conversation created = conversations.create(
                    actor,
                    new NewConversation(
                            Conversation.Kind.GROUP,
                            Conversation.Audience.PATIENT,
                            topic,
                            r.patientId(),
                            true,
                            List.of(),
                            List.of()));
            requests.converted(r.orgId(), r.id(), created.id());
            timeline.append(
                    r.orgId(),
                    r.conversationId(),
                    actor.userId(),
                    EntryKind.CONTACT_CONVERTED,
                    Map.of("conversationId", created.id()));
            audit.record(actor.audit(AuditType.CONTACT_CONVERTED)
                    .target("contact_request", r.id())
                    .conversation(r.conversationId())
                    .patient(r.patientId())
                    .detail("into", created.id()));
            ring(r);
            return created.id();
        });
    }

    private void ring(ContactRequest r) {
        doorbell.ringAfterCommit(new Ring.ContactRequestChanged(r.orgId(), r.id()));
    }
}
