package org.carechat.admin;

import java.security.SecureRandom;

/** Random passwords handed out once by the operator, to be replaced at first sign-in. */
final class OneTimePassword {

    // No 0/O, 1/l/I: read off a console and typed by a person.
    private static final String ALPHABET = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    private static final SecureRandom RANDOM = new SecureRandom();

    private OneTimePassword() {}

    static String generate() {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < 20; i++) {
            if (i > 0 && i % 5 == 0) {
                s.append('-');
            }
            s.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        return s.toString();
    }
}
