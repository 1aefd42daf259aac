package org.carechat.crypto;

import com.google.crypto.tink.Aead;

/**
 * The key-encryption key at the top of the hierarchy (docs/security.md §Keys): it wraps every conversation's data
 * keys and the installation's own keys, and nothing else. CareChat holds it as a Tink keyset in a file (the
 * default, created on first start), as a keyset given in the environment, or as a key in a KMS reached through a
 * Tink {@link com.google.crypto.tink.KmsClient}; another source plugs in by implementing this interface.
 *
 * <p>Rotating it means: the source gets a new primary key (the file does so itself; an operator does it in the
 * environment or the KMS), then {@link KeyRotation#rewrapAll} re-encrypts every wrapped key under that primary.
 * Messages are not touched.
 */
public interface MasterKey {

    /** Wraps and unwraps keysets; decrypting works with any key of the source, encrypting uses its primary. */
    Aead aead();

    /** Where the key lives, for the operator ("file /srv/carechat/master-key.json"); never key material. */
    String describe();

    /** Whether {@link #addPrimaryKey} can make a new primary key here (the file can; the environment and a KMS are
     * rotated at their source). */
    default boolean canAddPrimaryKey() {
        return false;
    }

    /**
     * Adds a new key and makes it the primary, keeping the older keys so that wrapped keys (and backups) made with
     * them still open.
     *
     * @throws UnsupportedOperationException when the key is rotated at its source
     */
    default void addPrimaryKey() {
        throw new UnsupportedOperationException("this master key is rotated at its source: " + describe());
    }
}
