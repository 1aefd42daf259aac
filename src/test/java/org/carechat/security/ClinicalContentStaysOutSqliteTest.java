package org.carechat.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.carechat.identity.Role;
import org.carechat.org.Organisation;
import org.carechat.system.CareChatProperties;
import org.carechat.testing.OnSqlite;
import org.carechat.testing.ServerTest;
import org.carechat.testing.Staff;
import org.carechat.testing.WsClient;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.read.ListAppender;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Message text never reaches the logs, error answers to others, or the database files in plaintext: a canary
 * sent through every path (REST, WebSocket, refused, retried, malformed) is searched for afterwards.
 */
@OnSqlite
class ClinicalContentStaysOutSqliteTest extends ServerTest {

    static final String CANARY = "CANARY-7f3a9c-haemoglobin-82";

    @Autowired
    CareChatProperties properties;

    @Test
    void aCanaryMessageAppearsInNoLogLineAndNowhereInTheDatabaseFiles() throws IOException {
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        ListAppender<ILoggingEvent> logged = new ListAppender<>();
        logged.start();
        root.addAppender(logged);
        try {
            sendCanaryEverywhere();
            // Proves the appender sees events logged through the server's logging system.
            LoggerFactory.getLogger(ClinicalContentStaysOutSqliteTest.class).warn("log capture control line");
        } finally {
            root.detachAppender(logged);
        }

        StringBuilder all = new StringBuilder();
        for (ILoggingEvent event : logged.list) {
            all.append(event.getFormattedMessage()).append('\n');
            for (IThrowableProxy t = event.getThrowableProxy(); t != null; t = t.getCause()) {
                all.append(t.getClassName()).append(": ").append(t.getMessage()).append('\n');
            }
        }
        assertThat(all.toString()).contains("log capture control line").doesNotContain(CANARY);
        try (Stream<Path> files = Files.list(properties.dataDir())) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                String bytes = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
                assertThat(bytes).as(file.getFileName().toString()).doesNotContain(CANARY).doesNotContain("haemoglobin");
            }
        }
    }

    void sendCanaryEverywhere() {
        Organisation org = newOrg();
        Staff alice = newStaff(org, Role.CLINICIAN, "Alice");
        Staff bob = newStaff(org, Role.NURSE, "Bob");
        String c = direct(alice, bob);

        sendText(alice, c, CANARY + " rest");
        post(alice, "/api/v1/conversations/" + c + "/messages", Map.of("clientMsgId", "long",
                "body", CANARY + "x".repeat(5000)));
        post(alice, "/api/v1/conversations/" + c + "/messages", "{\"clientMsgId\":\"" + CANARY + "\",\"body\":");
        try (WsClient a = connect(alice); WsClient b = connect(bob)) {
            a.send(Map.of("type", "resume"));
            b.send(Map.of("type", "resume"));
            a.awaitType("sync_complete", 10);
            a.send(Map.of("type", "send", "id", "1", "c", c, "clientMsgId", "w1", "body", CANARY + " ws"));
            a.send(Map.of("type", "send", "id", "2", "c", c, "clientMsgId", "w1", "body", CANARY + " ws"));
            a.sendRaw("{\"type\":\"send\",\"body\":\"" + CANARY + "\",\"unknown\":1}");
            a.sendRaw("not json " + CANARY);
            b.await(f -> f.path("entry").path("body").asString("").equals(CANARY + " ws"), 10);
            a.await(f -> f.get("type").asString().equals("error"), 10);
        }
        get(bob, "/api/v1/conversations/" + c + "/messages");
        get(bob, "/api/v1/inbox");
    }
}
