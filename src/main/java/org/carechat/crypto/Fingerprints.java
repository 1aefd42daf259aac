package org.carechat.crypto;

import com.google.crypto.tink.Mac;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.mac.HmacParameters;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import org.springframework.boot.sql.init.dependency.DependsOnDatabaseInitialization;
import org.springframework.stereotype.Service;

/**
 * Keyed fingerprints (HMAC-SHA256 under the installation's {@code fingerprints} key, wrapped by the master key): a
 * value that equal inputs share, so rows can be found or recognised by them, and that says nothing about its input to
 * anyone without the key. A plain hash would not do: a mobile number or a short SMS text is guessed in seconds from
 * its SHA-256.
 *
 * <p>Used as blind indexes (a contact request's mobile number and the words of the name it was given) and to
 * recognise a message an SMS centre delivers twice (its sender and text). The purpose and every part are bound into
 * the input, unambiguously, so fingerprints made for one purpose or organisation never match another's.
 */
@Service
@DependsOnDatabaseInitialization
public class Fingerprints {

    static final String NAME = "fingerprints";
    private static final int TAG_BYTES = 16;

    private final Mac mac;

    Fingerprints(SystemKeyring keyring) {
        TinkSetup.ensureRegistered();
        try {
            this.mac = keyring.loadOrCreate(
                            NAME,
                            HmacParameters.builder()
                                    .setKeySizeBytes(32)
                                    .setTagSizeBytes(TAG_BYTES)
                                    .setHashType(HmacParameters.HashType.SHA256)
                                    .setVariant(HmacParameters.Variant.NO_PREFIX)
                                    .build())
                    .getPrimitive(RegistryConfiguration.get(), Mac.class);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the fingerprints key cannot be used", e);
        }
    }

    /**
     * The fingerprint of {@code parts} for {@code purpose}: 22 characters of URL-safe base64 (128 bits).
     *
     * @param purpose what the fingerprint is for, e.g. {@code contact-mobile}
     * @param parts   the values, in a fixed order (an organisation id first where it applies); none may be null
     */
    public String of(String purpose, String... parts) {
        StringBuilder input = new StringBuilder("carechat.fingerprint.v1|").append(purpose);
        for (String part : parts) {
            // length-prefixed, so ("ab", "c") and ("a", "bc") never collide
            input.append('|').append(part.length()).append(':').append(part);
        }
        try {
            byte[] tag = mac.computeMac(input.toString().getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(tag);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot compute a fingerprint", e);
        }
    }
}
