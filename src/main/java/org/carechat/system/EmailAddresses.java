package org.carechat.system;

import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import java.util.Locale;

/**
 * E-mail addresses checked (RFC 822 syntax, strictly, through Jakarta Mail) and normalised to lower case, the one
 * form in which a patient's address is sent to, compared and indexed.
 */
public final class EmailAddresses {

    private EmailAddresses() {}

    /** The address in its normal form, or null when {@code raw} is blank or not an address. */
    public static String normalise(String raw) {
        if (raw == null || raw.isBlank() || raw.length() > 254) {
            return null;
        }
        try {
            return new InternetAddress(raw.strip(), true).getAddress().toLowerCase(Locale.ROOT);
        } catch (AddressException e) {
            return null;
        }
    }
}
