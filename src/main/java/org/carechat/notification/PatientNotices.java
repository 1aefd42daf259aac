package org.carechat.notification;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.carechat.audit.AuditEvent;
import org.carechat.audit.AuditLog;
import org.carechat.audit.AuditType;
import org.carechat.org.NoticeRules;
import org.carechat.org.OrgService;
import org.carechat.org.Organisation;
import org.carechat.patient.Patient;
import org.carechat.patient.PatientService;
import org.carechat.storage.Ids;
import org.carechat.storage.Transactions;
import org.carechat.system.CareChatProperties;
import org.carechat.system.SafeLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Service;

/**
 * Tells patients that secure messages wait for them: at most once per patient and day, only inside their
 * organisation's sending window and outside its quiet hours, through the first of its channels that reaches the
 * patient. The text says only that a message waits and where to read it — no clinical content, no name.
 *
 * <p>Guarantees. The day's notice is a row with a unique key (patient account, local day), written before anything
 * is sent, so a retry, a second tick, a second node or a restart never makes a second one. It is claimed
 * ({@code pending → sending}) in one statement before it is handed to a channel and marked {@code sent} after; a
 * failed send goes back to {@code pending} with a doubling back-off, counted from the failure, and is given up
 * ({@code failed}) after {@code carechat.notices.retries} tries. A claim is a lease of {@link #LEASE} from the moment
 * it is taken: a notice still {@code sending} after it was cut short by a crash. A send whose fate is unknown (the
 * provider took it but did not answer, or the server stopped mid-send) is never sent again ({@code unknown}): a
 * missed notice is better than a double one. Each notice sent, and each failed try, is audited.
 *
 * <p>Time comes from the injected {@link Clock}; {@link #runOnce} does one pass and tests call it directly.
 */
@Service
public class PatientNotices implements DisposableBean {

    static final Duration LEASE = Duration.ofMinutes(10);
    private static final Logger log = LoggerFactory.getLogger(PatientNotices.class);
    private static final int BATCH = 200;

