package org.carechat.identity;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.carechat.audit.AuditEvent;
import org.carechat.audit.AuditLog;
import org.carechat.audit.AuditType;
import org.carechat.storage.Ids;
import org.carechat.storage.Transactions;
import org.carechat.system.CareChatProperties;
import org.carechat.web.ApiProblem;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * Sign-in sessions (browser cookie) and device tokens (bearer, for apps and scripts).
 *
 * <p>Secrets are 256 random bits, shown once, stored only as SHA-256 (a hash that a database leak cannot turn
 * back into a usable secret; no slow hash is needed for secrets this long). A session stops working after the
 * idle timeout or the absolute timeout, a device token after its own idle timeout, and both at once when revoked
 * or when the user is disabled. Revocations are announced to listeners so open WebSockets close too.
 *
 * <p>Longer than the project's ~300 lines on purpose: issuing, authenticating, expiring and revoking a secret are one
 * lifecycle whose rules (idle and absolute time-outs per kind, patients' shorter lifetime, revocation listeners) must
 * be read and reviewed together; split, a change to one rule would have to be checked in several classes.
 */
@Service
public class TokenService {

    public enum Kind {
        SESSION,
        DEVICE
    }

    /** A session or token as its owner sees it in their list (never the secret). */
    public record TokenInfo(String id, Kind kind, String name, long createdAt, long lastUsedAt, boolean current) {}

    /** A newly issued secret: the only time it is visible. */
    public record Issued(String id, String secret, String csrfToken) {
        @Override
        public String toString() {
            return "Issued[id=" + id + ", secret=***, csrfToken=***]";
        }
    }

    static final long TOUCH_INTERVAL_MILLIS = 5_000;
    /** Ids per query when sockets are re-checked: far below SQLite's and PostgreSQL's limits on parameters. */
    static final int EXPIRY_CHUNK = 1_000;

    private static final String PREFIX = "cc_";

    private final JdbcClient jdbc;
    private final JdbcTemplate batches;
    private final Transactions transactions;
    private final AuditLog audit;
    private final Ids ids;
    private final Clock clock;
    private final CareChatProperties.Sessions settings;
    private final SecureRandom random = new SecureRandom();
    private final List<Consumer<String>> revocationListeners = new CopyOnWriteArrayList<>();
    private final AccountNames names;

    TokenService(
            JdbcClient jdbc,
            JdbcTemplate batches,
            Transactions transactions,
            AuditLog audit,
            Ids ids,
            Clock clock,
            CareChatProperties properties,
            AccountNames names) {
        this.jdbc = jdbc;
        this.batches = batches;
        this.names = names;
        this.audit = audit;
        this.transactions = transactions;
        this.ids = ids;
        this.clock = clock;
        this.settings = properties.sessions();
    }

    Issued issue(User user, Kind kind, String name) {
        String secret = PREFIX + randomToken();
        String csrf = kind == Kind.SESSION ? randomToken() : null;
        String id = ids.next();
        long now = clock.millis();
        jdbc.sql("INSERT INTO auth_token (id, org_id, user_id, kind, token_hash, csrf_token, name, created_at, "
                        + "last_used_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")
                .params(
                        id,
                        user.orgId(),
                        user.id(),
                        kind.name().toLowerCase(Locale.ROOT),
                        hash(secret),
                        csrf,
                        name,
                        now,
                        now)
                .update();
        return new Issued(id, secret, csrf);
    }

    /**
     * Issues a device token for {@code userId} without a password: for the operator's command line and tests.
     */
    public Issued issueDeviceToken(User user, String name) {
        return transactions.write(() -> {
            Issued issued = issue(user, Kind.DEVICE, name);
            audit.record(AuditEvent.of(AuditType.TOKEN_CREATED)
                    .org(user.orgId())
                    .target("token", issued.id())
                    .detail("user", user.id()));
            return issued;
        });
    }

    /** The caller behind {@code secret}, if it is a live session or token of an enabled user. */
    public Optional<Authenticated> authenticate(String secret, String ip) {
        return authenticate(secret, ip, false);
    }

    /**
     * As {@link #authenticate(String, String)}; with {@code deferUse}, the use is not written here but left to the
     * caller ({@link Authenticated#useToRecord()}): a WebSocket upgrade, whose socket records it with its other uses
     * within seconds, in one transaction for every socket (a reconnect storm then costs one read per upgrade, not a
     * read and a commit).
     */
    public Optional<Authenticated> authenticate(String secret, String ip, boolean deferUse) {
        if (secret == null || !secret.startsWith(PREFIX) || secret.length() > 100) {
            return Optional.empty();
        }
        long now = clock.millis();
        Optional<Row> found = jdbc.sql("SELECT t.id, t.kind, t.csrf_token, t.created_at, t.last_used_at, t.revoked_at, "
                        + "u.id AS user_id, u.org_id, u.display_name, u.role, u.system_admin, u.disabled, "
                        + "u.must_change_password, o.require_second_factor, u.totp_confirmed_at "
                        + "FROM auth_token t JOIN app_user u ON u.id = t.user_id JOIN organisation o ON o.id = u.org_id "
                        + "WHERE t.token_hash = ?")
                .param(hash(secret))
                .query((rs, n) -> new Row(
                        rs.getString("id"),
                        kind(rs.getString("kind")),
                        rs.getString("csrf_token"),
                        rs.getLong("created_at"),
                        rs.getLong("last_used_at"),
                        rs.getObject("revoked_at") != null,
                        currentUser(rs, ip),
                        rs.getInt("disabled") == 1,
                        rs.getInt("must_change_password") == 1,
                        rs.getInt("require_second_factor") == 1 && rs.getObject("totp_confirmed_at") == null))
                .optional();
        if (found.isEmpty()) {
            return Optional.empty();
        }
        Row row = found.get();
        boolean patient = row.user.role() == Role.PATIENT;
        if (row.revoked || row.userDisabled || expired(row.kind, patient, row.createdAt, row.lastUsedAt, now)) {
            return Optional.empty();
        }
        long lastUsedAt = row.lastUsedAt;
        boolean useToRecord = false;
        if (now - row.lastUsedAt > TOUCH_INTERVAL_MILLIS && deferUse) {
            useToRecord = true;
            lastUsedAt = now;
        } else if (now - row.lastUsedAt > TOUCH_INTERVAL_MILLIS) {
            // Coarse on purpose: one write per session every few seconds at most, not one per request; the idle
            // limit is therefore kept to within TOUCH_INTERVAL_MILLIS of the last use.
            transactions.write(() -> jdbc.sql("UPDATE auth_token SET last_used_at = ? WHERE id = ?")
                    .params(now, row.id)
                    .update());
            lastUsedAt = now;
        }
        return Optional.of(new Authenticated(
                row.user,
                row.kind,
                row.csrfToken,
                row.mustChangePassword,
                row.mustEnrolSecondFactor,
                expiresAt(row.kind, patient, row.createdAt, lastUsedAt),
                useToRecord));
    }

    /**
     * When each of the sessions and tokens {@code ids} that still work will stop working (epoch milliseconds), in one
     * query: how open WebSockets are re-checked. {@code usedAt} gives, for some of them, when they last carried
     * socket traffic, which counts as use: their last use moves there first (one statement). Ids that no longer work
     * (revoked, expired, user disabled, unknown) are absent.
     */
    public java.util.Map<String, Long> expiries(java.util.Collection<String> ids, java.util.Map<String, Long> usedAt) {
        if (ids.isEmpty()) {
            return java.util.Map.of();
        }
        long now = clock.millis();
        java.util.Map<String, Long> expiries = new java.util.HashMap<>();
        java.util.Map<String, Long> touched = new java.util.HashMap<>();
        List<String> all = List.copyOf(ids);
        for (int from = 0; from < all.size(); from += EXPIRY_CHUNK) {
            List<String> chunk = all.subList(from, Math.min(all.size(), from + EXPIRY_CHUNK));
            jdbc.sql("SELECT t.id, t.kind, t.created_at, t.last_used_at, t.revoked_at, u.disabled, u.role "
                            + "FROM auth_token t JOIN app_user u ON u.id = t.user_id WHERE t.id IN (:ids)")
                    .param("ids", chunk)
                    .query(rs -> {
                        String id = rs.getString("id");
                        Kind kind = kind(rs.getString("kind"));
                        long lastUsed =
                                Math.max(rs.getLong("last_used_at"), Math.min(now, usedAt.getOrDefault(id, 0L)));
                        boolean patient = Role.PATIENT.code().equals(rs.getString("role"));
                        long expiresAt = expiresAt(kind, patient, rs.getLong("created_at"), lastUsed);
                        if (rs.getObject("revoked_at") == null && rs.getInt("disabled") == 0 && now < expiresAt) {
                            expiries.put(id, expiresAt);
                            if (lastUsed > rs.getLong("last_used_at")) {
                                touched.put(id, lastUsed);
                            }
                        }
                    });
        }
        if (!touched.isEmpty()) {
            // One batch in one transaction however many sockets were used (after a reconnect storm, thousands).
            List<Object[]> rows = touched.entrySet().stream()
                    .map(e -> new Object[] {e.getValue(), e.getKey(), e.getValue()})
                    .toList();
            transactions.write(() -> batches.batchUpdate(
                    "UPDATE auth_token SET last_used_at = ? WHERE id = ? AND last_used_at < ?", rows));
        }
        return expiries;
    }

    public List<TokenInfo> list(CurrentUser user) {
        long now = clock.millis();
        return jdbc
                .sql("SELECT id, kind, name, created_at, last_used_at FROM auth_token WHERE user_id = ? "
                        + "AND revoked_at IS NULL ORDER BY created_at DESC")
                .param(user.userId())
                .query((rs, n) -> new TokenInfo(
                        rs.getString("id"),
                        kind(rs.getString("kind")),
                        rs.getString("name"),
                        rs.getLong("created_at"),
                        rs.getLong("last_used_at"),
                        rs.getString("id").equals(user.deviceId())))
                .list()
                .stream()
                .filter(t -> !expired(t.kind(), user.isPatient(), t.createdAt(), t.lastUsedAt(), now))
                .toList();
    }

    /** Ends one of the caller's own sessions or tokens. Call in a write transaction. */
    public void revoke(CurrentUser user, String tokenId) {
        int changed = jdbc.sql(
                        "UPDATE auth_token SET revoked_at = ? WHERE id = ? AND user_id = ? AND revoked_at IS NULL")
                .params(clock.millis(), tokenId, user.userId())
                .update();
        if (changed == 0) {
            throw ApiProblem.notFound("Session " + tokenId);
        }
        audit.record(user.audit(tokenId.equals(user.deviceId()) ? AuditType.SIGN_OUT : AuditType.TOKEN_REVOKED)
                .target("token", tokenId));
        revocationListeners.forEach(listener -> listener.accept(tokenId));
    }

    /**
     * Ends every session and token of {@code userId} (an admin ends them, or disabled the account). Call in a write
     * transaction; audited with the number ended.
     */
    public void revokeAll(CurrentUser admin, String userId) {
        List<String> live = jdbc.sql("SELECT id FROM auth_token WHERE user_id = ? AND revoked_at IS NULL")
                .param(userId)
                .query(String.class)
                .list();
        jdbc.sql("UPDATE auth_token SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL")
                .params(clock.millis(), userId)
                .update();
        audit.record(admin.audit(AuditType.TOKEN_REVOKED).target("user", userId).detail("ended", live.size()));
        live.forEach(id -> revocationListeners.forEach(listener -> listener.accept(id)));
    }

    /**
     * Ends every other session and token of the caller (their password changed: whoever signed in with the old one is
     * signed out, open sockets close). Call in a write transaction; audited with the number ended.
     */
    public void revokeOthers(CurrentUser user) {
        List<String> others = jdbc.sql("SELECT id FROM auth_token WHERE user_id = ? AND revoked_at IS NULL AND id <> ?")
                .params(user.userId(), user.deviceId())
                .query(String.class)
                .list();
        endAll(others);
        audit.record(user.audit(AuditType.TOKEN_REVOKED)
                .target("user", user.userId())
                .detail("ended", others.size())
                .detail("reason", "password_changed"));
    }

    /** Tells this node's listeners (open sockets) that the tokens ended; call once they are revoked in the database. */
    void announceEnded(List<String> tokenIds) {
        tokenIds.forEach(id -> revocationListeners.forEach(listener -> listener.accept(id)));
    }

    private void endAll(List<String> tokenIds) {
        long now = clock.millis();
        for (String id : tokenIds) {
            jdbc.sql("UPDATE auth_token SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL")
                    .params(now, id)
                    .update();
        }
        tokenIds.forEach(id -> revocationListeners.forEach(listener -> listener.accept(id)));
    }

    /** {@code listener} is told the id of every session or token revoked on this node. */
    public void onRevocation(Consumer<String> listener) {
        revocationListeners.add(listener);
    }

    private boolean expired(Kind kind, boolean patient, long createdAt, long lastUsedAt, long now) {
        return now >= expiresAt(kind, patient, createdAt, lastUsedAt);
    }

    /**
     * The moment a session or token stops working unless used again: the idle limit, and an absolute one for a
     * session and for a patient's device token (a patient's token must not be kept alive for ever by use).
     */
    private long expiresAt(Kind kind, boolean patient, long createdAt, long lastUsedAt) {
        return switch (kind) {
            case SESSION ->
                Math.min(
                        lastUsedAt + settings.idleTimeout().toMillis(),
                        createdAt + settings.absoluteTimeout().toMillis());
            case DEVICE -> {
                long idle = lastUsedAt + settings.deviceTokenIdleTimeout().toMillis();
                yield patient
                        ? Math.min(
                                idle,
                                createdAt
                                        + settings.patientDeviceTokenLifetime().toMillis())
                        : idle;
            }
        };
    }

    private static Kind kind(String code) {
        return Kind.valueOf(code.toUpperCase(Locale.ROOT));
    }

    private String randomToken() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    static String hash(String secret) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from the JDK", e);
        }
    }

    /**
     * A successful authentication: the caller, what the web layer needs to check CSRF and first sign-in (a one-time
     * password to replace, a second factor the organisation requires but the user has not set up), and when the
     * session or token stops working unless used again ({@code useToRecord}: counting this use, which the caller
     * still has to record through {@link #expiries}, as a socket does).
     */
    public record Authenticated(
            CurrentUser user,
            Kind kind,
            String csrfToken,
            boolean mustChangePassword,
            boolean mustEnrolSecondFactor,
            long expiresAt,
            boolean useToRecord) {}

    private record Row(
            String id,
            Kind kind,
            String csrfToken,
            long createdAt,
            long lastUsedAt,
            boolean revoked,
            CurrentUser user,
            boolean userDisabled,
            boolean mustChangePassword,
            boolean mustEnrolSecondFactor) {}

    private CurrentUser currentUser(java.sql.ResultSet rs, String ip) throws java.sql.SQLException {
        String userId = rs.getString("user_id");
        String orgId = rs.getString("org_id");
        Role role = Role.parse(rs.getString("role")).orElseThrow();
        return new CurrentUser(
                userId,
                orgId,
                names.name(orgId, userId, role, rs.getString("display_name")),
                role,
                rs.getInt("system_admin") == 1,
                rs.getString("id"),
                ip);
    }
}
