package org.carechat.contact;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.carechat.audit.AuditLog;
import org.carechat.audit.AuditType;
import org.carechat.identity.CurrentUser;
import org.carechat.patient.Patient;
import org.carechat.patient.PatientService;
import org.carechat.sms.SmsGateway;
import org.carechat.storage.Transactions;
import org.carechat.timeline.EntryKind;
import org.carechat.timeline.Timeline;
import org.carechat.timeline.TimelineEntry;
import org.carechat.web.ApiProblem;
import org.springframework.stereotype.Component;

/**
 * The shared queue as staff read it — tabs, filters, search, counts — and one request opened with its history; and a
 * patient's own requests. Every read of a list or a request is audited.
 */
@Component
class ContactQueue {

    static final int LIST_LIMIT = 200;
    private static final long DAY = 86_400_000L;
    private static final Set<EntryKind> STEPS = Set.of(
            EntryKind.CONTACT_STATUS,
            EntryKind.CONTACT_ASSIGNED,
            EntryKind.CONTACT_LINKED,
            EntryKind.CONTACT_CONVERTED);

    /**
     * What a staff member asks the queue for; null fields do not narrow.
     *
     * @param tab      {@code new}, {@code in_progress}, {@code complete} (the archive) or {@code new_messages}
     * @param assignee a user id, {@code me} or {@code none}
     * @param age      {@code today} (under a day old), {@code week} (1 to 7 days) or {@code older}
     * @param q        a patient's name, patient id or mobile number
     */
    record Query(String tab, String reasonId, String assignee, String age, String q) {}

    private final ContactRepository requests;
    private final ContactSearchRepository lookup;
    private final ContactPolicy policy;
    private final ContactPresenter presenter;
    private final ContactSealing sealing;
    private final ContactSettings settings;
    private final PatientService patients;
    private final Timeline timeline;
    private final SmsGateway gateway;
    private final AuditLog audit;
    private final Transactions transactions;
    private final Clock clock;

    ContactQueue(
            ContactRepository requests,
            ContactSearchRepository lookup,
            ContactPolicy policy,
            ContactPresenter presenter,
            ContactSealing sealing,
            ContactSettings settings,
            PatientService patients,
            Timeline timeline,
            SmsGateway gateway,
            AuditLog audit,
            Transactions transactions,
            Clock clock) {
        this.requests = requests;
        this.lookup = lookup;
        this.policy = policy;
        this.presenter = presenter;
        this.sealing = sealing;
        this.settings = settings;
        this.patients = patients;
        this.timeline = timeline;
        this.gateway = gateway;
        this.audit = audit;
        this.transactions = transactions;
        this.clock = clock;
    }

    List<ContactViews.RequestSummary> list(CurrentUser actor, Query query) {
        policy.requireStaff(actor, AuditType.CONTACT_REQUESTS_LISTED);
        ContactRepository.Filter filter = filter(actor, query);
        List<ContactRequest> found = requests.list(actor.orgId(), filter, LIST_LIMIT);
        List<ContactViews.RequestSummary> rows = presenter.summaries(actor, found);
        transactions.run(() -> audit.record(actor.audit(AuditType.CONTACT_REQUESTS_LISTED)
                .detail("tab", query.tab() == null ? "all" : query.tab())
                .detail("searched", query.q() != null && !query.q().isBlank())
                .detail("requests", rows.size())));
        return rows;
    }

    ContactViews.RequestCounts counts(CurrentUser actor) {
        policy.requireStaff(actor, AuditType.CONTACT_REQUESTS_LISTED);
        Map<String, Long> counts = requests.counts(actor.orgId(), policy.allowedReasons(actor));
        return new ContactViews.RequestCounts(
                counts.get("new"), counts.get("in_progress"), counts.get("complete"), counts.get("new_messages"));
    }

    /** One request as staff open it, audited as a read of the patient's data. */
    ContactViews.RequestDetails open(CurrentUser actor, String requestId) {
        ContactRequest r = policy.requireStaffVisible(actor, requestId, AuditType.CONTACT_REQUEST_OPENED);
        Patient record = r.patientId() == null ? null : patients.require(actor.orgId(), r.patientId());
        ContactViews.RequestSummary summary = presenter.summary(actor, r);
        ContactViews.RequestPerson person = presenter.person(r, record, true);
        summary = new ContactViews.RequestSummary(
                summary.id(),
                summary.status(),
                summary.source(),
                summary.reason(),
                person,
                summary.assignee(),
                summary.newMessages(),
                summary.threadHidden(),
                summary.preferredChannel(),
                summary.createdAt(),
                summary.statusChangedAt(),
                summary.lastPatientAt());
        List<ContactViews.RequestStep> history = new ArrayList<>();
        for (TimelineEntry e : timeline.ofKinds(r.orgId(), r.conversationId(), STEPS, 100)) {
            history.add(step(e));
        }
        long lastSeq = timeline.before(r.orgId(), r.conversationId(), Long.MAX_VALUE, 1).stream()
                .mapToLong(TimelineEntry::seq)
                .max()
                .orElse(0);
        transactions.run(() -> audit.record(actor.audit(AuditType.CONTACT_REQUEST_OPENED)
                .target("contact_request", r.id())
                .conversation(r.conversationId())
                .patient(r.patientId())
                .detail("view", "details")));
        return new ContactViews.RequestDetails(
                summary,
                new ContactViews.RequestThread(r.conversationId(), lastSeq),
                List.of(),
                history,
                gateway.available(),
                messageBlockedBecause(r, person),
                r.convertedTo());
    }

