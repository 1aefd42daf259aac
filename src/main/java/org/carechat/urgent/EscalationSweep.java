package org.carechat.urgent;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.carechat.identity.AccountPreferences;
import org.carechat.notification.PatientChannel;
import org.carechat.notification.PatientChannels;
import org.carechat.system.SafeLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * Fires the stored escalation timers within {@value #TICK_MILLIS} ms of their time, then sends the SMS nudges they
 * made due. It holds nothing in memory: what is pending is read from the database on every tick, so a restarted
 * node (or another node) carries on exactly where the last one stopped.
 *
 * <p>A nudge is claimed ({@code due -> sending}) before it is handed to the SMS centre, so two sweeps never send it
 * twice; a node that dies between the claim and the hand-over loses that one nudge (at most once: a nudge is a
 * reminder, a duplicate would be noise). The text names nobody and carries no clinical content; the number is never
 * logged. A recipient who turned SMS nudges off in their account is treated as one with no mobile ({@code
 * no_mobile}).
 */
@Component
class EscalationSweep implements DisposableBean {

    static final long TICK_MILLIS = 500;
    private static final Logger log = LoggerFactory.getLogger(EscalationSweep.class);

    private final UrgentService urgent;
    private final PatientChannels channels;
    private final AccountPreferences preferences;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("carechat-urgent-escalation").factory());
    private ScheduledFuture<?> ticking;

    EscalationSweep(UrgentService urgent, PatientChannels channels, AccountPreferences preferences) {
        this.urgent = urgent;
        this.channels = channels;
        this.preferences = preferences;
        start();
    }

    /** Starts ticking (as a node does when it starts). */
    synchronized void start() {
        if (ticking == null) {
            ticking = timer.scheduleWithFixedDelay(this::tick, TICK_MILLIS, TICK_MILLIS, TimeUnit.MILLISECONDS);
        }
    }

    /** Stops ticking and waits for a tick in progress (as a node that goes down; the timers stay in the database). */
    synchronized void stop() {
        if (ticking != null) {
            ticking.cancel(false);
            ticking = null;
            try {
                timer.submit(() -> {}).get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (java.util.concurrent.ExecutionException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    void tick() {
        try {
            urgent.escalateDue();
            sendDueNudges();
        } catch (RuntimeException e) {
            log.warn("urgent escalation sweep failed: {}", SafeLog.describe(e));
        }
    }

    /** @return how many nudges this call handed to the SMS centre */
    int sendDueNudges() {
        int sent = 0;
        for (UrgentAlert alert : urgent.nudgesDue()) {
            if (!urgent.moveNudge(alert, "due", "sending")) {
                continue; // another sweep took it
            }
            PatientChannel sms = channels.available("sms").orElse(null);
            boolean wanted = preferences.of(alert.orgId(), alert.recipientId()).urgentSms();
            String address = sms == null || !wanted
                    ? null
                    : urgent.mobileOf(alert.orgId(), alert.recipientId())
                            .map(m -> sms.addressOf(m, null))
                            .orElse(null);
            if (address == null) {
                urgent.moveNudge(alert, "sending", "no_mobile");
                continue;
            }
            try {
                sms.send(address, null, UrgentService.NUDGE_TEXT);
                urgent.moveNudge(alert, "sending", "sent");
                sent++;
            } catch (PatientChannel.SendFailed e) {
                urgent.moveNudge(alert, "sending", "failed");
                log.warn("an urgent nudge was not sent: {}", e.getMessage());
            }
        }
        return sent;
    }

    @Override
    public void destroy() {
        timer.shutdownNow();
    }
}
