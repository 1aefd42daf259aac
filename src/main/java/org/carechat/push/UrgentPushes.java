package org.carechat.push;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.carechat.storage.Transactions;
import org.carechat.system.SafeLog;
import org.carechat.urgent.UrgentAlertClosed;
import org.carechat.urgent.UrgentAlertRaised;
import org.carechat.urgent.UrgentService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Urgent alerts on a locked phone: a push to every device of the recipient as soon as the alert is raised, again
 * every {@code repeatEveryMinutes} of the organisation's urgent settings until it is acknowledged, and a {@code clear}
 * push when it is (acknowledged anywhere: the notification closes on every device). Quiet hours and the foreground
 * never hold an urgent push back.
 *
 * <p>The repeat timer is a {@code push_urgent} row written in the raising transaction and deleted in the
 * acknowledging one, so no repeat is claimed after an acknowledgement commits (one already claimed may still be on
 * its way; the {@code clear} that follows closes it). Each repeat is claimed by a conditional update, so several
 * nodes or a restart push it once.
 */
@Component
class UrgentPushes implements DisposableBean {

    static final long TICK_MILLIS = 1_000;
    static final int BATCH = 100;
    private static final Logger log = LoggerFactory.getLogger(UrgentPushes.class);

    private final JdbcClient jdbc;
    private final UrgentService urgent;
    private final PushSubscriptions subscriptions;
    private final PushSender sender;
    private final Transactions transactions;
    private final Clock clock;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("carechat-urgent-push").factory());

    UrgentPushes(
            JdbcClient jdbc,
            UrgentService urgent,
            PushSubscriptions subscriptions,
            PushSender sender,
            Transactions transactions,
            Clock clock) {
        this.jdbc = jdbc;
        this.urgent = urgent;
        this.subscriptions = subscriptions;
        this.sender = sender;
        this.transactions = transactions;
        this.clock = clock;
        timer.scheduleWithFixedDelay(this::tick, TICK_MILLIS, TICK_MILLIS, TimeUnit.MILLISECONDS);
    }

    @EventListener
    void onRaised(UrgentAlertRaised raised) {
        jdbc.sql("INSERT INTO push_urgent (alert_id, org_id, user_id, next_at) VALUES (?, ?, ?, ?)")
                .params(raised.alertId(), raised.orgId(), raised.recipientId(), clock.millis())
                .update();
        transactions.afterCommit(() -> timer.execute(this::tick));
    }

    @EventListener
    void onClosed(UrgentAlertClosed closed) {
        jdbc.sql("DELETE FROM push_urgent WHERE alert_id = ?")
                .param(closed.alertId())
                .update();
        transactions.afterCommit(() -> sender.sendAll(
                subscriptions.ofUser(closed.orgId(), closed.recipientId()),
                PushPayload.clear(closed.conversationId(), closed.seq()),
                true));
    }

    private void tick() {
        try {
            pushDue();
        } catch (RuntimeException e) {
            log.warn("urgent push sweep failed: {}", SafeLog.describe(e));
        }
    }

    /**
     * Pushes every urgent alert whose (repeat) time has come, and sets its next time.
     *
     * @return how many alerts were pushed by this call
     */
    int pushDue() {
        long now = clock.millis();
        List<Due> due = jdbc.sql("SELECT alert_id, org_id, next_at FROM push_urgent WHERE next_at <= ? "
                        + "ORDER BY next_at LIMIT " + BATCH)
                .param(now)
                .query((rs, n) -> new Due(rs.getString(1), rs.getString(2), rs.getLong(3)))
                .list();
        int pushed = 0;
        for (Due one : due) {
            Optional<UrgentService.Pending> pending = urgent.pendingAlert(one.orgId(), one.alertId());
            if (pending.isEmpty()) {
                transactions.run(() -> jdbc.sql("DELETE FROM push_urgent WHERE alert_id = ?")
                        .param(one.alertId())
                        .update());
                continue;
            }
            UrgentService.Pending alert = pending.get();
            long next = now
                    + Duration.ofMinutes(Math.max(1, alert.repeatEveryMinutes()))
                            .toMillis();
            if (!claim(one, next)) {
                continue; // another node pushed it
            }
            sender.sendAll(
                    subscriptions.ofUser(one.orgId(), alert.recipientId()),
                    PushPayload.urgent(alert.senderName(), alert.conversationId(), alert.seq()),
                    true);
            pushed++;
        }
        return pushed;
    }

    private boolean claim(Due one, long next) {
        return transactions.write(
                        () -> jdbc.sql("UPDATE push_urgent SET next_at = ? WHERE alert_id = ? AND next_at = ?")
                                .params(next, one.alertId(), one.nextAt())
                                .update())
                == 1;
    }

    private record Due(String alertId, String orgId, long nextAt) {}

    @Override
    public void destroy() {
        timer.shutdownNow();
    }
}
