package org.carechat.contact;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.carechat.audit.AuditLog;
import org.carechat.audit.AuditType;
import org.carechat.cluster.Doorbell;
import org.carechat.cluster.Ring;
import org.carechat.identity.CurrentUser;
import org.carechat.sms.SmsText;
import org.carechat.storage.Transactions;
import org.carechat.system.RateLimiter;
import org.carechat.timeline.EntryKind;
import org.carechat.timeline.NewText;
import org.carechat.timeline.Timeline;
import org.carechat.timeline.TimelineEntry;
import org.carechat.web.ApiProblem;
import org.springframework.stereotype.Component;

/**
 * A request's thread: its pages (with each SMS's state), staff's SMS to the patient (only while In progress, to a
 * valid mobile number), and the patient's answers in the app (until the request is closed). A send is idempotent by
 * its client message id, answered after its commit; an SMS is then handed to the SMS centre at once, and the answer
 * says where it stands.
 */
@Component
class ContactThread {

    static final int MAX_APP_TEXT = 2_000;

    private final ContactPolicy policy;
    private final ContactRepository requests;
    private final ContactQueue queue;
    private final ContactPresenter presenter;
    private final ContactSmsOutbox outbox;
    private final ContactSmsRepository sms;
    private final ContactSettings settings;
    private final Timeline timeline;
    private final RateLimiter limiter;
    private final AuditLog audit;
    private final Doorbell doorbell;
    private final Transactions transactions;

    ContactThread(
            ContactPolicy policy,
            ContactRepository requests,
            ContactQueue queue,
            ContactPresenter presenter,
            ContactSmsOutbox outbox,
            ContactSmsRepository sms,
            ContactSettings settings,
            Timeline timeline,
            RateLimiter limiter,
            AuditLog audit,
            Doorbell doorbell,
            Transactions transactions) {
        this.policy = policy;
        this.requests = requests;
        this.queue = queue;
        this.presenter = presenter;
        this.outbox = outbox;
        this.sms = sms;
        this.settings = settings;
        this.timeline = timeline;
        this.limiter = limiter;
        this.audit = audit;
        this.doorbell = doorbell;
        this.transactions = transactions;
    }

    /** A page of the thread, oldest first: after a seq, before a seq, or the newest; audited as a read. */
    List<ContactViews.RequestEntry> page(CurrentUser actor, String requestId, Long after, Long before, int limit) {
        ContactRequest r = policy.requireVisible(actor, requestId, AuditType.CONTACT_REQUEST_OPENED);
        List<TimelineEntry> entries = after != null
                ? timeline.after(r.orgId(), r.conversationId(), after, limit)
                : timeline.before(r.orgId(), r.conversationId(), before == null ? Long.MAX_VALUE : before, limit);
        Map<String, ContactSmsRepository.Sms> states = sms.states(
                r.orgId(),
                entries.stream()
                        .filter(e -> e.kind() == EntryKind.SMS_OUT)
                        .map(TimelineEntry::id)
                        .toList());
        audit.record(actor.audit(AuditType.CONTACT_REQUEST_OPENED)
                .target("contact_request", r.id())
                .conversation(r.conversationId())
                .patient(r.patientId())
                .detail("view", "messages")
                .detail("entries", entries.size()));
        return entries.stream()
                .map(e -> ContactViews.RequestEntry.of(e, states.get(e.id())))
                .toList();
    }

