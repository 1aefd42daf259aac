package org.carechat.crypto;

import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.List;
import org.carechat.audit.AuditEvent;
import org.carechat.audit.AuditLog;
import org.carechat.audit.AuditType;
import org.carechat.storage.Transactions;
import org.springframework.stereotype.Service;

/**
 * Master-key rotation: re-encrypts every keyset the master key wraps (organisations' keys, the installation's keys, the
 * retention keys in their file, and conversation keysets from before issue #16) under the master key's current primary.
 * Conversation keysets under a retention key and messages are not touched: they stay under their keys.
 *
 * <p>Safe to interrupt and run again: the master keyset keeps its older keys, so every wrapped keyset opens
 * whether it was re-wrapped yet or not; each page of keys is re-wrapped in one transaction.
 */
@Service
public class KeyRotation {

    static final List<String> TABLES = List.of("conversation_key", "org_key", "system_key");
    private static final int PAGE = 200;

    private final MasterKey masterKey;
    private final RetentionKeyFile retentionKeys;
    private final WrappedKeys keys;
    private final Transactions transactions;
    private final AuditLog audit;

    KeyRotation(
            MasterKey masterKey,
            RetentionKeyFile retentionKeys,
            WrappedKeys keys,
            Transactions transactions,
            AuditLog audit) {
        this.masterKey = masterKey;
        this.retentionKeys = retentionKeys;
        this.keys = keys;
        this.transactions = transactions;
        this.audit = audit;
    }

    /** What a rotation did, for the operator. */
    public record Result(String masterKey, boolean newPrimaryKey, int rewrapped) {}

    /**
     * Gives the master key a new primary where CareChat holds it (the key file), then re-wraps every stored keyset
     * under the primary. Audited as {@link AuditType#KEY_ROTATED}.
     */
    public Result rotateMasterKey() {
        boolean added = masterKey.canAddPrimaryKey();
        if (added) {
            masterKey.addPrimaryKey();
        }
        int rewrapped = rewrapAll();
        transactions.run(() -> {
            audit.record(AuditEvent.of(AuditType.KEY_ROTATED)
                    .target("master_key", null)
                    .detail("newPrimary", added)
                    .detail("rewrapped", rewrapped));
        });
        return new Result(masterKey.describe(), added, rewrapped);
    }

    /** Re-wraps every keyset the master key wraps under its current primary; returns how many. */
    public int rewrapAll() {
        int count = retentionKeys.reencryptAll();
        for (String table : TABLES) {
            String after = "";
            while (true) {
                List<WrappedKeys.Stored> page = table.equals("conversation_key")
                        ? keys.masterWrappedConversationKeys(after, PAGE)
                        : keys.page(table, after, PAGE);
                if (page.isEmpty()) {
                    break;
                }
                transactions.run(() -> {
                    page.forEach(stored -> keys.replace(stored, rewrap(stored)));
                });
                count += page.size();
                after = page.getLast().name();
            }
        }
        return count;
    }

    private String rewrap(WrappedKeys.Stored stored) {
        try {
            byte[] ad = associatedData(stored);
            KeysetHandle handle = TinkJsonProtoKeysetFormat.parseEncryptedKeyset(
                    stored.wrappedKeyset(), masterKey.aead(), ad, RegistryConfiguration.get());
            return TinkJsonProtoKeysetFormat.serializeEncryptedKeyset(
                    handle, masterKey.aead(), ad, RegistryConfiguration.get());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("a stored key failed its integrity check while re-wrapping", e);
        }
    }

    /**
     * The associated data a stored keyset was wrapped with: its conversation id, its organisation key's name, or its
     * installation key name.
     */
    static byte[] associatedData(WrappedKeys.Stored stored) {
        return switch (stored.table()) {
            case "conversation_key" -> stored.name().getBytes(StandardCharsets.UTF_8);
            case "org_key" -> IdentifyingData.associatedData(stored.name());
            default -> SystemKeyring.associatedData(stored.name());
        };
    }
}
