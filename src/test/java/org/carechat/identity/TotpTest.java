package org.carechat.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The RFC 6238 test vectors (SHA-1 secret "12345678901234567890"), truncated to six digits as apps show them. */
class TotpTest {

    static final byte[] RFC_SECRET = "12345678901234567890".getBytes(StandardCharsets.US_ASCII);

    @Test
    void codesMatchTheRfc6238TestVectors() {
        assertThat(Totp.code(RFC_SECRET, Totp.step(59_000))).isEqualTo("287082");
        assertThat(Totp.code(RFC_SECRET, Totp.step(1_111_111_109_000L))).isEqualTo("081804");
        assertThat(Totp.code(RFC_SECRET, Totp.step(1_234_567_890_000L))).isEqualTo("005924");
        assertThat(Totp.code(RFC_SECRET, Totp.step(2_000_000_000_000L))).isEqualTo("279037");
    }

    @Test
    void aCodeIsAcceptedOneStepEitherSideButNotTwo() {
        long now = 1_111_111_109_000L;
        assertThat(Totp.matchingStep(RFC_SECRET, Totp.code(RFC_SECRET, Totp.step(now) - 1), now))
                .isEqualTo(Totp.step(now) - 1);
        assertThat(Totp.matchingStep(RFC_SECRET, Totp.code(RFC_SECRET, Totp.step(now) + 1), now))
                .isEqualTo(Totp.step(now) + 1);
        assertThat(Totp.matchingStep(RFC_SECRET, Totp.code(RFC_SECRET, Totp.step(now) + 2), now))
                .isEqualTo(-1);
    }

    @Test
    void theSecretIsBase32AsAuthenticatorAppsReadIt() {
        assertThat(Totp.base32(RFC_SECRET)).isEqualTo("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ");
        assertThat(Totp.base32(new byte[] {(byte) 0xff})).isEqualTo("74");
    }
}
