package org.carechat.testing;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import java.util.function.Supplier;
import org.slf4j.LoggerFactory;

/** T-LOG-01's capture: everything logged while some paths run, at the most talkative levels, searched for secrets. */
public final class LogCapture {

    private LogCapture() {}

    /**
     * Runs {@code paths} with CareChat at TRACE and Spring MVC at DEBUG, then asserts that no line logged meanwhile
     * (message, MDC values, exception classes and messages down the cause chain) holds any of the strings
     * {@code paths} returns. The in-process SMTP server's and OpenID Connect provider's own lines (GreenMail,
     * mock-oauth2-server: the test's, not CareChat's) are left out.
     */
    public static void assertNoneLogged(Supplier<List<String>> paths) {
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        Logger carechat = (Logger) LoggerFactory.getLogger("org.carechat");
        Logger mvc = (Logger) LoggerFactory.getLogger("org.springframework.web");
        ListAppender<ILoggingEvent> logged = new ListAppender<>();
        logged.start();
        root.addAppender(logged);
        carechat.setLevel(Level.TRACE);
        mvc.setLevel(Level.DEBUG);
        List<String> secrets;
        try {
            secrets = paths.get();
            // Proves the appender sees events logged through the server's logging system.
            LoggerFactory.getLogger(LogCapture.class).warn("log capture control line");
        } finally {
            carechat.setLevel(null);
            mvc.setLevel(null);
            root.detachAppender(logged);
        }

        StringBuilder all = new StringBuilder();
        for (ILoggingEvent event : List.copyOf(logged.list)) {
            if (event.getLoggerName().startsWith("com.icegreen.greenmail")
                    || event.getLoggerName().startsWith("no.nav.security.mock")) {
                continue;
            }
            all.append(event.getFormattedMessage()).append('\n');
            event.getMDCPropertyMap().values().forEach(v -> all.append(v).append('\n'));
            for (IThrowableProxy t = event.getThrowableProxy(); t != null; t = t.getCause()) {
                all.append(t.getClassName()).append(": ").append(t.getMessage()).append('\n');
            }
        }
        assertThat(all.toString()).contains("log capture control line");
        List<String> leaks = all.toString()
                .lines()
                .filter(line -> secrets.stream().anyMatch(line::contains))
                .map(line -> line.length() > 300 ? line.substring(0, 300) + "…" : line)
                .toList();
        assertThat(leaks).as("log lines holding a canary").isEmpty();
    }
}
