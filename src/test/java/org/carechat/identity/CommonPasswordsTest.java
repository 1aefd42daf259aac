package org.carechat.identity;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The NIST SP 800-63B blocklist: shipped in the jar, the 100,000 most common passwords, compared ignoring case. */
class CommonPasswordsTest {

    @Test
    void theListOfTheHundredThousandMostCommonPasswordsIsOnTheClassPath() {
        assertThat(CommonPasswords.size())
                .as("100,000 entries, fewer once case is ignored")
                .isBetween(95_000, 100_001);
        assertThat(CommonPasswords.contains("123456")).isTrue();
        assertThat(CommonPasswords.contains("Password1234")).isTrue();
        assertThat(CommonPasswords.contains("tulip ledger harbour quietly")).isFalse();
    }

    @Test
    void aLongUncommonPasswordPassesAndTheReasonsForRefusalAreSentences() {
        assertThat(PasswordHasher.weakness("tulip ledger harbour quietly", "drjones"))
                .isNull();
        assertThat(PasswordHasher.weakness("qwertyuiop123", null)).contains("too easy to guess");
        assertThat(PasswordHasher.weakness("drjones-drjones!", "drjones")).contains("username");
        assertThat(PasswordHasher.weakness("short", null)).contains("at least 12");
    }
}
