package org.carechat.crypto;

import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.Parameters;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import org.carechat.storage.Transactions;
import org.springframework.stereotype.Component;

/**
 * The installation's own keysets ({@code system_key}), each wrapped by the master key with its name as associated
 * data. A keyset is made the first time it is asked for; when two nodes race, the first stored wins and both use it.
 */
@Component
class SystemKeyring {

    private final WrappedKeys keys;
    private final MasterKey masterKey;
    private final Transactions transactions;
    private final Clock clock;

    SystemKeyring(WrappedKeys keys, MasterKey masterKey, Transactions transactions, Clock clock) {
        this.keys = keys;
        this.masterKey = masterKey;
        this.transactions = transactions;
        this.clock = clock;
    }

    KeysetHandle loadOrCreate(String name, Parameters parameters) {
        try {
            if (keys.systemKey(name).isEmpty()) {
                KeysetHandle fresh = KeysetHandle.generateNew(parameters, RegistryConfiguration.get());
                String wrapped = TinkJsonProtoKeysetFormat.serializeEncryptedKeyset(
                        fresh, masterKey.aead(), associatedData(name), RegistryConfiguration.get());
                transactions.write(() -> keys.insertSystemKey(name, wrapped, clock.millis()));
            }
            return TinkJsonProtoKeysetFormat.parseEncryptedKeyset(
                    keys.systemKey(name).orElseThrow(),
                    masterKey.aead(),
                    associatedData(name),
                    RegistryConfiguration.get());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the installation key '" + name + "' failed its integrity check", e);
        }
    }

    static byte[] associatedData(String name) {
        return ("carechat.system-key|" + name).getBytes(StandardCharsets.UTF_8);
    }
}
