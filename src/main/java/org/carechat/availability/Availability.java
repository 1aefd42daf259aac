package org.carechat.availability;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A staff member's availability as colleagues see it now.
 *
 * @param until when the status lapses back to Available (epoch ms), or null when it lasts until changed; always
 *              null for Available
 * @param setAt when the user chose it (epoch ms); null for Available
 * @param forwardTo the colleagues direct messages are also handed to while this status lasts (in order; empty for
 *                  none), and with Busy only when {@code forwardWhenBusy}
 */
public record Availability(
        String userId, Status status, Long until, Long setAt, List<String> forwardTo, boolean forwardWhenBusy) {

    public static Availability available(String userId) {
        return new Availability(userId, Status.AVAILABLE, null, null, List.of(), false);
    }

    /** Whether direct messages to this user are handed to {@link #forwardTo} now. */
    public boolean forwarding() {
        return !forwardTo.isEmpty() && (status == Status.UNAVAILABLE || status == Status.BUSY && forwardWhenBusy);
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
