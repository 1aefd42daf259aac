package org.carechat.crypto;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.aead.PredefinedAeadParameters;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import org.springframework.boot.sql.init.dependency.DependsOnDatabaseInitialization;
import org.springframework.stereotype.Service;

/**
 * Seals small secrets the server must read back (a staff member's TOTP secret) under the installation's secrets key
 * (AES-256-GCM, wrapped by the master key). The purpose and the owner's id are associated data, so a sealed secret
 * copied to another account or used for another purpose does not open.
 */
@Service
@DependsOnDatabaseInitialization
public class SecretBox {

    static final String NAME = "secrets";

    private final Aead aead;

    SecretBox(SystemKeyring keyring) {
        try {
            this.aead = keyring.loadOrCreate(NAME, PredefinedAeadParameters.AES256_GCM)
                    .getPrimitive(RegistryConfiguration.get(), Aead.class);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the secrets key cannot be used", e);
        }
    }

    /** @return text safe to store (base64) */
    public String seal(String purpose, String ownerId, byte[] secret) {
        try {
            return Base64.getEncoder().encodeToString(aead.encrypt(secret, associatedData(purpose, ownerId)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot seal a secret", e);
        }
    }

    /** @throws IllegalStateException when the sealed text was altered or belongs to another owner or purpose */
    public byte[] open(String purpose, String ownerId, String sealed) {
        try {
            return aead.decrypt(Base64.getDecoder().decode(sealed), associatedData(purpose, ownerId));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalStateException("a sealed secret failed its integrity check", e);
        }
    }

    private static byte[] associatedData(String purpose, String ownerId) {
        return ("carechat.secret|" + purpose + "|" + ownerId).getBytes(StandardCharsets.UTF_8);
    }
}
