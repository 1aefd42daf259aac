package org.carechat.notification;

import static org.assertj.core.api.Assertions.as;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.carechat.CareChatApplication;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
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
            new PatientChannels(
                            channels,
                            new io.micrometer.core.instrument.simple.SimpleMeterRegistry(),
                            java.time.Clock.fixed(java.time.Instant.EPOCH, java.time.ZoneOffset.UTC))
                    .sayWhatIsOn(new ApplicationReadyEvent(
                            new SpringApplication(), new String[0], context, java.time.Duration.ZERO));
        } finally {
            logger.detachAppender(lines);
        }
        return lines.list.stream()
                .map(e -> e.getLevel() + " " + e.getFormattedMessage())
                .toList();
    }

    @Test
    void withNoSmtpServerAndNoSmsCentreTheServerSaysPatientNotificationsAreOff() {
        List<String> lines = linesAtStart(List.of(new Channel("email", false), new Channel("sms", false)));
        assertThat(lines).hasSize(1);
        assertThat(lines.getFirst())
                .startsWith("WARN Patient notifications are off: no SMTP server (spring.mail.host) "
                        + "and no SMS centre (carechat.sms.host) is configured");
    }

    /**
     * The real server, as an operator starts it with neither {@code spring.mail.host} nor {@code carechat.sms.host}:
     * it starts, says so in one line, and a patient asking for a code is told plainly why none can come.
     */
    @Test
    @ExtendWith(OutputCaptureExtension.class)
    void withNothingConfiguredTheRealServerStartsSaysNotificationsAreOffAndRefusesCodesPlainly(
            @TempDir Path data, CapturedOutput output) throws Exception {
        SpringApplication app = new SpringApplication(CareChatApplication.class);
        try (ConfigurableApplicationContext server = app.run(
                "--carechat.storage=sqlite",
                "--carechat.data-dir=" + data,
                "--server.port=0",
                "--server.address=127.0.0.1")) {
            assertThat(output.getOut().lines().filter(line -> line.contains("Patient notifications")))
                    .singleElement(as(InstanceOfAssertFactories.STRING))
                    .contains(
                            "WARN",
                            "Patient notifications are off: no SMTP server (spring.mail.host) and no SMS "
                                    + "centre (carechat.sms.host) is configured");
            String base = "http://127.0.0.1:" + server.getEnvironment().getProperty("local.server.port");
            HttpClient http = HttpClient.newHttpClient();
            assertThat(http.send(
                                    HttpRequest.newBuilder(URI.create(base + "/actuator/health"))
                                            .build(),
                                    HttpResponse.BodyHandlers.ofString())
                            .statusCode())
                    .isEqualTo(200);
            assertThat(askForCode(http, base, "+44 7400 123456"))
                    .contains("\"status\":400")
                    .contains("Codes cannot be sent by SMS here; use the e-mail address in your record");
            assertThat(askForCode(http, base, "rita@example.org"))
                    .contains("\"status\":400")
                    .contains("Codes cannot be sent by e-mail here; use the mobile number in your record");
        }
    }

    private static String askForCode(HttpClient http, String base, String contact) throws Exception {
        return http.send(
                        HttpRequest.newBuilder(URI.create(base + "/api/v1/patient-access/codes"))
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString(
                                        "{\"contact\":\"" + contact + "\",\"birthDate\":\"1970-01-01\"}"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
    }

    @Test
    void withChannelsConfiguredTheServerSaysWhichCarryCodesAndNotices() {
        assertThat(linesAtStart(List.of(new Channel("email", true), new Channel("sms", false))))
                .containsExactly("INFO Patient notifications and one-time codes go out by email");
    }
}
