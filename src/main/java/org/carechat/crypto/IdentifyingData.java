package org.carechat.crypto;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.Mac;
import com.google.crypto.tink.Parameters;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import com.google.crypto.tink.aead.PredefinedAeadParameters;
import com.google.crypto.tink.mac.HmacParameters;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.sql.Connection;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.carechat.system.CareChatProperties;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import org.springframework.stereotype.Service;

/**
 * Encrypts identifying data at rest — conversation topics, patient records, patients' account names — and makes the
 * keyed blind indexes they are found by.
 *
 * <p>Each organisation has two keys of its own, stored in {@code org_key} wrapped by the {@link MasterKey} with the
 * key's name as associated data: a data key (AES-256-GCM) and an index key (HMAC-SHA256, 128-bit tags). They are made
 * with the organisation ({@link #createKeys}), in its transaction. A sealed value is bound to its organisation, its
 * field and its row (associated data), so a value copied to another row or field fails its tag. An index entry is
 * the HMAC of a normalised term under the organisation's index key: equal terms give equal entries within one
 * organisation (which is what makes them searchable, and what they leak), and nothing links them across
 * organisations or to the term without the key.
 *
 * <p>Unwrapped keys are cached for the life of the process; master-key rotation re-wraps them without changing them.
 */
@Service
public class IdentifyingData {

    static final String DATA = "data";
    static final String INDEX = "index";
    private static final int CACHE_LIMIT = 10_000;
    private static final Parameters INDEX_KEY;

    static {
        try {
            INDEX_KEY = HmacParameters.builder()
                    .setKeySizeBytes(32)
                    .setTagSizeBytes(16)
                    .setHashType(HmacParameters.HashType.SHA256)
                    .setVariant(HmacParameters.Variant.NO_PREFIX)
                    .build();
        } catch (GeneralSecurityException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final MasterKey masterKey;
    private final WrappedKeys keys;
    private final Clock clock;
    private final Map<String, OrgKeys> cache = new ConcurrentHashMap<>();

    private record OrgKeys(Aead data, Mac index) {}

    IdentifyingData(MasterKey masterKey, WrappedKeys keys, Clock clock) {
        this.masterKey = masterKey;
        this.keys = keys;
        this.clock = clock;
    }

    /**
     * An instance working on one connection, for the migrations that encrypt rows written before identifying data was
     * encrypted: they run before the application's own beans exist. The master key is found as at start.
     */
    public static IdentifyingData forMigration(Connection connection, CareChatProperties properties, Clock clock) {
        WrappedKeys keys = new WrappedKeys(JdbcClient.create(new SingleConnectionDataSource(connection, true)));
        return new IdentifyingData(MasterKeyConfig.open(properties, keys), keys, clock);
    }

    /** Makes the organisation's data and index keys; call inside the transaction that creates the organisation. */
    public void createKeys(String orgId) {
        TinkSetup.ensureRegistered();
        try {
            long now = clock.millis();
            for (String purpose : new String[] {DATA, INDEX}) {
                KeysetHandle handle = KeysetHandle.generateNew(
                        purpose.equals(DATA) ? PredefinedAeadParameters.AES256_GCM : INDEX_KEY,
                        RegistryConfiguration.get());
                String name = keyName(orgId, purpose);
                String wrapped = TinkJsonProtoKeysetFormat.serializeEncryptedKeyset(
                        handle, masterKey.aead(), associatedData(name), RegistryConfiguration.get());
                keys.insertOrgKey(name, orgId, purpose, wrapped, now);
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot create an organisation's keys", e);
        }
    }

    /** Whether the organisation has its keys (every organisation does once the migrations ran). */
    public boolean hasKeys(String orgId) {
        return keys.orgKey(keyName(orgId, DATA)).isPresent();
    }

    /**
     * Encrypts {@code text} under the organisation's data key, bound to {@code field} (e.g. {@code "patient"}) and the
     * row {@code rowId}; null stays null.
     */
    public byte[] seal(String orgId, String field, String rowId, String text) {
        if (text == null) {
            return null;
        }
        try {
            return keysOf(orgId).data().encrypt(utf8(text), boundTo(orgId, field, rowId));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot encrypt identifying data", e);
        }
    }

    /**
     * Decrypts what {@link #seal} made for the same organisation, field and row; null stays null.
     *
     * @throws IllegalStateException when the value was altered or belongs to another row, field or organisation
     */
    public String open(String orgId, String field, String rowId, byte[] sealed) {
        if (sealed == null) {
            return null;
        }
        try {
            return new String(
                    keysOf(orgId).data().decrypt(sealed, boundTo(orgId, field, rowId)), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("identifying data failed its integrity check", e);
        }
    }

    /** The organisation's blind-index entry for a normalised {@code term} (16 bytes). */
    public byte[] blindIndex(String orgId, String term) {
        try {
            return keysOf(orgId).index().computeMac(utf8(term));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot compute a blind index", e);
        }
    }

    /**
     * The blind-index entry of {@code term} in every organisation, by organisation id: for the one lookup that does not
     * know the organisation (a patient giving the contact in their record).
     */
    public Map<String, byte[]> blindIndexInEveryOrganisation(String term) {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        for (String orgId : keys.orgsWithKeys()) {
            entries.put(orgId, blindIndex(orgId, term));
        }
        return entries;
    }

    private OrgKeys keysOf(String orgId) {
        OrgKeys cached = cache.get(orgId);
        if (cached != null) {
            return cached;
        }
        TinkSetup.ensureRegistered();
        try {
            OrgKeys loaded = new OrgKeys(
                    unwrap(orgId, DATA).getPrimitive(RegistryConfiguration.get(), Aead.class),
                    unwrap(orgId, INDEX).getPrimitive(RegistryConfiguration.get(), Mac.class));
            if (cache.size() >= CACHE_LIMIT) {
                cache.clear(); // crude bound; unwrapping again is cheap and correct
            }
            cache.put(orgId, loaded);
            return loaded;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("an organisation's key failed its integrity check", e);
        }
    }

    private KeysetHandle unwrap(String orgId, String purpose) throws GeneralSecurityException {
        String name = keyName(orgId, purpose);
        String wrapped = keys.orgKey(name)
                .orElseThrow(() -> new IllegalStateException("an organisation has no key for identifying data"));
        return TinkJsonProtoKeysetFormat.parseEncryptedKeyset(
                wrapped, masterKey.aead(), associatedData(name), RegistryConfiguration.get());
    }

    static String keyName(String orgId, String purpose) {
        return orgId + "/" + purpose;
    }

    static byte[] associatedData(String keyName) {
        return utf8("carechat.org-key|" + keyName);
    }

    private static byte[] boundTo(String orgId, String field, String rowId) {
        return utf8("carechat.identifying.v1|" + orgId + "|" + field + "|" + rowId);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
