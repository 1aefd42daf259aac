package org.carechat.org;

import java.time.DateTimeException;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Set;

/**
 * How an organisation tells its patients of unread messages: the channels to try, in order; the daily window in which
 * notices may go out; quiet hours inside it (they may run past midnight); and the time zone both are read in.
 * Times are {@code HH:mm}.
 *
 * @param channels    {@code sms}, {@code email}, in the order they are tried; empty: no notices
 * @param quietStart  with {@code quietEnd}, a period with no notices; both null for none
 */
public record NoticeRules(
        List<String> channels,
        String windowStart,
        String windowEnd,
        String quietStart,
        String quietEnd,
        String timeZone) {

    public static final Set<String> CHANNELS = Set.of("sms", "email");
    public static final NoticeRules DEFAULTS =
            new NoticeRules(List.of("sms", "email"), "08:00", "20:00", null, null, "UTC");

    /** Whether a notice may go out at {@code moment}: inside the window and outside quiet hours, in local time. */
    public boolean allowsAt(long epochMillis) {
        ZonedDateTime local = java.time.Instant.ofEpochMilli(epochMillis).atZone(zone());
        int minute = local.getHour() * 60 + local.getMinute();
        boolean inWindow = within(minute, minutes(windowStart), minutes(windowEnd));
        boolean quiet = quietStart != null && within(minute, minutes(quietStart), minutes(quietEnd));
        return inWindow && !quiet;
    }

    /** The organisation's calendar day at {@code epochMillis} ({@code YYYY-MM-DD}): one notice per patient per day. */
    public String dayAt(long epochMillis) {
        return java.time.Instant.ofEpochMilli(epochMillis)
                .atZone(zone())
                .toLocalDate()
                .toString();
    }

    public ZoneId zone() {
        return ZoneId.of(timeZone);
    }

    /** [start, end) in minutes of the day; a period whose end is before its start runs past midnight. */
    private static boolean within(int minute, int start, int end) {
        return start <= end ? minute >= start && minute < end : minute >= start || minute < end;
    }

    static int minutes(String hhmm) {
        LocalTime t = LocalTime.parse(hhmm);
        return t.getHour() * 60 + t.getMinute();
    }

    static String hhmm(Integer minutes) {
        return minutes == null ? null : LocalTime.of(minutes / 60, minutes % 60).toString();
    }

    /** @return the first problem with these rules as a sentence, or {@code null} when they are usable */
    String problem() {
        if (channels == null
                || !CHANNELS.containsAll(channels)
                || channels.size() != Set.copyOf(channels).size()) {
            return "notices.channels lists each of \"sms\" and \"email\" at most once, in the order to try them";
        }
        for (String time : new String[] {windowStart, windowEnd}) {
            if (!isTime(time)) {
                return "notices.windowStart and windowEnd are times of day as HH:mm, e.g. 08:00";
            }
        }
        if (windowStart.equals(windowEnd)) {
            // [start, start) is empty: no notice would ever go out, which no admin means by it
            return "notices.windowStart and windowEnd must differ: notices go out from windowStart until windowEnd";
        }
        if ((quietStart == null) != (quietEnd == null)
                || quietStart != null && (!isTime(quietStart) || !isTime(quietEnd))) {
            return "notices.quietStart and quietEnd are both times of day as HH:mm, or both null for no quiet hours";
        }
        if (quietStart != null && quietStart.equals(quietEnd)) {
            return "notices.quietStart and quietEnd must differ, or both be null for no quiet hours";
        }
        try {
            ZoneId.of(timeZone);
        } catch (DateTimeException | NullPointerException e) {
            return "notices.timeZone must be a time zone such as Europe/London";
        }
        return null;
    }

    private static boolean isTime(String text) {
        if (text == null || !text.matches("\\d{2}:\\d{2}")) {
            return false;
        }
        try {
            LocalTime.parse(text);
            return true;
        } catch (DateTimeParseException e) {
            return false;
        }
    }
}