    private final NoticeOutbox outbox;
    private final MeterRegistry meters;
    private final PatientChannels channels;
    private final OrgService orgs;
    private final PatientService patients;
    private final AuditLog audit;
    private final Transactions transactions;
    private final Ids ids;
    private final Clock clock;
    private final CareChatProperties.Notices settings;
    private final String publicUrl;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("carechat-patient-notices").factory());

    PatientNotices(
            NoticeOutbox outbox,
            PatientChannels channels,
            OrgService orgs,
            PatientService patients,
            AuditLog audit,
            Transactions transactions,
            Ids ids,
            Clock clock,
            CareChatProperties properties,
            MeterRegistry meters) {
        this.meters = meters;
        this.outbox = outbox;
        this.channels = channels;
        this.orgs = orgs;
        this.patients = patients;
        this.audit = audit;
        this.transactions = transactions;
        this.ids = ids;
        this.clock = clock;
        this.settings = properties.notices();
        this.publicUrl = properties.publicUrl().replaceAll("/+$", "");
    }

    /** The e-mail subject: the practice's name, so the patient knows who writes; nothing clinical, no name. */
    public String subject(Organisation org) {
        return "A secure message from " + org.name() + " is waiting for you";
    }

    /** The text of every notice: no clinical content and no patient name, only the organisation and the link. */
    public String text(Organisation org) {
        return "You have a new secure message from " + org.name() + ". Read it at " + publicUrl + "/patient/";
    }

    @EventListener(ApplicationReadyEvent.class)
    void schedule(ApplicationReadyEvent ready) {
        if (!ready.getApplicationContext().getEnvironment().matchesProfiles("cli")
                && !settings.interval().isZero()
                && channels.anyAvailable()) {
            long every = settings.interval().toMillis();
            timer.scheduleWithFixedDelay(this::runSafely, every, every, TimeUnit.MILLISECONDS);
        }
    }

    private void runSafely() {
        try {
            runOnce();
        } catch (RuntimeException e) {
            log.error("a pass of patient notices failed: {}", SafeLog.describe(e));
        }
    }

    /**
     * One pass over every organisation: new notices for patients with unread messages where the rules allow one now,
     * then every due notice sent.
     *
     * @return how many notices were sent in this pass
     */
    public synchronized int runOnce() {
        long now = clock.millis();
        transactions.write(() -> outbox.abandon(now - LEASE.toMillis()));
        int sent = 0;
        for (Organisation org : orgs.all()) {
            NoticeRules rules = orgs.noticeRules(org.id());
            if (rules.channels().isEmpty() || !rules.allowsAt(now)) {
                continue;
            }
            String day = rules.dayAt(now);
            List<String> due = outbox.dueForNotice(org.id(), day);
            if (!due.isEmpty()) {
                transactions.run(() -> {
                    due.forEach(userId -> outbox.insert(ids.next(), org.id(), userId, day, now));
                });
            }
            for (NoticeOutbox.Notice notice : outbox.pending(org.id(), now, BATCH)) {
                // The lease starts when the notice is taken, not when this pass began: a pass slowed by its sends
                // may reach a notice more than LEASE after it began, and another node's abandon() would take a claim
                // dated from then for a send cut short by a crash.
                long claimedAt = clock.millis();
                if (transactions.write(() -> outbox.claim(notice.id(), claimedAt))) {
                    sent += send(org, rules, notice) ? 1 : 0;
                }
            }
        }
        return sent;
    }

    private Counter notices(String channel, String outcome) {
        return Counter.builder("carechat.notification.notices")
                .description("Daily patient notices by channel and outcome (sent, failed, unknown)")
                .tag("channel", channel)
                .tag("outcome", outcome)
                .register(meters);
    }

    private boolean send(Organisation org, NoticeRules rules, NoticeOutbox.Notice notice) {
        Patient patient = patients.require(org.id(), notice.patientId());
        String text = text(org);
        String lastProblem = "no channel of the organisation reaches this patient";
        boolean uncertain = false;
        for (String name : rules.channels()) {
            PatientChannel channel = channels.available(name).orElse(null);
            String address = channel == null ? null : channel.addressOf(patient.mobile(), patient.email());
            if (address == null) {
                continue;
            }
            try {
                String providerId = channel.send(address, subject(org), text);
                notices(name, "sent").increment();
                transactions.run(() -> {
                    outbox.sent(notice.id(), name, providerId, clock.millis());
                    audit.record(noticeEvent(notice).detail("channel", name).detail("day", notice.day()));
                });
                return true;
            } catch (PatientChannel.SendFailed failed) {
                notices(name, failed.maybeSent() ? "unknown" : "failed").increment();
                lastProblem = failed.getMessage();
                uncertain = failed.maybeSent();
                log.warn("notice {} by {} failed: {}", notice.id(), name, failed.getMessage());
                if (uncertain) {
                    break; // it may have gone out: another channel or a retry could make it two
                }
            }
        }
        boolean unreachable = lastProblem.startsWith("no channel");
        boolean maybeSent = uncertain;
        boolean giveUp = maybeSent || unreachable || notice.attempts() + 1 >= settings.retries();
        String reason = maybeSent ? "outcome_unknown" : unreachable ? "no_channel" : "send_failed";
        long failedAt = clock.millis(); // the back-off runs from the failure, however long the pass ran before it
        transactions.run(() -> {
            if (giveUp) {
                outbox.end(notice.id(), maybeSent ? "unknown" : "failed");
            } else {
                outbox.retryAt(
                        notice.id(),
                        failedAt + settings.backoff().toMillis() * (1L << Math.min(notice.attempts(), 10)));
            }
        });
        audit.refused(noticeEvent(notice)
                .detail("reason", reason)
                .detail("attempt", notice.attempts() + 1)
                .detail("final", giveUp));
        return false;
    }

    private static AuditEvent noticeEvent(NoticeOutbox.Notice notice) {
        return AuditEvent.of(AuditType.PATIENT_NOTICE_SENT)
                .org(notice.orgId())
                .target("notice", notice.id())
                .patient(notice.patientId())
                .detail("user", notice.userId());
    }

    @Override
    public void destroy() {
        timer.shutdownNow();
    }
}
