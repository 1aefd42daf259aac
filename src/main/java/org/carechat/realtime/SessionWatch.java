package org.carechat.realtime;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.carechat.identity.TokenService;
import org.carechat.system.SafeLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;
import org.springframework.web.socket.CloseStatus;

/**
 * Ends sockets whose session has ended: at once when it is revoked on this node (sign-out, account disabled),
 * and within {@value #CHECK_SECONDS} seconds when it expires (idle or absolute timeout). A socket in use counts
 * as activity, so a session used only through its socket does not idle out. Closed with 1008 (policy).
 */
@Component
class SessionWatch implements DisposableBean {

    static final int CHECK_SECONDS = 15;
    static final CloseStatus SESSION_ENDED = CloseStatus.POLICY_VIOLATION.withReason("session ended");
    private static final Logger log = LoggerFactory.getLogger(SessionWatch.class);

    private final ConnectionRegistry registry;
    private final TokenService tokens;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("carechat-session-watch").factory());

    SessionWatch(ConnectionRegistry registry, TokenService tokens) {
        this.registry = registry;
        this.tokens = tokens;
        tokens.onRevocation(this::closeDevice);
        timer.scheduleWithFixedDelay(this::checkAll, CHECK_SECONDS, CHECK_SECONDS, TimeUnit.SECONDS);
    }

    void closeDevice(String deviceId) {
        registry.ofDevice(deviceId).forEach(c -> c.close(SESSION_ENDED));
    }

    private void checkAll() {
        try {
            java.util.Set<String> devices = new java.util.HashSet<>();
            java.util.Set<String> used = new java.util.HashSet<>();
            registry.all().forEach(c -> {
                devices.add(c.deviceId());
                if (c.active) {
                    used.add(c.deviceId());
                    c.active = false;
                }
            });
            java.util.Set<String> valid = tokens.stillValid(devices, used);
            devices.stream().filter(d -> !valid.contains(d)).forEach(this::closeDevice);
        } catch (RuntimeException e) {
            log.warn("session check failed: {}", SafeLog.describe(e));
        }
    }

    @Override
    public void destroy() {
        timer.shutdownNow();
    }
}
