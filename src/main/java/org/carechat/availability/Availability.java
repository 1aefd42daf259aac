package org.carechat.availability;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * A staff member's availability as colleagues see it now.
 *
 * @param until when the status lapses back to Available (epoch ms), or null when it lasts until changed; always
 *              null for Available
 * @param setAt when the user chose it (epoch ms); null for Available
 */
public record Availability(String userId, Status status, Long until, Long setAt) {

    public static Availability available(String userId) {
        return new Availability(userId, Status.AVAILABLE, null, null);
    }

    public enum Status {
        AVAILABLE,
        BUSY,
        UNAVAILABLE;

        @JsonValue
        public String code() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Optional<Status> parse(String code) {
            return Arrays.stream(values()).filter(s -> s.code().equals(code)).findFirst();
        }
    }
}
