package org.carechat.identity;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.carechat.audit.AuditEvent;
import org.carechat.audit.AuditLog;
import org.carechat.audit.AuditType;
import org.carechat.storage.Transactions;
import org.carechat.web.ApiProblem;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * Remote wipe (docs/security.md, docs/retention.md): a session or device token marked lost, by an admin or its owner,
 * or every one of a user who left, ends at once (its sockets close) and is remembered. When its browser next reaches
 * the server with it, the answer carries {@value #CLEAR_SITE_DATA} as {@code Clear-Site-Data} — the browser deletes
 * the site's cache, cookies and storage — and the device is recorded as wiped. One that never comes back stays
 * "not seen since": the admin sees which.
 */
@Service
public class DeviceWipes {

    /** What the browser is told to delete. */
    public static final String CLEAR_SITE_DATA = "\"cache\", \"cookies\", \"storage\"";

    /**
     * One of a user's devices as the admin sees it.
     *
     * @param state {@code active}, {@code wipe_pending} (marked, not seen since) or {@code wiped} (came back and was
     *              told to clear)
     */
    public record Device(
            String tokenId,
            String kind,
            String name,
            long createdAt,
            long lastUsedAt,
            String state,
            Long wipeRequestedAt,
            Long wipedAt) {}

    private final JdbcClient jdbc;
    private final TokenService tokens;
    private final UserService users;
    private final AuditLog audit;
    private final Transactions transactions;
    private final Clock clock;

    DeviceWipes(
            JdbcClient jdbc,
            TokenService tokens,
            UserService users,
            AuditLog audit,
            Transactions transactions,
            Clock clock) {
        this.jdbc = jdbc;
        this.tokens = tokens;
        this.users = users;
        this.audit = audit;
        this.transactions = transactions;
        this.clock = clock;
    }

    /** A user's live devices and those marked for wiping, newest first (the caller checked the admin role). */
    public List<Device> devices(String orgId, String userId) {
        return jdbc.sql("SELECT id, kind, name, created_at, last_used_at, wipe_requested_at, wiped_at FROM auth_token "
                        + "WHERE org_id = ? AND user_id = ? AND (revoked_at IS NULL OR wipe_requested_at IS NOT NULL) "
                        + "ORDER BY created_at DESC, id DESC")
                .params(orgId, userId)
                .query((rs, n) -> {
                    Long requested = rs.getObject("wipe_requested_at") == null ? null : rs.getLong("wipe_requested_at");
                    Long wiped = rs.getObject("wiped_at") == null ? null : rs.getLong("wiped_at");
                    return new Device(
                            rs.getString("id"),
                            rs.getString("kind"),
                            rs.getString("name"),
                            rs.getLong("created_at"),
                            rs.getLong("last_used_at"),
                            requested == null ? "active" : wiped == null ? "wipe_pending" : "wiped",
                            requested,
                            wiped);
                })
                .list();
    }

    /**
     * Marks devices of {@code userId} for wiping and ends them; call in a write unit of work. {@code tokenId} null:
     * every live device (the user left); else that one (lost), even one already ended (signed out from elsewhere: its
     * browser may still hold the cookie and what the app kept). Audited per device.
     *
     * @throws ApiProblem 404 when the token is not one of the user's
     */
    public void wipe(CurrentUser actor, String userId, String tokenId) {
        List<String> ids = tokenId == null
                ? jdbc.sql("SELECT id FROM auth_token WHERE user_id = ? AND org_id = ? AND revoked_at IS NULL")
                        .params(userId, actor.orgId())
                        .query(String.class)
                        .list()
                : List.of(tokenId);
        long now = clock.millis();
        for (String id : ids) {
            int marked = jdbc.sql("UPDATE auth_token SET revoked_at = COALESCE(revoked_at, ?), "
                            + "wipe_requested_at = COALESCE(wipe_requested_at, ?), wipe_requested_by = "
                            + "COALESCE(wipe_requested_by, ?) WHERE id = ? AND user_id = ? AND org_id = ?")
                    .params(now, now, actor.userId(), id, userId, actor.orgId())
                    .update();
            if (marked == 0) {
                throw ApiProblem.notFound("Device " + id);
            }
            audit.record(actor.audit(AuditType.DEVICE_WIPE_REQUESTED)
                    .target("token", id)
                    .detail("user", userId)
                    .detail("scope", tokenId == null ? "user_left" : "device_lost"));
        }
        transactions.afterCommit(() -> tokens.announceEnded(ids));
    }

    /** An admin's check before {@link #wipe}: the user is in their organisation. */
    public void requireUser(CurrentUser actor, String userId) {
        users.requireManageable(actor, userId, AuditType.DEVICE_WIPE_REQUESTED);
    }

    /**
     * Whether {@code secret} belongs to a device marked for wiping: the caller then answers with
     * {@link #CLEAR_SITE_DATA}. Its first return is recorded (wiped, audited). Only asked for credentials that did not
     * authenticate, so a working session costs nothing here.
     */
    boolean cameBack(String secret, String ip) {
        if (secret == null || secret.length() > 100) {
            return false;
        }
        Optional<Marked> marked = jdbc.sql("SELECT id, org_id, user_id, wiped_at FROM auth_token "
                        + "WHERE token_hash = ? AND wipe_requested_at IS NOT NULL")
                .param(TokenService.hash(secret))
                .query((rs, n) -> new Marked(
                        rs.getString("id"),
                        rs.getString("org_id"),
                        rs.getString("user_id"),
                        rs.getObject("wiped_at") != null))
                .optional();
        marked.filter(m -> !m.wiped())
                .ifPresent(m -> transactions.run(() -> {
                    int first = jdbc.sql("UPDATE auth_token SET wiped_at = ? WHERE id = ? AND wiped_at IS NULL")
                            .params(clock.millis(), m.id())
                            .update();
                    if (first == 1) {
                        audit.record(AuditEvent.of(AuditType.DEVICE_WIPED)
                                .org(m.orgId())
                                .actor(m.userId(), ip)
                                .target("token", m.id()));
                    }
                }));
        return marked.isPresent();
    }

    private record Marked(String id, String orgId, String userId, boolean wiped) {}
}
