package org.carechat.testing;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.Arrays;
import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * The SQL statements the server ran while some work went on, read from Spring's JDBC debug lines: how the statement
 * counts per operation (an acknowledgement, a reconnect, a refused send) are proven.
 */
public final class ExecutedStatements {

    private ExecutedStatements() {}

    /**
     * The prepared statements run during {@code work} on threads whose names start with one of {@code threads}
     * (e.g. {@code "tomcat-handler"} for requests and socket frames, {@code "carechat-sqlite-writer"}).
     */
    public static List<String> during(Runnable work, String... threads) {
        Logger jdbc = (Logger) LoggerFactory.getLogger("org.springframework.jdbc.core.JdbcTemplate");
        ListAppender<ILoggingEvent> logged = new ListAppender<>();
        logged.start();
        jdbc.addAppender(logged);
        jdbc.setLevel(Level.DEBUG);
        try {
            work.run();
        } finally {
            jdbc.setLevel(null);
            jdbc.detachAppender(logged);
        }
        return List.copyOf(logged.list).stream()
                .filter(e -> Arrays.stream(threads).anyMatch(e.getThreadName()::startsWith))
                .map(ILoggingEvent::getFormattedMessage)
                .filter(m -> m.startsWith("Executing prepared SQL statement"))
                .toList();
    }
}
