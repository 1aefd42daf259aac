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
import org.carechat.audit.AuditEvent;
import org.carechat.audit.AuditLog;
import org.carechat.audit.AuditType;
import org.carechat.storage.Transactions;
import org.carechat.system.CareChatProperties;
import org.springframework.stereotype.Service;

/**
 * Encrypts and decrypts conversation content at rest.
 *
 * <p>Each conversation has its own data keys: a Tink AES-256-GCM keyset stored wrapped by the {@link MasterKey},
 * with the conversation id as associated data so a wrapped keyset cannot be moved to another conversation. When the
 * primary key is older than {@code carechat.data-key-rotation} (30 days by default), the next message adds a new
 * primary key; older keys stay in the keyset and still open older messages (Tink's ciphertext names its key), and
 * retention can later destroy a month's key alone. Each ciphertext is bound to its row: the associated data names
 * the conversation, the seq and the message id, so a body copied into another row fails to decrypt.
 *
 * <p>Unwrapped keysets are cached. The cache only ever holds what a read of the database returned; a rotation
 * drops the entry after its transaction ends, so a keyset that was rolled back is never used again.
 */
@Service
public class ConversationCipher {

    private static final int CACHE_LIMIT = 10_000;

    private final MasterKey masterKey;
    private final WrappedKeys keys;
    private final AuditLog audit;
    private final Clock clock;
    private final Transactions transactions;
    private final long rotationMillis;
    private final Map<String, DataKeys> cache = new ConcurrentHashMap<>();

    /** A conversation's unwrapped keyset and when its primary key was made. */
    private record DataKeys(Aead aead, long rotatedAt) {}

    ConversationCipher(
            MasterKey masterKey,
            WrappedKeys keys,
            AuditLog audit,
            Clock clock,
            Transactions transactions,
            CareChatProperties properties) {
        this.transactions = transactions;
        this.masterKey = masterKey;
        this.keys = keys;
        this.audit = audit;
        this.clock = clock;
        this.rotationMillis = properties.dataKeyRotation().toMillis();
    }

    /** Creates the data keys of a new conversation; call inside the transaction that creates the conversation. */
    public void createKey(String orgId, String conversationId) {
        try {
            KeysetHandle handle =
                    KeysetHandle.generateNew(PredefinedAeadParameters.AES256_GCM, RegistryConfiguration.get());
            keys.insertConversationKey(orgId, conversationId, wrap(handle, conversationId), clock.millis());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot create a conversation data key", e);
        }
    }

    /**
     * Encrypts a message body under the conversation's primary data key, first adding a new primary when the current
     * one is due for rotation. Call inside the write transaction that holds the conversation's row lock (the one that
     * took {@code seq}), so that two writers never rotate the same keyset at once.
     */
    public byte[] encrypt(String orgId, String conversationId, long seq, String messageId, String plaintext) {
        DataKeys dataKeys = key(conversationId);
        if (clock.millis() - dataKeys.rotatedAt() >= rotationMillis) {
            dataKeys = rotateIfDue(orgId, conversationId);
        }
        Aead aead = dataKeys.aead();
        return tink(
                () -> aead.encrypt(utf8(plaintext), associatedData(conversationId, seq, messageId)),
                "cannot encrypt a message body");
    }

    /** @throws IllegalStateException when the ciphertext was altered or does not belong to this row */
    public String decrypt(String conversationId, long seq, String messageId, byte[] ciphertext) {
        try {
            return decryptWith(key(conversationId), conversationId, seq, messageId, ciphertext);
        } catch (IllegalStateException staleOrTampered) {
            // The cached keyset may predate a rotation made by another transaction or node: read it again once.
            cache.remove(conversationId);
            return decryptWith(key(conversationId), conversationId, seq, messageId, ciphertext);
        }
    }

    /**
     * Encrypts one part of an attachment ({@code part}: its content, thumbnail or file name) under the conversation's
     * primary data key, bound to the conversation, the attachment and the part. Unlike {@link #encrypt} this never
     * rotates the keyset: an upload holds no lock on the conversation. A keyset due for rotation gets its new key with
     * the next message; until then attachments use the current one, which is at most one rotation period older.
     */
    public byte[] encryptPart(String conversationId, String attachmentId, String part, byte[] plaintext) {
        Aead aead = key(conversationId).aead();
        return tink(
                () -> aead.encrypt(plaintext, partData(conversationId, attachmentId, part)),
                "cannot encrypt an attachment");
    }

    /** @throws IllegalStateException when the ciphertext was altered or belongs to another attachment or part */
    public byte[] decryptPart(String conversationId, String attachmentId, String part, byte[] ciphertext) {
        byte[] associated = partData(conversationId, attachmentId, part);
        try {
            Aead aead = key(conversationId).aead();
            return tink(() -> aead.decrypt(ciphertext, associated), "an attachment failed its integrity check");
        } catch (IllegalStateException staleOrTampered) {
            cache.remove(conversationId);
            Aead aead = key(conversationId).aead();
            return tink(() -> aead.decrypt(ciphertext, associated), "an attachment failed its integrity check");
        }
    }

    /**
     * Encrypts a field of a row that belongs to the conversation (a contact request's details as given) under the
     * conversation's primary data key, bound to the conversation, the field and the row: destroying the conversation's
     * keys destroys it with the messages. Never rotates the keyset (as {@link #encryptPart}).
     */
    public byte[] sealField(String conversationId, String field, String rowId, String plaintext) {
        Aead aead = key(conversationId).aead();
        return tink(
                () -> aead.encrypt(utf8(plaintext), fieldData(conversationId, field, rowId)), "cannot encrypt a field");
    }

