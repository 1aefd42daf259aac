package org.carechat.system;

import java.util.ArrayList;
import java.util.List;

/**
 * Describes a failure for the log without its message. Exception messages can quote the data that failed (a
 * driver quotes the duplicate key value, a parser the text it choked on), and that data may be clinical; the
 * class names and the first CareChat frames are enough to find the cause.
 */
public final class SafeLog {

    private static final int FRAMES = 3;

    private SafeLog() {}

    public static String describe(Throwable failure) {
        List<String> parts = new ArrayList<>();
        for (Throwable t = failure; t != null && parts.size() < 5; t = t.getCause()) {
            StringBuilder part = new StringBuilder(t.getClass().getName());
            int shown = 0;
            for (StackTraceElement frame : t.getStackTrace()) {
                if (frame.getClassName().startsWith("org.carechat.") || shown == 0) {
                    part.append(shown == 0 ? " at " : " < ")
                            .append(frame.getClassName())
                            .append('.')
                            .append(frame.getMethodName())
                            .append(':')
                            .append(frame.getLineNumber());
                    if (++shown == FRAMES) {
                        break;
                    }
                }
            }
            parts.add(part.toString());
        }
        return String.join(" caused by ", parts);
    }
}
