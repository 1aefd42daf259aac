package org.carechat.crypto;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.KmsClients;
import java.security.GeneralSecurityException;

/**
 * A master key that never leaves a key management service: wrapping and unwrapping are calls to the KMS, through
 * the Tink {@link com.google.crypto.tink.KmsClient} registered for the key's URI (for example Tink's AWS or GCP KMS
 * integration, added to the class path and registered at start). Rotation happens in the KMS, which keeps older
 * key versions able to decrypt.
 */
final class KmsMasterKey implements MasterKey {

    private final String uri;
    private final Aead aead;

    private KmsMasterKey(String uri, Aead aead) {
        this.uri = uri;
        this.aead = aead;
    }

    /** @throws IllegalStateException when no registered KMS client serves {@code uri} */
    static KmsMasterKey connect(String uri) {
        try {
            return new KmsMasterKey(uri, KmsClients.get(uri).getAead(uri));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(
                    "No KMS client can reach the master key " + uri + " ("
                            + e.getClass().getSimpleName()
                            + "). Add and register the Tink KMS integration for it, or unset "
                            + "carechat.master-key-uri to use a key file.",
                    e);
        }
    }

    @Override
    public Aead aead() {
        return aead;
    }

    @Override
    public String describe() {
        return "KMS key " + uri;
    }
}
