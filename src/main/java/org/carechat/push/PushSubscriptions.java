package org.carechat.push;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.carechat.identity.CurrentUser;
import org.carechat.identity.TokenService;
import org.carechat.system.SafeLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Push subscriptions, one per session or device token: a device that subscribes again replaces its own. Revoking the
 * session (sign-out, an admin ending it, a changed password) deletes it in the revocation's transaction; only
 * subscriptions of sessions still live are ever pushed to.
 */
@Repository
class PushSubscriptions {

    /** A browser's subscription: where to post, and the keys the payload is encrypted to (RFC 8291). */
    record Subscription(String deviceId, String userId, String endpoint, String p256dh, String auth) {
        @Override
        public String toString() {
            return "Subscription[device=" + deviceId + "]";
        }
    }

    private static final Logger log = LoggerFactory.getLogger(PushSubscriptions.class);

    private final JdbcClient jdbc;
    private final Clock clock;
    private final TokenService tokens;

    PushSubscriptions(JdbcClient jdbc, Clock clock, TokenService tokens) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.tokens = tokens;
        tokens.onRevocation(this::forget);
    }

    /**
     * A session ended: its subscription goes, in the revoking transaction when there is one. Never throws — the
     * other listeners (closing the session's sockets) must still hear of it; a row left behind is harmless, as
     * {@link #ofUser} returns only subscriptions of sessions that still work.
     */
    private void forget(String deviceId) {
        try {
            delete(deviceId);
        } catch (RuntimeException e) {
            log.warn("a push subscription of an ended session was not deleted: {}", SafeLog.describe(e));
        }
    }

    /** Stores the device's subscription, replacing one it had. Call in a write transaction. */
    void save(CurrentUser device, String endpoint, String p256dh, String auth) {
        jdbc.sql("INSERT INTO push_subscription (device_id, org_id, user_id, endpoint, p256dh, auth_secret, created_at)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (device_id) DO UPDATE SET "
                        + "endpoint = excluded.endpoint, p256dh = excluded.p256dh, "
                        + "auth_secret = excluded.auth_secret, created_at = excluded.created_at")
                .params(device.deviceId(), device.orgId(), device.userId(), endpoint, p256dh, auth, clock.millis())
                .update();
    }

    /** @return whether the device had a subscription */
    boolean delete(String deviceId) {
        return jdbc.sql("DELETE FROM push_subscription WHERE device_id = ?")
                        .param(deviceId)
                        .update()
                > 0;
    }

    /** Deletes the subscription only if it still posts to {@code endpoint} (the one the push service refused). */
    void deleteGone(String deviceId, String endpoint) {
        jdbc.sql("DELETE FROM push_subscription WHERE device_id = ? AND endpoint = ?")
                .params(deviceId, endpoint)
                .update();
    }

    boolean exists(String deviceId) {
        return jdbc.sql("SELECT COUNT(*) FROM push_subscription WHERE device_id = ?")
                        .param(deviceId)
                        .query(Long.class)
                        .single()
                > 0;
    }

    /**
     * The user's subscriptions whose session still works: not revoked, not idle or expired, the account not disabled
     * (a phone whose session timed out gets no more alerts, though its row stays until the session is revoked).
     */
    List<Subscription> ofUser(String orgId, String userId) {
        List<Subscription> stored = jdbc.sql("SELECT device_id, user_id, endpoint, p256dh, auth_secret "
                        + "FROM push_subscription WHERE org_id = ? AND user_id = ?")
                .params(orgId, userId)
                .query((rs, n) -> new Subscription(
                        rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5)))
                .list();
        if (stored.isEmpty()) {
            return stored;
        }
        Set<String> live = tokens.expiries(
                        stored.stream().map(Subscription::deviceId).toList(), Map.of())
                .keySet();
        return stored.stream().filter(s -> live.contains(s.deviceId())).toList();
    }
}
