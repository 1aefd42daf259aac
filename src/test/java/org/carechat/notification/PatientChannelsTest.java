package org.carechat.notification;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.support.GenericApplicationContext;

/** The one line at start that tells an operator whether patients can be reached, and how. */
class PatientChannelsTest {

    record Channel(String name, boolean available) implements PatientChannel {
        @Override
        public String addressOf(String mobile, String email) {
            return null;
        }

        @Override
        public String send(String address, String subject, String text) {
            throw new SendFailed("not in this test", null);
        }
    }

    static List<String> linesAtStart(List<PatientChannel> channels) {
        Logger logger = (Logger) LoggerFactory.getLogger(PatientChannels.class);
        ListAppender<ILoggingEvent> lines = new ListAppender<>();
        lines.start();
        logger.addAppender(lines);
        try (GenericApplicationContext context = new GenericApplicationContext()) {
            context.refresh();
            new PatientChannels(channels).sayWhatIsOn(new ApplicationReadyEvent(new SpringApplication(), new String[0],
                    context, java.time.Duration.ZERO));
        } finally {
            logger.detachAppender(lines);
        }
        return lines.list.stream().map(e -> e.getLevel() + " " + e.getFormattedMessage()).toList();
    }

    @Test
    void withNoSmtpServerAndNoSmsCentreTheServerSaysPatientNotificationsAreOff() {
        List<String> lines = linesAtStart(List.of(new Channel("email", false), new Channel("sms", false)));
        assertThat(lines).hasSize(1);
        assertThat(lines.getFirst()).startsWith("WARN Patient notifications are off: no SMTP server (spring.mail.host) "
                + "and no SMS centre (carechat.sms.host) is configured");
    }

    @Test
    void withChannelsConfiguredTheServerSaysWhichCarryCodesAndNotices() {
        assertThat(linesAtStart(List.of(new Channel("email", true), new Channel("sms", false))))
                .containsExactly("INFO Patient notifications and one-time codes go out by email");
    }
}
