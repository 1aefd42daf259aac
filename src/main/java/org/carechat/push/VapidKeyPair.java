package org.carechat.push;

import com.interaso.webpush.VapidKeys;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Base64;
import org.carechat.crypto.SecretBox;
import org.carechat.storage.Transactions;
import org.springframework.boot.sql.init.dependency.DependsOnDatabaseInitialization;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The installation's VAPID key pair (RFC 8292), which signs every push so that push services accept only ours for
 * our subscriptions. Made on first start; the private key is stored sealed by the secrets key ({@link SecretBox},
 * itself wrapped by the master key), never in clear. When two nodes race on first start, the first stored wins and
 * both use it.
 */
@Component
@DependsOnDatabaseInitialization
class VapidKeyPair {

    static final String PURPOSE = "vapid";
    static final String OWNER = "installation";

    private final VapidKeys keys;

    VapidKeyPair(JdbcClient jdbc, SecretBox box, Transactions transactions, Clock clock) {
        if (stored(jdbc) == null) {
            VapidKeys fresh = VapidKeys.generate();
            String sealed = box.seal(PURPOSE, OWNER, fresh.getPkcs8PrivateKey().getBytes(StandardCharsets.UTF_8));
            transactions.run(() -> jdbc.sql("INSERT INTO push_vapid (id, public_key, private_sealed, created_at) "
                            + "VALUES (1, ?, ?, ?) ON CONFLICT (id) DO NOTHING")
                    .params(fresh.getX509PublicKey(), sealed, clock.millis())
                    .update());
        }
        String[] row = stored(jdbc);
        String privateKey = new String(box.open(PURPOSE, OWNER, row[1]), StandardCharsets.UTF_8);
        this.keys = VapidKeys.create(row[0], privateKey);
    }

    private static String[] stored(JdbcClient jdbc) {
        return jdbc.sql("SELECT public_key, private_sealed FROM push_vapid WHERE id = 1")
                .query((rs, n) -> new String[] {rs.getString(1), rs.getString(2)})
                .optional()
                .orElse(null);
    }

    VapidKeys keys() {
        return keys;
    }

    /** The public key as browsers take it ({@code applicationServerKey}): the raw P-256 point, base64url. */
    String applicationServerKey() {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(keys.getApplicationServerKey());
    }
}
