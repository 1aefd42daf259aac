package org.carechat.crypto;

import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import org.springframework.stereotype.Component;

/**
 * Wraps and unwraps conversation keysets: under a retention key of the {@link RetentionKeyFile} (every keyset written
 * since issue #16), or by the master key directly (a keyset from before, {@code kek_bucket} null, until the background
 * pass moves it under its day).
 */
@Component
class ConversationKeyWrapping {

    private final MasterKey masterKey;
    private final RetentionKeyFile retentionKeys;

    ConversationKeyWrapping(MasterKey masterKey, RetentionKeyFile retentionKeys) {
        this.masterKey = masterKey;
        this.retentionKeys = retentionKeys;
    }

    /**
     * @throws IllegalStateException when the keyset's retention key was destroyed (the conversation is shredded), or
     *     the wrapped keyset was altered or belongs elsewhere
     */
    KeysetHandle open(WrappedKeys.ConversationKey stored) {
        if (stored.kekBucket() != null) {
            return retentionKeys.unwrap(stored.wrappedKeyset(), stored.conversationId(), stored.kekBucket());
        }
        try {
            return TinkJsonProtoKeysetFormat.parseEncryptedKeyset(
                    stored.wrappedKeyset(),
                    masterKey.aead(),
                    stored.conversationId().getBytes(StandardCharsets.UTF_8),
                    RegistryConfiguration.get());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("a conversation data key failed its integrity check", e);
        }
    }

    /** Wraps under the bucket's retention key, made first if the bucket has none. */
    String wrap(KeysetHandle keyset, String conversationId, String bucket) {
        return retentionKeys.wrap(keyset, conversationId, bucket);
    }
}
