package org.carechat.crypto;

import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import java.security.GeneralSecurityException;
import java.util.List;
import org.carechat.system.CareChatProperties;
import org.springframework.boot.sql.init.dependency.DependsOnDatabaseInitialization;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Chooses where the master key comes from: a KMS ({@code carechat.master-key-uri}), a keyset in the environment
 * ({@code CARECHAT_MASTER_KEY}), or the key file (default). Before the server starts it checks that the key opens a
 * stored key, so a wrong or replaced key stops the start with a message instead of failing message by message.
 */
@Configuration(proxyBeanMethods = false)
class MasterKeyConfig {

    @Bean
    @DependsOnDatabaseInitialization
    MasterKey masterKey(CareChatProperties properties, WrappedKeys keys) {
        return open(properties, keys);
    }

    /**
     * The configured master key, made only when the database holds no wrapped key yet, and checked against a stored
     * key. Also used by migrations that encrypt existing rows before the application context is complete.
     */
    static MasterKey open(CareChatProperties properties, WrappedKeys keys) {
        TinkSetup.ensureRegistered();
        MasterKey key;
        if (hasText(properties.masterKeyUri())) {
            key = KmsMasterKey.connect(properties.masterKeyUri());
        } else if (hasText(properties.masterKey())) {
            key = KeysetMasterKey.fromText(properties.masterKey());
        } else {
            key = KeysetMasterKey.loadOrCreate(properties.resolvedMasterKeyFile(), !keys.any());
        }
        requireOpensStoredKeys(key, keys);
        return key;
    }

    private static void requireOpensStoredKeys(MasterKey key, WrappedKeys keys) {
        // Not conversation keys: since issue #16 most are under retention keys, which the master key opens only through
        // the retention key file; every database with conversations has organisation keys (V15) to check instead.
        for (String table : List.of("org_key", "system_key")) {
            for (WrappedKeys.Stored stored : keys.page(table, "", 1)) {
                try {
                    TinkJsonProtoKeysetFormat.parseEncryptedKeyset(
                            stored.wrappedKeyset(),
                            key.aead(),
                            KeyRotation.associatedData(stored),
                            RegistryConfiguration.get());
                } catch (GeneralSecurityException e) {
                    throw new IllegalStateException(
                            "The master key (" + key.describe() + ") does not open the keys "
                                    + "stored in the database: it is not the key this database was encrypted under. Restore "
                                    + "the right key file (or CARECHAT_MASTER_KEY / carechat.master-key-uri); CareChat will "
                                    + "not start with a key that cannot read the data.",
                            e);
                }
            }
        }
    }

    private static boolean hasText(String value) {
        return value != null && !value.isBlank();
    }
}
