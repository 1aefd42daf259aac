package org.carechat.crypto;

import com.google.crypto.tink.Mac;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.mac.PredefinedMacParameters;
import java.security.GeneralSecurityException;
import org.carechat.audit.AuditSeal;
import org.springframework.boot.sql.init.dependency.DependsOnDatabaseInitialization;
import org.springframework.stereotype.Component;

/**
 * Seals the audit chain with HMAC-SHA256 under the installation's audit key (wrapped by the master key). Someone who
 * can write the database but does not hold the master key cannot forge a seal, so cannot rewrite the trail and
 * recompute the chain.
 */
@Component
@DependsOnDatabaseInitialization
class AuditSealKey implements AuditSeal {

    static final String NAME = "audit-mac";

    private final Mac mac;

    AuditSealKey(SystemKeyring keyring) {
        try {
            this.mac = keyring.loadOrCreate(NAME, PredefinedMacParameters.HMAC_SHA256_256BITTAG)
                    .getPrimitive(RegistryConfiguration.get(), Mac.class);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the audit key cannot be used", e);
        }
    }

    @Override
    public byte[] seal(byte[] data) {
        try {
            return mac.computeMac(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot seal an audit row", e);
        }
    }

    @Override
    public boolean verify(byte[] seal, byte[] data) {
        try {
            mac.verifyMac(seal, data);
            return true;
        } catch (GeneralSecurityException e) {
            return false;
        }
    }
}
