package org.carechat.crypto;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import com.google.crypto.tink.aead.PredefinedAeadParameters;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.carechat.system.CareChatProperties;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.boot.sql.init.dependency.DependsOnDatabaseInitialization;
import org.springframework.stereotype.Service;

/**
 * Encrypts and decrypts conversation content at rest.
 *
 * <p>Each conversation has its own data key (a Tink AES-256-GCM keyset) stored wrapped by the {@link MasterKey},
 * with the conversation id as associated data so a wrapped key cannot be moved to another conversation. Each
 * ciphertext is bound to its row: the associated data names the conversation, the seq and the message id, so a
 * body copied into another row fails to decrypt. Unwrapped keys are cached in memory.
 */
@Service
@DependsOnDatabaseInitialization
public class ConversationCipher {

    private static final int CACHE_LIMIT = 10_000;
    private static final java.util.concurrent.ExecutorService CRYPTO_THREADS = java.util.concurrent.Executors
            .newFixedThreadPool(Math.max(2, Runtime.getRuntime().availableProcessors()),
                    Thread.ofPlatform().daemon().name("carechat-crypto-", 0).factory());

    private final MasterKey masterKey;
    private final JdbcClient jdbc;
    private final Clock clock;
    private final Map<String, Aead> cache = new ConcurrentHashMap<>();

    ConversationCipher(CareChatProperties properties, JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
        boolean holdsWrappedKeys = jdbc.sql("SELECT COUNT(*) FROM conversation_key").query(Long.class).single() > 0;
        this.masterKey = MasterKey.loadOrCreate(properties.resolvedMasterKeyFile(), !holdsWrappedKeys);
    }

    /** Creates the data key of a new conversation; call inside the transaction that creates the conversation. */
    public void createKey(String orgId, String conversationId) {
        try {
            KeysetHandle handle = KeysetHandle.generateNew(PredefinedAeadParameters.AES256_GCM);
            String wrapped = TinkJsonProtoKeysetFormat.serializeEncryptedKeyset(
                    handle, masterKey.aead(), utf8(conversationId));
            jdbc.sql("INSERT INTO conversation_key (conversation_id, org_id, wrapped_keyset, created_at) "
                            + "VALUES (?, ?, ?, ?)")
                    .params(conversationId, orgId, wrapped, clock.millis())
                    .update();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot create a conversation data key", e);
        }
    }

    public byte[] encrypt(String conversationId, long seq, String messageId, String plaintext) {
        Aead aead = key(conversationId);
        return onCryptoThread(() -> aead.encrypt(utf8(plaintext), associatedData(conversationId, seq, messageId)),
                "cannot encrypt a message body");
    }

    /** @throws IllegalStateException when the ciphertext was altered or does not belong to this row */
    public String decrypt(String conversationId, long seq, String messageId, byte[] ciphertext) {
        Aead aead = key(conversationId);
        return new String(onCryptoThread(() -> aead.decrypt(ciphertext, associatedData(conversationId, seq, messageId)),
                "a message body failed its integrity check"), StandardCharsets.UTF_8);
    }

    /**
     * Runs a Tink operation on a long-lived platform thread. Tink keeps its cipher instances and its SecureRandom
     * in thread-locals; on a virtual thread (one per request here) each call would build them anew, seeding a
     * SecureRandom per message. A caller already on a platform thread (the SQLite writer) runs it in place.
     */
    private static byte[] onCryptoThread(TinkCall call, String failure) {
        try {
            if (!Thread.currentThread().isVirtual()) {
                return call.run();
            }
            return CRYPTO_THREADS.submit(call::run).get();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(failure, e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException(failure, e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(failure, e);
        }
    }

    @FunctionalInterface
    private interface TinkCall {
        byte[] run() throws GeneralSecurityException;
    }

    private Aead key(String conversationId) {
        Aead cached = cache.get(conversationId);
        if (cached != null) {
            return cached;
        }
        String wrapped = jdbc.sql("SELECT wrapped_keyset FROM conversation_key WHERE conversation_id = ?")
                .param(conversationId)
                .query(String.class)
                .optional()
                .orElseThrow(() -> new IllegalStateException("a conversation has no data key"));
        try {
            Aead aead = TinkJsonProtoKeysetFormat.parseEncryptedKeyset(wrapped, masterKey.aead(), utf8(conversationId))
                    .getPrimitive(RegistryConfiguration.get(), Aead.class);
            if (cache.size() >= CACHE_LIMIT) {
                cache.clear(); // crude bound; unwrapping again is cheap and correct
            }
            cache.put(conversationId, aead);
            return aead;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("a conversation data key failed its integrity check", e);
        }
    }

    private static byte[] associatedData(String conversationId, long seq, String messageId) {
        return utf8("carechat.message.v1|" + conversationId + "|" + seq + "|" + messageId);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
