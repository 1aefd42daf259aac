package org.carechat.push;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import org.carechat.audit.AuditLog;
import org.carechat.audit.AuditType;
import org.carechat.identity.CurrentUser;
import org.carechat.storage.Transactions;
import org.carechat.system.ShortCache;
import org.carechat.web.ApiProblem;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Service;

/**
 * A staff member's devices and settings for Web Push (docs/delivery.md "Push"): the public VAPID key their browser
 * subscribes with, the subscription of the device they call from, and their alert settings. Subscriptions post only
 * to the push services named in {@code carechat.push.endpoint-hosts} over HTTPS, so the server cannot be made to
 * post to an address of the caller's choosing.
 */
@Service
public class PushService {

    static final int MAX_ENDPOINT = 2_048;
    /** How long another node's change of alert settings may take to show here. */
    static final Duration CACHE_TIME_TO_LIVE = Duration.ofSeconds(2);

    static final String DEFAULT_HOSTS =
            "fcm.googleapis.com,push.services.mozilla.com,push.apple.com," + "notify.windows.com";

    private final VapidKeyPair vapid;
    private final PushSubscriptions subscriptions;
    private final AlertSettingsStore settings;
    private final AuditLog audit;
    private final Transactions transactions;
    private final List<String> allowedHosts;
    private final boolean plainLoopback;

    /** Alert settings by user id, read for each recipient of each message (issue #20; docs/decisions.md). */
    private final ShortCache<String, AlertSettings> cachedSettings = new ShortCache<>(CACHE_TIME_TO_LIVE, 10_000);

    PushService(
            VapidKeyPair vapid,
            PushSubscriptions subscriptions,
            AlertSettingsStore settings,
            AuditLog audit,
            Transactions transactions,
            @Value("${carechat.push.endpoint-hosts:" + DEFAULT_HOSTS + "}") List<String> allowedHosts,
            @Value("${carechat.push.allow-plain-loopback:false}") boolean plainLoopback) {
        this.vapid = vapid;
        this.subscriptions = subscriptions;
        this.settings = settings;
        this.audit = audit;
        this.transactions = transactions;
        this.allowedHosts = allowedHosts.stream()
                .map(h -> h.trim().toLowerCase(Locale.ROOT))
                .toList();
        this.plainLoopback = plainLoopback;
    }

    /** The VAPID public key, as a browser's {@code applicationServerKey} (base64url). */
    public String publicKey(CurrentUser actor) {
        requireStaff(actor);
        return vapid.applicationServerKey();
    }

    /**
     * Stores the calling device's subscription (replacing one it had); audited.
     *
     * @throws ApiProblem 400 for an endpoint that is not an allowed push service, or keys of the wrong size
     */
    public void subscribe(CurrentUser actor, String endpoint, String p256dh, String auth) {
        requireStaff(actor);
        checkEndpoint(endpoint);
        checkKey(p256dh, 65, "keys.p256dh", "a P-256 public key (65 bytes, base64url)");
        checkKey(auth, 16, "keys.auth", "the 16-byte authentication secret (base64url)");
        transactions.run(() -> {
            subscriptions.save(actor, endpoint, p256dh, auth);
            audit.record(actor.audit(AuditType.PUSH_SUBSCRIBED).target("token", actor.deviceId()));
        });
    }

    /** Removes the calling device's subscription; audited when there was one. */
    public void unsubscribe(CurrentUser actor) {
        requireStaff(actor);
        transactions.run(() -> {
            if (subscriptions.delete(actor.deviceId())) {
                audit.record(actor.audit(AuditType.PUSH_UNSUBSCRIBED).target("token", actor.deviceId()));
            }
        });
    }

    /** Whether the calling device has a subscription. */
    public boolean subscribed(CurrentUser actor) {
        requireStaff(actor);
        return subscriptions.exists(actor.deviceId());
    }

    public AlertSettings settings(CurrentUser actor) {
        requireStaff(actor);
        return settingsOf(actor.orgId(), actor.userId());
    }

    /** A staff member's alert settings, from memory when read within the last two seconds. */
    AlertSettings settingsOf(String orgId, String userId) {
        return cachedSettings.get(userId, id -> settings.of(orgId, id));
    }

    /**
     * Replaces the caller's alert settings; audited.
     *
     * @throws ApiProblem 400 naming the field that is wrong
     */
    public AlertSettings updateSettings(CurrentUser actor, AlertSettings chosen) {
        requireStaff(actor);
        if (!AlertSettings.ALL.equals(chosen.push()) && !AlertSettings.URGENT_AND_DIRECT.equals(chosen.push())) {
            throw ApiProblem.badRequest("'push' must be 'all' or 'urgent_and_direct'");
        }
        AlertSettings.QuietHours quiet = chosen.quietHours();
        if (quiet != null) {
            if (quiet.from() == quiet.to()) {
                throw ApiProblem.badRequest("Quiet hours must end at another time than they start");
            }
            try {
                ZoneId.of(quiet.zone());
            } catch (DateTimeException | NullPointerException e) {
                throw ApiProblem.badRequest("'quietHours.zone' must be a time zone name such as Europe/London");
            }
        }
        transactions.run(() -> {
            settings.save(actor.orgId(), actor.userId(), chosen);
            transactions.afterCommit(() -> cachedSettings.invalidate(actor.userId()));
            audit.record(actor.audit(AuditType.ALERT_SETTINGS_CHANGED)
                    .target("user", actor.userId())
                    .detail("push", chosen.push())
                    .detail("sound", chosen.sound())
                    .detail("quietHours", quiet != null));
        });
        return chosen;
    }

    private void checkEndpoint(String endpoint) {
        URI uri;
        try {
            uri = new URI(endpoint);
        } catch (URISyntaxException e) {
            throw ApiProblem.badRequest("'endpoint' must be the push service's URL from the browser's subscription");
        }
        String host = uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT);
        boolean loopback = plainLoopback && "http".equals(uri.getScheme()) && host.equals("127.0.0.1");
        if (!loopback && (!"https".equals(uri.getScheme()) || uri.getUserInfo() != null || !allowed(host))) {
            throw ApiProblem.badRequest("'endpoint' is not a push service this server posts to (HTTPS, one of "
                    + String.join(", ", allowedHosts) + ")");
        }
    }

    private boolean allowed(String host) {
        return allowedHosts.stream().anyMatch(h -> host.equals(h) || host.endsWith("." + h));
    }

    private static void checkKey(String value, int bytes, String field, String what) {
        byte[] decoded;
        try {
            decoded = Base64.getUrlDecoder().decode(value);
        } catch (IllegalArgumentException e) {
            throw ApiProblem.badRequest("'" + field + "' must be " + what);
        }
        if (decoded.length != bytes || (bytes == 65 && decoded[0] != 4)) {
            throw ApiProblem.badRequest("'" + field + "' must be " + what);
        }
    }

    private static void requireStaff(CurrentUser actor) {
        if (actor.isPatient()) {
            throw ApiProblem.forbidden("Push alerts are for staff accounts");
        }
    }
}