    /** A patient's own requests, newest first. */
    List<ContactViews.OwnRequest> own(CurrentUser patient) {
        String record = policy.recordOf(patient);
        List<ContactRequest> mine = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        ContactRepository.Filter all =
                new ContactRepository.Filter(null, false, null, null, false, null, null, null, null);
        for (ContactRequest r : requests.list(patient.orgId(), all, LIST_LIMIT * 5)) {
            boolean theirs = patient.userId().equals(r.requesterId()) || record != null && record.equals(r.patientId());
            if (theirs && seen.add(r.id())) {
                mine.add(r);
            }
        }
        List<ContactViews.OwnRequest> views = mine.stream().map(r -> ownView(r)).toList();
        transactions.run(() -> audit.record(patient.audit(AuditType.CONTACT_REQUESTS_LISTED)
                .detail("tab", "own")
                .detail("requests", views.size())));
        return views;
    }

    ContactViews.OwnRequest openOwn(CurrentUser patient, String requestId) {
        ContactRequest r = policy.requireVisible(patient, requestId, AuditType.CONTACT_REQUEST_OPENED);
        transactions.run(() -> audit.record(patient.audit(AuditType.CONTACT_REQUEST_OPENED)
                .target("contact_request", r.id())
                .conversation(r.conversationId())
                .patient(r.patientId())
                .detail("view", "own")));
        return ownView(r);
    }

    private ContactViews.OwnRequest ownView(ContactRequest r) {
        ContactReason reason = settings.reason(r.orgId(), r.reasonId()).orElse(null);
        long lastSeq = timeline.before(r.orgId(), r.conversationId(), Long.MAX_VALUE, 1).stream()
                .mapToLong(TimelineEntry::seq)
                .max()
                .orElse(0);
        return new ContactViews.OwnRequest(
                r.id(),
                r.status().code(),
                reason == null ? null : new ContactViews.Ref(reason.id(), reason.label()),
                r.createdAt(),
                new ContactViews.RequestThread(r.conversationId(), lastSeq),
                List.of(),
                r.status() == ContactRequest.Status.COMPLETE
                        ? settings.view(r.orgId()).closedAnswer()
                        : null);
    }

    /** Why staff cannot send an SMS on this request now, or null when they can. */
    String messageBlockedBecause(ContactRequest r, ContactViews.RequestPerson person) {
        if (r.status() == ContactRequest.Status.NEW) {
            return "Messages can be sent only while the request is In progress: press In progress first.";
        }
        if (r.status() == ContactRequest.Status.COMPLETE) {
            return "This request is complete. Reopen it (In progress) to send a message.";
        }
        if (!gateway.available()) {
            return "SMS is not set up on this server.";
        }
        if (person.mobile() == null) {
            return "This request has no mobile number to send an SMS to.";
        }
        if (!person.mobileValid()) {
            return "The number on this request is not a valid mobile number.";
        }
        return null;
    }

    private static ContactViews.RequestStep step(TimelineEntry e) {
        Map<String, Object> meta = e.meta() == null ? Map.of() : e.meta();
        ContactViews.Ref by = new ContactViews.Ref(e.senderId(), e.senderName());
        Object assignee = meta.get("userId");
        return new ContactViews.RequestStep(
                e.kind().code(),
                (String) meta.get("status"),
                (String) meta.get("from"),
                by,
                assignee == null ? null : new ContactViews.Ref((String) assignee, null),
                e.createdAt());
    }

    private ContactRepository.Filter filter(CurrentUser actor, Query query) {
        List<String> statuses = null;
        boolean newMessages = false;
        if (query.tab() != null && !query.tab().isBlank()) {
            switch (query.tab()) {
                case "new", "in_progress", "complete" -> statuses = List.of(query.tab());
                case "new_messages" -> newMessages = true;
                default -> throw ApiProblem.badRequest("tab must be new, in_progress, complete or new_messages");
            }
        }
        String assignee = null;
        boolean unassigned = false;
        if (query.assignee() != null && !query.assignee().isBlank()) {
            switch (query.assignee()) {
                case "me" -> assignee = actor.userId();
                case "none" -> unassigned = true;
                default -> assignee = query.assignee();
            }
        }
        Long after = null;
        Long before = null;
        long now = clock.millis();
        if (query.age() != null && !query.age().isBlank()) {
            switch (query.age()) {
                case "today" -> after = now - DAY;
                case "week" -> {
                    after = now - 7 * DAY;
                    before = now - DAY;
                }
                case "older" -> before = now - 7 * DAY;
                default -> throw ApiProblem.badRequest("age must be today, week or older");
            }
        }
        return new ContactRepository.Filter(
                statuses,
                newMessages,
                query.reasonId() == null || query.reasonId().isBlank() ? null : query.reasonId(),
                assignee,
                unassigned,
                after,
                before,
                policy.allowedReasons(actor),
                query.q() == null || query.q().isBlank()
                        ? null
                        : search(actor, query.q().strip()));
    }

    /** Requests matching a name, a patient id or a mobile number (by fingerprint; records through the patient feature). */
    private List<String> search(CurrentUser actor, String q) {
        if (q.length() < 2 || q.length() > 100) {
            throw ApiProblem.badRequest("Search needs 2 to 100 characters");
        }
        String mobile = q.matches("[+\\d][\\d ()-]{5,}") ? gateway.mobile(q) : null;
        List<String> patientIds = new ArrayList<>();
        if (mobile == null && q.length() >= 3) {
            patients.search(actor, q).forEach(p -> patientIds.add(p.id()));
        }
        return lookup.search(
                actor.orgId(),
                mobile == null ? null : sealing.mobileIndex(actor.orgId(), mobile),
                patientIds,
                mobile == null ? sealing.nameTerms(actor.orgId(), q) : List.of());
    }
}
