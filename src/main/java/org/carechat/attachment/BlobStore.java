package org.carechat.attachment;

import java.util.Optional;

/**
 * Where attachment content lives: ciphertext only, under names the server makes (never a user's file name).
 *
 * <p>Writes are durable when {@link #put} returns; a key is written once (an attachment's content never changes).
 * {@link #delete} of a missing key is not an error, so the sweeper can repeat itself after a crash.
 */
interface BlobStore {

    void put(String key, byte[] ciphertext);

    Optional<byte[]> get(String key);

    void delete(String key);

    /** For operators and docs: {@code directory} or {@code database}. */
    String kind();
}