    /**
     * Staff send an SMS to the request's number.
     *
     * @throws ApiProblem 409 unless the request is In progress and has a valid mobile number (the sentence says which),
     *                    400 for an empty or too long text, 429 beyond the sender's rate
     */
    ContactViews.RequestTextSent sendSms(CurrentUser actor, String requestId, String clientMsgId, String body) {
        ContactRequest r = policy.requireStaffVisible(actor, requestId, AuditType.CONTACT_SMS_SENT);
        String blocked = queue.messageBlockedBecause(r, presenter.person(r, null, false));
        if (blocked != null) {
            throw ApiProblem.conflict(blocked);
        }
        checkText(
                body,
                SmsText.partsOf(body) <= SmsText.MAX_PARTS,
                "An SMS message holds at most " + SmsText.MAX_PARTS
                        + " parts (1,530 characters, or 670 with a character outside the GSM alphabet)");
        rate(actor);
        Optional<Timeline.Appended> before =
                timeline.sentBefore(r.orgId(), r.conversationId(), actor.userId(), clientMsgId);
        if (before.isPresent()) {
            ContactSmsRepository.Sms earlier = sms.find(before.get().id()).orElseThrow();
            return new ContactViews.RequestTextSent(
                    before.get().id(), before.get().seq(), true, earlier.state(), earlier.reason());
        }
        Timeline.Appended queued;
        try {
            queued = transactions.write(() -> {
                Timeline.Appended appended = outbox.queue(r, actor, clientMsgId, body.strip(), null);
                audit.record(actor.audit(AuditType.CONTACT_SMS_SENT)
                        .target("contact_request", r.id())
                        .conversation(r.conversationId())
                        .patient(r.patientId())
                        .detail("seq", appended.seq())
                        .detail("parts", SmsText.partsOf(body.strip())));
                return appended;
            });
        } catch (Timeline.RetriedText retried) {
            return sendSms(actor, requestId, clientMsgId, body);
        }
        outbox.deliver(queued.id());
        ContactSmsRepository.Sms now = sms.find(queued.id()).orElseThrow();
        return new ContactViews.RequestTextSent(queued.id(), queued.seq(), false, now.state(), now.reason());
    }

    /**
     * The patient answers in the app. Refused once the request is complete: the answer then says to contact the
     * practice another way (the organisation's closed-case text), so nothing is written into a closed request unseen.
     */
    ContactViews.RequestTextSent reply(CurrentUser patient, String requestId, String clientMsgId, String body) {
        if (!patient.isPatient()) {
            throw ApiProblem.forbidden("Only the patient who raised a request answers it in the app");
        }
        ContactRequest r = policy.requireVisible(patient, requestId, AuditType.CONTACT_REPLY_SENT);
        if (r.status() == ContactRequest.Status.COMPLETE) {
            throw ApiProblem.conflict("This request is closed, so a reply would not be read. "
                    + settings.view(r.orgId()).closedAnswer());
        }
        checkText(body, body.strip().length() <= MAX_APP_TEXT, "A reply holds at most " + MAX_APP_TEXT + " characters");
        rate(patient);
        Optional<Timeline.Appended> before =
                timeline.sentBefore(r.orgId(), r.conversationId(), patient.userId(), clientMsgId);
        if (before.isPresent()) {
            return new ContactViews.RequestTextSent(
                    before.get().id(), before.get().seq(), true, null, null);
        }
        try {
            Timeline.Appended appended = transactions.write(() -> {
                Timeline.Appended a = timeline.appendText(new NewText(
                        patient,
                        r.conversationId(),
                        clientMsgId,
                        body.strip(),
                        Map.of("channel", "app"),
                        List.of(),
                        null,
                        EntryKind.TEXT));
                requests.patientWrote(r.orgId(), r.id(), a.createdAt());
                audit.record(patient.audit(AuditType.CONTACT_REPLY_SENT)
                        .target("contact_request", r.id())
                        .conversation(r.conversationId())
                        .patient(r.patientId())
                        .detail("seq", a.seq()));
                doorbell.ringAfterCommit(new Ring.ContactRequestChanged(r.orgId(), r.id()));
                return a;
            });
            return new ContactViews.RequestTextSent(appended.id(), appended.seq(), false, null, null);
        } catch (Timeline.RetriedText retried) {
            return reply(patient, requestId, clientMsgId, body);
        }
    }

    private void rate(CurrentUser actor) {
        RateLimiter.Decision decision = limiter.take(RateLimiter.Limit.SENDS_PER_USER, actor.userId());
        if (!decision.allowed()) {
            throw ApiProblem.tooManyRequests(
                    "Too many messages in a short time; nothing was sent. Try again in " + decision.retryAfterSeconds()
                            + " s",
                    decision.retryAfterSeconds());
        }
    }

    private static void checkText(String body, boolean fits, String tooLong) {
        if (body == null || body.isBlank()) {
            throw ApiProblem.badRequest("The message is empty");
        }
        if (!fits) {
            throw ApiProblem.badRequest(tooLong);
        }
    }
}
