package org.carechat.retention;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.carechat.CareChatApplication;
import org.carechat.conversation.Conversation;
import org.carechat.conversation.ConversationService;
import org.carechat.conversation.NewConversation;
import org.carechat.identity.CurrentUser;
import org.carechat.identity.NewUser;
import org.carechat.identity.Role;
import org.carechat.identity.User;
import org.carechat.identity.UserService;
import org.carechat.message.MessageService;
import org.carechat.org.OrgService;
import org.carechat.org.Organisation;
import org.carechat.storage.Transactions;
import org.carechat.testing.MutableClock;
import org.carechat.testing.StorageInitializers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A purge falling due while the server is down is not missed: the whole application context is closed before the
 * conversation's day and a new one started on the same SQLite file, data directory, master key and retention key file
 * after it, with a clock both share; the new node's own scheduled run purges it, keyset included.
 */
class RetentionRestartTest {

    private static final MutableClock CLOCK = new MutableClock();
    private static final Instant T0 = Instant.parse("2031-03-01T10:00:00Z");

    private final Path dataDir = tempDir();
    private ConfigurableApplicationContext node;

    /** The clock of every node this test starts, kept across restarts. */
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
    void aConversationFallingDueWhileTheServerIsDownIsPurgedByTheFirstRunAfterItStarts() {
        CLOCK.freezeAt(T0);
        node = start();
        Organisation org = node.getBean(Transactions.class)
                .write(() -> node.getBean(OrgService.class).create("Org " + UUID.randomUUID(), null, null));
        User sam = staff(org, "Sam Sender");
        User rita = staff(org, "Rita Recipient");
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
        node.getBean(MessageService.class)
                .send(actor(sam), direct, UUID.randomUUID().toString(), "Bed 4 review");
        assertThat(purgedAt(direct)).isNull();

        node.close(); // down before the conversation's day...
        node = null;
        CLOCK.advance(Duration.ofDays(RetentionPolicy.DEFAULTS.staffDays() + 3)); // ...and still down after it

        node = start();
        await().atMost(Duration.ofSeconds(20)).until(() -> purgedAt(direct) != null);
        assertThat(node.getBean(JdbcClient.class)
                        .sql("SELECT COUNT(*) FROM conversation_key WHERE conversation_id = ?")
                        .param(direct)
                        .query(Long.class)
                        .single())
                .as("its keyset destroyed")
                .isZero();
        assertThat(node.getBean(JdbcClient.class)
                        .sql("SELECT COUNT(*) FROM message WHERE conversation_id = ? AND body IS NOT NULL")
                        .param(direct)
                        .query(Long.class)
                        .single())
                .as("no text left")
                .isZero();
    }

    private Long purgedAt(String conversationId) {
        return node.getBean(JdbcClient.class)
                .sql("SELECT purged_at FROM conversation WHERE id = ?")
                .param(conversationId)
                .query(Long.class)
                .optional()
                .orElse(null);
    }

    private ConfigurableApplicationContext start() {
        SpringApplication app = new SpringApplication(CareChatApplication.class, SharedClock.class);
        List<String> args = new ArrayList<>(List.of(
                "--server.port=" + freePort(),
                "--server.address=127.0.0.1",
                "--carechat.storage=sqlite",
                "--carechat.data-dir=" + dataDir,
                "--carechat.master-key-file=" + dataDir.resolve("master-key.json"),
                "--carechat.retention.first-run-after=200ms",
                "--carechat.retention.run-every=1h",
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

    private static CurrentUser actor(User user) {
        return new CurrentUser(
                user.id(), user.orgId(), user.displayName(), user.role(), false, "test-device", "127.0.0.1");
    }

    private static Path tempDir() {
        try {
            Path target = Path.of("target").toAbsolutePath();
            Files.createDirectories(target);
            return Files.createTempDirectory(target, "carechat-retention-restart-");
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
