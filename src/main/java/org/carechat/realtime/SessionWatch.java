package org.carechat.realtime;

import java.time.Clock;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.carechat.cluster.Doorbell;
import org.carechat.cluster.Ring;
import org.carechat.identity.TokenService;
import org.carechat.system.SafeLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;
import org.springframework.web.socket.CloseStatus;

/**
 * Ends sockets whose session has ended, closing them with 1008 (policy): at once when the session is revoked on
 * this node (sign-out, ended by its user or an admin, account disabled), and within {@value #TICK_MILLIS} ms of
 * the moment it times out (idle or absolute limit).
 *
 * <p>Each connection knows when its session would expire; every tick compares that with the clock in memory, and
 * only connections past their moment are re-checked in the database (the session may have been used elsewhere
 * since, which moves its idle limit), in one query. Traffic on a socket counts as use of its session: sockets that
 * carried frames are recorded as used when they are re-checked, and at least every {@value #USE_SYNC_MILLIS} ms —
 * so is the upgrade that opened a socket (TokenService defers its write to here), also for a socket closed since: all
 * in one transaction, which is what keeps a reconnect storm's thousands of upgrades from committing one write each.
 */
@Component
class SessionWatch implements DisposableBean {

    static final long TICK_MILLIS = 250;
    static final long USE_SYNC_MILLIS = 5_000;
    static final CloseStatus SESSION_ENDED = CloseStatus.POLICY_VIOLATION.withReason("session ended");
    private static final Logger log = LoggerFactory.getLogger(SessionWatch.class);

    private final ConnectionRegistry registry;
    private final TokenService tokens;
    private final Clock clock;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("carechat-session-watch").factory());
    /** Monotonic, not the injected clock: an interval between syncs, which a clock set back must not stretch. */
    private long lastUseSyncNanos = System.nanoTime();

    SessionWatch(ConnectionRegistry registry, TokenService tokens, Clock clock, Doorbell doorbell) {
        this.registry = registry;
        this.tokens = tokens;
        this.clock = clock;
        tokens.onRevocation(deviceId -> {
            closeDevice(deviceId);
            // Sockets of this session on other nodes close when the revocation commits.
            doorbell.ringAfterCommit(new Ring.SessionEnded(null, deviceId));
        });
        timer.scheduleWithFixedDelay(this::tick, TICK_MILLIS, TICK_MILLIS, TimeUnit.MILLISECONDS);
    }

    void closeDevice(String deviceId) {
        registry.ofDevice(deviceId).forEach(c -> c.close(SESSION_ENDED));
    }

    private void tick() {
        try {
            long now = clock.millis();
            boolean syncUse = System.nanoTime() - lastUseSyncNanos >= USE_SYNC_MILLIS * 1_000_000L;
            Set<String> check = new HashSet<>();
            Map<String, Long> used = new HashMap<>();
            registry.all().forEach(c -> {
                long usedAt = c.usedAt;
                if (now >= c.expiresAt || (syncUse && usedAt > 0)) {
                    check.add(c.deviceId());
                    if (usedAt > 0) {
                        used.merge(c.deviceId(), usedAt, Math::max);
                        c.usedAt = 0;
                    }
                }
            });
            if (syncUse) {
                lastUseSyncNanos = System.nanoTime();
                registry.takeUsesOfClosed().forEach((device, usedAt) -> {
                    check.add(device);
                    used.merge(device, usedAt, Math::max);
                });
            }
            if (check.isEmpty()) {
                return;
            }
            Map<String, Long> expiries = tokens.expiries(check, used);
            for (String device : check) {
                Long expiresAt = expiries.get(device);
                if (expiresAt == null) {
                    closeDevice(device);
                } else {
                    registry.ofDevice(device).forEach(c -> c.expiresAt = expiresAt);
                }
            }
        } catch (RuntimeException e) {
            log.warn("session check failed: {}", SafeLog.describe(e));
        }
    }

    @Override
    public void destroy() {
        timer.shutdownNow();
    }
}
