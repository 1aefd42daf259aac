package org.carechat.identity;

/** For tests: the code an authenticator app would show for a base32 secret at a time. */
public final class TotpCodes {

    private TotpCodes() {}

    public static String at(String base32Secret, long epochMillis) {
        return Totp.code(decode(base32Secret), Totp.step(epochMillis));
    }

    static byte[] decode(String base32) {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        int buffer = 0;
        int bits = 0;
        for (char c : base32.toCharArray()) {
            buffer = (buffer << 5) | alphabet.indexOf(c);
            bits += 5;
            if (bits >= 8) {
                out.write((buffer >> (bits - 8)) & 0xff);
                bits -= 8;
            }
        }
        return out.toByteArray();
    }
}
