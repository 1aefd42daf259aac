package org.carechat.identity;

import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;
import org.springframework.stereotype.Component;

/**
 * Argon2id password hashing (OWASP's minimum: 19 MiB memory, 2 iterations, 1 lane). A sign-in for an unknown
 * user still runs one verification against a fixed hash, so the answer time does not reveal which names exist.
 */
@Component
class PasswordHasher {

    static final int MIN_LENGTH = 12;
    static final int MAX_LENGTH = 128;

    private final Argon2PasswordEncoder encoder = new Argon2PasswordEncoder(16, 32, 1, 19 * 1024, 2);
    private final String decoy = encoder.encode("decoy password that matches nothing");

    String hash(String password) {
        return encoder.encode(password);
    }

    boolean matches(String password, String hash) {
        return encoder.matches(password, hash == null ? decoy : hash);
    }

    void spendDecoyTime(String password) {
        encoder.matches(password, decoy);
    }

    /** @return why the password is unacceptable, or {@code null} when it is fine */
    static String weakness(String password) {
        return weakness(password, null);
    }

    /**
     * The rules of NIST SP 800-63B §3.1.1.2: a length of 12 to 128 characters (any characters; no composition rules),
     * and not a value known to be commonly used, expected or compromised: not on the list of the most common
     * passwords ({@link CommonPasswords}), not one character repeated, not the username, not the service's name.
     *
     * @param username the account's username when known, else null
     * @return why the password is unacceptable (a sentence to show), or {@code null} when it is fine
     */
    static String weakness(String password, String username) {
        if (password == null || password.codePointCount(0, password.length()) < MIN_LENGTH) {
            return "The password must have at least " + MIN_LENGTH + " characters";
        }
        if (password.length() > MAX_LENGTH) {
            return "The password must have at most " + MAX_LENGTH + " characters";
        }
        String folded = password.strip().toLowerCase(java.util.Locale.ROOT);
        if (CommonPasswords.contains(password)
                || folded.chars().distinct().count() == 1
                || folded.contains("carechat")
                || username != null
                        && username.length() >= 4
                        && folded.contains(username.toLowerCase(java.util.Locale.ROOT))) {
            return "That password is too easy to guess: it is one of the most common passwords, or made from your "
                    + "username or the service's name. Choose another, e.g. a few unrelated words";
        }
        return null;
    }
}
