package org.carechat.crypto;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.slf4j.LoggerFactory;

/**
 * Everything a server started in this JVM logs, from its first line, at debug level and below for CareChat and
 * Flyway. The first server of a JVM sets up logging itself, which drops appenders added before: it is then given a
 * log file ({@code --logging.file.name}); a later one leaves logging as it is, and this captures it in memory.
 */
final class ServerLog {

    private static final List<String> TALKATIVE = List.of("org.carechat", "org.flywaydb", "org.springframework.jdbc");

    private final Path file;
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

    private ServerLog(Path file) {
        this.file = file;
    }

    /** Starts capturing; give the server {@code --logging.file.name=file} and the levels of {@link #levels}. */
    static ServerLog capture(Path file) {
        ServerLog log = new ServerLog(file);
        log.appender.setName("server-log-" + System.nanoTime());
        log.appender.start();
        root().addAppender(log.appender);
        TALKATIVE.forEach(name -> logger(name).setLevel(Level.TRACE));
        return log;
    }

    /** The command-line arguments that make a server that sets up logging itself write the same. */
    static List<String> arguments(Path file) {
        return List.of(
                "--logging.file.name=" + file,
                "--logging.level.org.carechat=TRACE",
                "--logging.level.org.flywaydb=TRACE",
                "--logging.level.org.springframework.jdbc=TRACE");
    }

    void stop() {
        root().detachAppender(appender);
        TALKATIVE.forEach(name -> logger(name).setLevel(null));
    }

    /** The lines logged, from the file when the server set up logging, else from memory. */
    String text() {
        if (Files.exists(file)) {
            try {
                return Files.readString(file);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return appender.list.stream()
                .map(e -> e.getLoggerName() + " " + e.getFormattedMessage())
                .collect(Collectors.joining("\n"));
    }

    private static Logger root() {
        return logger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    }

    private static Logger logger(String name) {
        return (Logger) LoggerFactory.getLogger(name);
    }
}
