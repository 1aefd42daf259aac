package org.carechat.contact;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.carechat.identity.CurrentUser;
import org.carechat.notification.PatientChannel;
import org.carechat.sms.SmsGateway;
import org.carechat.sms.SmsText;
import org.carechat.storage.Transactions;
import org.carechat.system.CareChatProperties;
import org.carechat.system.SafeLog;
import org.carechat.timeline.EntryKind;
import org.carechat.timeline.NewText;
import org.carechat.timeline.Timeline;
import org.carechat.timeline.TimelineEntry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * SMS to patients: each is first an {@code sms_out} entry of the request's thread and a {@code queued} row, committed
 * together ({@link #queue}); then it is handed to the SMS centre ({@link #deliver}) and its steps follow as {@code
 * sms_status} entries: {@code sent} when the SMS centre took every part, then {@code delivered} or {@code failed} from
 * the delivery receipts ({@link ContactSmsReceipts}).
 *
 * <p>Hand-over is claimed by one conditional update, so of several nodes or retries exactly one sends. When the SMS
 * centre cannot be reached nothing was sent, and the SMS waits and is tried again (5 s, then three times longer each
 * time, at most 30 min apart, for {@value #MAX_ATTEMPTS} attempts). When its answer is lost, or the server stops while
 * handing it over, it may or may not have gone out: it is marked failed with that reason and never sent twice on its
 * own; the sender sees it and decides.
 */
@Component
class ContactSmsOutbox implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(ContactSmsOutbox.class);
    static final int MAX_ATTEMPTS = 12;
    static final String MAYBE_SENT =
            "the SMS centre did not confirm it, so it may or may not have reached the phone: check before sending again";
    private static final int SWEEP_BATCH = 50;

    private final ContactSmsRepository repository;
    private final ContactRepository requests;
    private final ContactSealing sealing;
    private final ContactSettingsRepository settings;
    private final ContactSmsReceipts receipts;
    private final SmsSteps steps;
    private final Timeline timeline;
    private final SmsGateway gateway;
    private final Transactions transactions;
    private final Clock clock;
    private final long leaseMillis;
    private final MeterRegistry meters;
    private final ExecutorService senders = Executors.newVirtualThreadPerTaskExecutor();
    private final ScheduledExecutorService sweeper = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("carechat-contact-sms").factory());

    ContactSmsOutbox(
            ContactSmsRepository repository,
            ContactRepository requests,
            ContactSealing sealing,
            ContactSettingsRepository settings,
            ContactSmsReceipts receipts,
            SmsSteps steps,
            Timeline timeline,
            SmsGateway gateway,
            Transactions transactions,
            Clock clock,
            CareChatProperties properties,
            MeterRegistry meters) {
        this.repository = repository;
        this.requests = requests;
        this.sealing = sealing;
        this.settings = settings;
        this.receipts = receipts;
        this.steps = steps;
        this.timeline = timeline;
        this.gateway = gateway;
        this.transactions = transactions;
        this.clock = clock;
        this.leaseMillis = properties.sms().timeout().toMillis() * 3 + 5_000;
        this.meters = meters;
    }

    @EventListener(ApplicationReadyEvent.class)
    void start(ApplicationReadyEvent ready) {
        if (gateway.available()
                && !ready.getApplicationContext().getEnvironment().matchesProfiles("cli")) {
            sweeper.scheduleWithFixedDelay(this::sweepSafely, 10, 10, TimeUnit.SECONDS);
        }
    }

    /**
     * Appends an SMS to the request's thread and queues it. Call inside the unit of work that decided it; the caller
     * checked that the request has a mobile number. Nothing is sent before the unit commits.
     *
     * @param auto {@code acknowledgement} or {@code closed} for an automatic answer, else null
     * @throws Timeline.RetriedText when {@code sender} sent one with this client message id before
     */
    Timeline.Appended queue(ContactRequest r, CurrentUser sender, String clientMsgId, String body, String auto) {
        SmsText.Encoded encoded = SmsText.encode(body);
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("parts", encoded.parts().size());
        meta.put("encoding", encoded.encoding().code());
        if (auto != null) {
            meta.put("auto", auto);
        }
        Timeline.Appended appended = timeline.appendText(
                new NewText(sender, r.conversationId(), clientMsgId, body, meta, List.of(), null, EntryKind.SMS_OUT));
        String source = settings.find(r.orgId())
                .map(ContactSettingsRepository.Stored::smsNumber)
                .orElse(null);
        repository.insert(
                new ContactSmsRepository.Sms(
                        appended.id(),
                        r.orgId(),
                        r.id(),
                        r.conversationId(),
                        appended.seq(),
                        source == null ? gateway.defaultSource() : "+" + source,
                        "queued",
                        encoded.parts().size(),
                        0,
                        null,
                        0),
                clock.millis());
        return appended;
    }

    /** Hands the SMS to the SMS centre on another thread once the current unit of work has committed. */
    void deliverAfterCommit(String smsId) {
        transactions.afterCommit(() -> senders.execute(() -> deliverSafely(smsId)));
    }

    /**
     * Hands a queued SMS to the SMS centre, unless another caller has it or it is not due; records the outcome.
     *
     * @return its state afterwards
     */
    String deliver(String smsId) {
        long now = clock.millis();
        if (!repository.claim(smsId, now, now + leaseMillis)) {
            return repository.find(smsId).map(ContactSmsRepository.Sms::state).orElse("unknown");
        }
        ContactSmsRepository.Sms sms = repository.find(smsId).orElseThrow();
        ContactRequest request = requests.find(sms.orgId(), sms.requestId()).orElseThrow();
        String text = timeline.at(sms.orgId(), sms.conversationId(), sms.seq())
                .map(TimelineEntry::body)
                .orElseThrow();
        List<String> partIds;
        try {
            partIds = gateway.send(sms.source(), sealing.mobile(request), text);
            counted("sent");
        } catch (PatientChannel.SendFailed f) {
            counted(f.maybeSent() ? "unknown" : "failed");
            if (f.unreachable() && sms.attempts() < MAX_ATTEMPTS) {
                long wait = Math.min(5_000L * (long) Math.pow(3, sms.attempts() - 1), 30 * 60_000L);
                transactions.run(
                        () -> repository.requeue(smsId, clock.millis() + wait, f.getMessage(), clock.millis()));
                return "queued";
            }
            fail(sms, "sending", f.maybeSent() ? MAYBE_SENT : f.getMessage());
            return "failed";
        }
        transactions.run(() -> {
            if (!repository.move(smsId, "sending", "sent", null, clock.millis())) {
                return;
            }
            steps.record(sms, "sent", null);
            for (int i = 0; i < partIds.size(); i++) {
                repository.insertPart(partIds.get(i), smsId, i + 1);
            }
            for (String partId : partIds) {
                repository.takeEarlyReceipt(partId).ifPresent(r -> receipts.apply(partId, r.state(), r.error()));
            }
        });
        return repository.find(smsId).map(ContactSmsRepository.Sms::state).orElse("sent");
    }

    /**
     * Sends what is due again and gives up on hand-overs whose lease ran out (the server stopped while handing them
     * over: they may have gone out, so they are marked failed rather than sent twice).
     */
    void sweep() {
        long now = clock.millis();
        for (ContactSmsRepository.Sms sms : repository.due(now, SWEEP_BATCH)) {
            if (sms.state().equals("sending")) {
                fail(
                        sms,
                        "sending",
                        "the server stopped while handing it to the SMS centre, so it may or may not "
                                + "have reached the phone: check before sending again");
            } else {
                deliverSafely(sms.id());
            }
        }
        transactions.run(() -> repository.forgetEarlyReceipts(now - 86_400_000L));
    }

    /**
     * Counts a hand-over with the other texts to patients ({@code carechat.notification.sends}, channel {@code sms}), so
     * that failures of the contact requests' SMS show where the operator already watches the SMS centre.
     */
    private void counted(String outcome) {
        Counter.builder("carechat.notification.sends")
                .description(
                        "Texts sent to patients (notices, one-time codes, urgent fallbacks, contact request SMS), by channel "
                                + "and outcome")
                .tag("channel", "sms")
                .tag("outcome", outcome)
                .register(meters)
                .increment();
    }

    private void fail(ContactSmsRepository.Sms sms, String from, String reason) {
        transactions.run(() -> {
            if (repository.move(sms.id(), from, "failed", reason, clock.millis())) {
                steps.record(sms, "failed", reason);
            }
        });
    }

    private void deliverSafely(String smsId) {
        try {
            deliver(smsId);
        } catch (RuntimeException e) {
            log.warn("handing an SMS to the SMS centre failed: {}", SafeLog.describe(e));
        }
    }

    private void sweepSafely() {
        try {
            sweep();
        } catch (RuntimeException e) {
            log.warn("the SMS outbox sweep failed: {}", SafeLog.describe(e));
        }
    }

    @Override
    public void destroy() {
        sweeper.shutdownNow();
        senders.shutdownNow();
    }
}
