package org.carechat.push;

import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;

/**
 * A staff member's alert settings, kept with the account so they follow the person from device to device.
 *
 * @param sound      whether alerts sound (the app's tone; a push notification is shown silently when false)
 * @param push       {@code all}: a push for every new message; {@code urgent_and_direct}: only for urgent messages
 *                   and those in direct conversations
 * @param quietHours when non-urgent pushes are held back; null for none. Urgent messages are pushed always.
 */
@Schema(name = "AlertSettings")
public record AlertSettings(boolean sound, String push, QuietHours quietHours) {

    public static final String ALL = "all";
    public static final String URGENT_AND_DIRECT = "urgent_and_direct";
    static final AlertSettings DEFAULTS = new AlertSettings(true, ALL, null);

    /**
     * @param from start, minutes after midnight in {@code zone} (0–1439)
     * @param to   end (exclusive); before {@code from} when the quiet hours span midnight
     */
    @Schema(name = "QuietHours")
    public record QuietHours(int from, int to, String zone) {

        boolean includes(Instant now) {
            ZonedDateTime local = now.atZone(ZoneId.of(zone));
            int minute = local.getHour() * 60 + local.getMinute();
            return from <= to ? minute >= from && minute < to : minute >= from || minute < to;
        }
    }

    /** Whether a non-urgent message is pushed now: in the chosen scope, and outside quiet hours. */
    boolean pushes(boolean direct, Instant now) {
        if (URGENT_AND_DIRECT.equals(push) && !direct) {
            return false;
        }
        return quietHours == null || !quietHours.includes(now);
    }
}
