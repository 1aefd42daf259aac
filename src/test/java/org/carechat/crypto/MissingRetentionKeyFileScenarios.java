package org.carechat.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.carechat.CareChatApplication;
import org.carechat.conversation.Conversation;
import org.carechat.conversation.ConversationService;
import org.carechat.conversation.NewConversation;
import org.carechat.identity.CurrentUser;
import org.carechat.identity.NewUser;
import org.carechat.identity.Role;
import org.carechat.identity.User;
import org.carechat.identity.UserService;
import org.carechat.org.OrgService;
import org.carechat.org.Organisation;
import org.carechat.storage.Transactions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A start with a database whose conversation keys are wrapped under retention keys, but without the retention key file
 * (lost, or not restored with the backup), stops with a message that says which file and what to do, and names no
 * clinical content (issue #16).
 */
abstract class MissingRetentionKeyFileScenarios {

    static final String LOG = "server.log";

    final Path dataDir = PlainTextMigrationScenarios.tempDir();
    ConfigurableApplicationContext node;

    /** Command-line arguments pointing the server at its database. */
    abstract List<String> storage();

    @AfterEach
    void down() {
        if (node != null) {
            node.close();
        }
    }

    @Test
    void aStartWithConversationsUnderRetentionKeysButNoRetentionKeyFileStopsSayingWhichFileAndNamesNoContent()
            throws IOException {
        String topic = "Canarytopic " + java.util.UUID.randomUUID();
        node = start();
        makeConversationAbout(topic);
        assertThat(node.getBean(JdbcClient.class)
                        .sql("SELECT COUNT(*) FROM conversation_key WHERE kek_bucket IS NOT NULL")
                        .query(Long.class)
                        .single())
                .as("a keyset under a retention key")
                .isPositive();
        node.close();
        node = null;
        Path keyFile = dataDir.resolve("retention-keys.json");
        assertThat(keyFile).exists();
        Files.delete(keyFile);

        ServerLog serverLog = ServerLog.capture(dataDir.resolve(LOG));
        Throwable refused;
        try {
            refused = catchThrowable(() -> node = start());
        } finally {
            serverLog.stop();
        }

        assertThat(refused).as("the start stops").isNotNull();
        assertThat(node).isNull();
        List<String> messages = new ArrayList<>();
        for (Throwable t = refused; t != null; t = t.getCause()) {
            messages.add(String.valueOf(t.getMessage()));
        }
        assertThat(messages)
                .anySatisfy(m -> assertThat(m)
                        .contains("The retention key file " + keyFile.toAbsolutePath() + " is missing")
                        .contains("Restore it from your backup")
                        .contains("will not start without it"));
        assertThat(String.join("\n", messages)).doesNotContain("Canarytopic");
        assertThat(serverLog.text()).doesNotContain("Canarytopic");
        assertThat(keyFile).as("no empty key file made in its place").doesNotExist();
    }

    private void makeConversationAbout(String topic) {
        Transactions transactions = node.getBean(Transactions.class);
        Organisation org = transactions.write(() ->
                node.getBean(OrgService.class).create("Keyless Clinic " + java.util.UUID.randomUUID(), null, null));
        UserService users = node.getBean(UserService.class);
        User alice = transactions.write(() -> users.createByOperator(
                org.id(), new NewUser("alice" + System.nanoTime(), "Alice Adams", Role.NURSE, null, false), false));
        User bob = transactions.write(() -> users.createByOperator(
                org.id(), new NewUser("bob" + System.nanoTime(), "Bob Brown", Role.NURSE, null, false), false));
        CurrentUser asAlice =
                new CurrentUser(alice.id(), org.id(), "Alice Adams", Role.NURSE, false, "test", "127.0.0.1");
        node.getBean(ConversationService.class)
                .create(
                        asAlice,
                        new NewConversation(
                                Conversation.Kind.GROUP,
                                Conversation.Audience.STAFF,
                                topic,
                                null,
                                true,
                                List.of(bob.id()),
                                null));
    }

    private ConfigurableApplicationContext start() {
        List<String> args = new ArrayList<>(List.of(
                "--server.port=" + freePort(),
                "--server.address=127.0.0.1",
                "--carechat.data-dir=" + dataDir,
                "--carechat.master-key-file=" + dataDir.resolve("master-key.json")));
        args.addAll(ServerLog.arguments(dataDir.resolve(LOG)));
        args.addAll(storage());
        return new SpringApplication(CareChatApplication.class).run(args.toArray(String[]::new));
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