    /** @throws IllegalStateException when the ciphertext was altered or belongs to another row or field */
    public String openField(String conversationId, String field, String rowId, byte[] ciphertext) {
        byte[] associated = fieldData(conversationId, field, rowId);
        try {
            Aead aead = key(conversationId).aead();
            return new String(
                    tink(() -> aead.decrypt(ciphertext, associated), "a field failed its integrity check"),
                    StandardCharsets.UTF_8);
        } catch (IllegalStateException staleOrTampered) {
            cache.remove(conversationId);
            Aead aead = key(conversationId).aead();
            return new String(
                    tink(() -> aead.decrypt(ciphertext, associated), "a field failed its integrity check"),
                    StandardCharsets.UTF_8);
        }
    }

    private static byte[] fieldData(String conversationId, String field, String rowId) {
        return utf8("carechat.field.v1|" + conversationId + "|" + field + "|" + rowId);
    }

    private static byte[] partData(String conversationId, String attachmentId, String part) {
        return utf8("carechat.attachment.v1|" + conversationId + "|" + attachmentId + "|" + part);
    }

    private static String decryptWith(
            DataKeys dataKeys, String conversationId, long seq, String messageId, byte[] ciphertext) {
        Aead aead = dataKeys.aead();
        return new String(
                tink(
                        () -> aead.decrypt(ciphertext, associatedData(conversationId, seq, messageId)),
                        "a message body failed its integrity check"),
                StandardCharsets.UTF_8);
    }

    /** Re-reads the stored keyset (the cached one may be stale) and rotates it if it is still due. */
    private DataKeys rotateIfDue(String orgId, String conversationId) {
        WrappedKeys.ConversationKey stored = keys.conversationKey(conversationId)
                .orElseThrow(() -> new IllegalStateException("a conversation has no data key"));
        long now = clock.millis();
        if (now - stored.rotatedAt() < rotationMillis) {
            forgetAfterTransaction(conversationId); // another writer rotated it: the cached keyset is stale
            return unwrap(stored);
        }
        try {
            KeysetHandle current = parse(stored.wrappedKeyset(), conversationId);
            KeysetHandle.Builder builder = KeysetHandle.newBuilder(current);
            builder.addEntry(KeysetHandle.generateEntryFromParameters(PredefinedAeadParameters.AES256_GCM)
                    .withRandomId()
                    .makePrimary());
            KeysetHandle rotated = builder.build();
            keys.rotateConversationKey(conversationId, wrap(rotated, conversationId), now);
            audit.record(AuditEvent.of(AuditType.KEY_ROTATED)
                    .org(orgId)
                    .target("conversation_key", conversationId)
                    .conversation(conversationId)
                    .detail("keys", rotated.size()));
            forgetAfterTransaction(conversationId);
            return new DataKeys(rotated.getPrimitive(RegistryConfiguration.get(), Aead.class), now);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot rotate a conversation data key", e);
        }
    }

    private void forgetAfterTransaction(String conversationId) {
        cache.remove(conversationId);
        transactions.afterCompletion(() -> cache.remove(conversationId));
    }

    private DataKeys key(String conversationId) {
        DataKeys cached = cache.get(conversationId);
        if (cached != null) {
            return cached;
        }
        DataKeys loaded = unwrap(keys.conversationKey(conversationId)
                .orElseThrow(() -> new IllegalStateException("a conversation has no data key")));
        if (cache.size() >= CACHE_LIMIT) {
            cache.clear(); // crude bound; unwrapping again is cheap and correct
        }
        cache.put(conversationId, loaded);
        return loaded;
    }

    private DataKeys unwrap(WrappedKeys.ConversationKey stored) {
        try {
            return new DataKeys(
                    parse(stored.wrappedKeyset(), stored.conversationId())
                            .getPrimitive(RegistryConfiguration.get(), Aead.class),
                    stored.rotatedAt());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("a conversation data key failed its integrity check", e);
        }
    }

    private KeysetHandle parse(String wrapped, String conversationId) throws GeneralSecurityException {
        return TinkJsonProtoKeysetFormat.parseEncryptedKeyset(
                wrapped, masterKey.aead(), utf8(conversationId), RegistryConfiguration.get());
    }

    private String wrap(KeysetHandle handle, String conversationId) throws GeneralSecurityException {
        return TinkJsonProtoKeysetFormat.serializeEncryptedKeyset(
                handle, masterKey.aead(), utf8(conversationId), RegistryConfiguration.get());
    }

    /**
     * Runs a Tink operation on the calling thread. (It once ran on a pool of platform threads, because Tink keeps its
     * cipher and random source per thread and a request's virtual thread builds them anew; measured with
     * {@code ./carechat bench-security}, building them costs about 14 µs and the hop to a pool and back about 30 µs.)
     */
    private static byte[] tink(TinkCall call, String failure) {
        try {
            return call.run();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(failure, e);
        }
    }

    @FunctionalInterface
    private interface TinkCall {
        byte[] run() throws GeneralSecurityException;
    }

    private static byte[] associatedData(String conversationId, long seq, String messageId) {
        return utf8("carechat.message.v1|" + conversationId + "|" + seq + "|" + messageId);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
