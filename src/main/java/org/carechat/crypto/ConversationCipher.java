package org.carechat.crypto;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.aead.PredefinedAeadParameters;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
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
 * <p>Each conversation has its own data keys: a Tink AES-256-GCM keyset stored wrapped under the retention key of the
 * day the conversation is due to be purged ({@link RetentionKeyFile}, {@link RetentionBuckets}; docs/decisions.md,
 * issue #16), with the conversation id and the day as associated data so a wrapped keyset cannot be moved to another
 * conversation or day. When its purge day moves (activity, a hold) the keyset alone is re-wrapped under the new day's
 * key: checked by the first message of each UTC day, and by {@link #realign}. Keysets from before issue #16 are wrapped
 * by the {@link MasterKey} directly until {@link #realign} moves them. When the
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

    private static final long DAY_MILLIS = 86_400_000L;

    private final ConversationKeyWrapping wrapping;
    private final RetentionBuckets buckets;
    private final WrappedKeys keys;
    private final AuditLog audit;
    private final Clock clock;
    private final Transactions transactions;
    private final long rotationMillis;
    private final Map<String, DataKeys> cache = new ConcurrentHashMap<>();

    /**
     * A conversation's unwrapped keyset, when its primary key was made, and the UTC day (epoch days) on which its
     * retention bucket was last checked.
     */
    private record DataKeys(Aead aead, long rotatedAt, long checkedDay) {}

    ConversationCipher(
            ConversationKeyWrapping wrapping,
            RetentionBuckets buckets,
            WrappedKeys keys,
            AuditLog audit,
            Clock clock,
            Transactions transactions,
            CareChatProperties properties) {
        this.transactions = transactions;
        this.wrapping = wrapping;
        this.buckets = buckets;
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
            long now = clock.millis();
            String bucket = buckets.bucketOf(orgId, conversationId, now);
            keys.insertConversationKey(
                    orgId, conversationId, wrapping.wrap(handle, conversationId, bucket), bucket, now);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot create a conversation data key", e);
        }
    }

    /**
     * Re-wraps the conversation's keyset under the retention key its purge day now calls for, if it is under another
     * one (or under the master key, from before issue #16). Call inside a write unit of work that changed what decides
     * the purge day (a hold, a release, a discharge), or from the background pass.
     *
     * @return whether the keyset moved; false also when the conversation has no keyset (purged)
     */
    public boolean realign(String orgId, String conversationId) {
        Optional<WrappedKeys.ConversationKey> stored = keys.conversationKey(conversationId);
        if (stored.isEmpty()) {
            return false;
        }
        String bucket = buckets.bucketOf(orgId, conversationId, 0);
        if (bucket.equals(stored.get().kekBucket())) {
            return false;
        }
        KeysetHandle keyset = wrapping.open(stored.get());
        keys.replaceConversationKey(
                conversationId,
                wrapping.wrap(keyset, conversationId, bucket),
                bucket,
                stored.get().rotatedAt());
        forgetAfterTransaction(conversationId);
        return true;
    }

    /**
     * Destroys the conversation's keyset (the purge): from the commit on, nothing in this database opens its messages,
     * attachments or sealed fields; copies of the database lose them once the keyset's retention key is destroyed too
     * ({@link RetentionKeyRing#destroyIfUnused}). Call inside the purge's unit of work.
     */
    public void destroyKey(String conversationId) {
        keys.deleteConversationKey(conversationId);
        forgetAfterTransaction(conversationId);
    }

    /**
     * Encrypts a message body under the conversation's primary data key, first adding a new primary when the current
     * one is due for rotation. Call inside the write transaction that holds the conversation's row lock (the one that
     * took {@code seq}), so that two writers never rotate the same keyset at once.
     */
    public byte[] encrypt(String orgId, String conversationId, long seq, String messageId, String plaintext) {
        DataKeys dataKeys = key(conversationId);
        long now = clock.millis();
        if (now - dataKeys.rotatedAt() >= rotationMillis || dataKeys.checkedDay() != now / DAY_MILLIS) {
            dataKeys = refreshForSend(orgId, conversationId, now);
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

    /**
     * Re-reads the stored keyset (the cached one may be stale), adds a new primary key if rotation is still due, and
     * re-wraps it under the bucket of a conversation active now if that is another one: both in one write.
     */
    private DataKeys refreshForSend(String orgId, String conversationId, long now) {
        WrappedKeys.ConversationKey stored = keys.conversationKey(conversationId)
                .orElseThrow(() -> new IllegalStateException("a conversation has no data key"));
        boolean rotate = now - stored.rotatedAt() >= rotationMillis;
        String bucket = buckets.bucketOf(orgId, conversationId, now);
        KeysetHandle keyset = wrapping.open(stored);
        if (!rotate && bucket.equals(stored.kekBucket())) {
            DataKeys checked = new DataKeys(primitive(keyset), stored.rotatedAt(), now / DAY_MILLIS);
            cache.put(conversationId, checked); // what the database holds: safe to keep whatever this unit does
            return checked;
        }
        try {
            if (rotate) {
                KeysetHandle.Builder builder = KeysetHandle.newBuilder(keyset);
                builder.addEntry(KeysetHandle.generateEntryFromParameters(PredefinedAeadParameters.AES256_GCM)
                        .withRandomId()
                        .makePrimary());
                keyset = builder.build();
                audit.record(AuditEvent.of(AuditType.KEY_ROTATED)
                        .org(orgId)
                        .target("conversation_key", conversationId)
                        .conversation(conversationId)
                        .detail("keys", keyset.size()));
            }
            long rotatedAt = rotate ? now : stored.rotatedAt();
            keys.replaceConversationKey(
                    conversationId, wrapping.wrap(keyset, conversationId, bucket), bucket, rotatedAt);
            forgetAfterTransaction(conversationId);
            return new DataKeys(primitive(keyset), rotatedAt, now / DAY_MILLIS);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot rotate a conversation data key", e);
        }
    }

    private static Aead primitive(KeysetHandle keyset) {
        try {
            return keyset.getPrimitive(RegistryConfiguration.get(), Aead.class);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("a conversation data key cannot be used", e);
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
        // checkedDay -1: the first message after loading checks the bucket (reads need not)
        return new DataKeys(primitive(wrapping.open(stored)), stored.rotatedAt(), -1);
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
