package org.carechat.urgent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.carechat.CareChatApplication;
import org.carechat.conversation.Conversation;
import org.carechat.conversation.ConversationService;
import org.carechat.conversation.NewConversation;
import org.carechat.identity.CurrentUser;
import org.carechat.identity.NewUser;
import org.carechat.identity.Role;
import org.carechat.identity.TokenService;
import org.carechat.identity.User;
import org.carechat.identity.UserService;
import org.carechat.org.OrgService;
import org.carechat.org.Organisation;
import org.carechat.storage.Transactions;
import org.carechat.testing.MutableClock;
import org.carechat.testing.PatientChannelsInitializer;
import org.carechat.testing.Patients;
import org.carechat.testing.Smsc;
import org.carechat.testing.StorageInitializers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.json.JsonMapper;

/**
 * A pending escalation across a real restart: the whole application context is closed (the node is down: no sweep,
 * nothing in memory) and a new one is started on the same SQLite file, data directory and master key, with a clock
 * both share so the test moves time instead of waiting for it.
 */
class UrgentRestartTest {

    private static final MutableClock CLOCK = new MutableClock();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Path dataDir = tempDir();
    private final HttpClient http = HttpClient.newHttpClient();
    private ConfigurableApplicationContext node;

    /** The clock of every node this test starts, kept across restarts (a static, as the real clock outlives them). */
    @TestConfiguration(proxyBeanMethods = false)
    static class SharedClock {
        @Bean
        @Primary
        MutableClock restartClock() {
            return CLOCK;
        }
    }

    @AfterEach
    void down() {
        if (node != null) {
            node.close();
        }
        CLOCK.reset();
    }

    @Test
    void aPendingEscalationFiresOnceAfterTheWholeServerRestartsAndNotAgainAfterAnotherRestart() throws Exception {
        node = start();
        Organisation org = node.getBean(Transactions.class)
                .write(() -> node.getBean(OrgService.class).create("Org " + UUID.randomUUID(), null, null));
        User sam = staff(org, "Sam Sender");
        User rita = staff(org, "Rita Recipient");
        String samsToken = token(sam);
        String ritasMobile = Patients.mobile();
        assertThat(call(token(rita), "PUT", "/api/v1/urgent/mobile", Map.of("mobile", ritasMobile)))
                .isEqualTo(204);
        String direct = node.getBean(ConversationService.class)
                .create(
                        actor(sam),
                        new NewConversation(
                                Conversation.Kind.DIRECT,
                                Conversation.Audience.STAFF,
                                null,
                                null,
                                true,
                                List.of(rita.id()),
                                null))
                .id();
        assertThat(call(
                        samsToken,
                        "POST",
                        "/api/v1/conversations/" + direct + "/messages",
                        Map.of(
                                "clientMsgId",
                                UUID.randomUUID().toString(),
                                "body",
                                "Please call about bed 9",
                                "urgent",
                                true)))
                .isEqualTo(201);
        assertThat(escalated(org)).isZero();

        node.close(); // the server goes down with the timer pending
        node = null;
        CLOCK.advance(Duration.ofMinutes(30)); // it stays down past the escalation time

        node = start();
        await().atMost(Duration.ofSeconds(10))
                .until(() ->
                        escalated(org) == 1 && Smsc.shared().to(ritasMobile).size() == 1);
        assertThat(node.getBean(UrgentService.class).escalateDue())
                .as("nothing left to fire")
                .isZero();

        node.close(); // and once more: what fired is not fired again by a fresh node
        node = null;
        CLOCK.advance(Duration.ofMinutes(30));
        node = start();
        assertThat(node.getBean(UrgentService.class).escalateDue()).isZero();
        assertThat(escalated(org)).isEqualTo(1);
        assertThat(Smsc.shared().to(ritasMobile)).hasSize(1);
        assertThat(node.getBean(JdbcClient.class)
                        .sql("SELECT COUNT(*) FROM urgent_alert WHERE conversation_id = ? "
                                + "AND escalated_at IS NOT NULL AND escalate_at IS NULL")
                        .param(direct)
                        .query(Long.class)
                        .single())
                .isEqualTo(1);
    }

    private ConfigurableApplicationContext start() {
        SpringApplication app = new SpringApplication(CareChatApplication.class, SharedClock.class);
        app.addInitializers(new PatientChannelsInitializer());
        List<String> args = new ArrayList<>(List.of(
                "--server.port=" + freePort(),
                "--server.address=127.0.0.1",
                "--carechat.storage=sqlite",
                "--carechat.data-dir=" + dataDir,
                "--carechat.master-key-file=" + dataDir.resolve("master-key.json"),
                "--logging.level.root=WARN"));
        StorageInitializers.UNLIMITED.forEach(limit -> args.add("--" + limit));
        return app.run(args.toArray(String[]::new));
    }

    private User staff(Organisation org, String name) {
        return node.getBean(Transactions.class)
                .write(() -> node.getBean(UserService.class)
                        .createByOperator(
                                org.id(),
                                new NewUser(
                                        "u"
                                                + UUID.randomUUID()
                                                        .toString()
                                                        .replace("-", "")
                                                        .substring(0, 20),
                                        name,
                                        Role.CLINICIAN,
                                        null,
                                        false),
                                false));
    }

    private String token(User user) {
        return node.getBean(TokenService.class).issueDeviceToken(user, "test").secret();
    }

    private static CurrentUser actor(User user) {
        return new CurrentUser(
                user.id(), user.orgId(), user.displayName(), user.role(), false, "test-device", "127.0.0.1");
    }

    private long escalated(Organisation org) {
        return node.getBean(JdbcClient.class)
                .sql("SELECT COUNT(*) FROM audit_event WHERE org_id = ? AND type = ?")
                .params(org.id(), "URGENT_ESCALATED")
                .query(Long.class)
                .single();
    }

    private int call(String token, String method, String path, Object body) throws Exception {
        int port = Integer.parseInt(node.getEnvironment().getProperty("local.server.port"));
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
                .build();
        return http.send(request, HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    private static Path tempDir() {
        try {
            Path target = Path.of("target").toAbsolutePath();
            Files.createDirectories(target);
            return Files.createTempDirectory(target, "carechat-restart-");
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
