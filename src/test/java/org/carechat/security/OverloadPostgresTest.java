package org.carechat.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.carechat.identity.Role;
import org.carechat.org.Organisation;
import org.carechat.testing.ExecutedStatements;
import org.carechat.testing.Response;
import org.carechat.testing.ServerTest;
import org.carechat.testing.Staff;
import org.carechat.testing.StorageInitializers;
import org.carechat.testing.TestClockConfig;
import org.carechat.testing.WsClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ContextConfiguration;
import tools.jackson.databind.JsonNode;

/**
 * Overload is explicit and fair: a node takes on at most 4 sends at once (2 per organisation here). Sends that find
 * no room within the wait (300 ms here) are refused with 429 and a retry hint — over REST and over the WebSocket — never dropped silently;
 * one organisation's flood leaves the other organisations' share free; and every send that was taken on completes.
 * The node is made slow on purpose by holding the conversations' row locks from outside. Sockets beyond the node's
 * limit (2 here), and a resume that gets no database connection, are closed with 1013 (try again later).
 */
@Timeout(120)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import(TestClockConfig.class)
@ContextConfiguration(initializers = OverloadPostgresTest.SmallNode.class)
class OverloadPostgresTest extends ServerTest {

    static class SmallNode implements ApplicationContextInitializer<ConfigurableApplicationContext> {
        @Override
        public void initialize(ConfigurableApplicationContext context) {
            List<String> properties = new ArrayList<>(StorageInitializers.UNLIMITED);
            properties.addAll(List.of(
                    "carechat.overload.max-sends=4",
                    "carechat.overload.organisation-share=0.5",
                    "carechat.overload.wait-for=300ms",
                    "carechat.overload.max-sockets=2"));
            StorageInitializers.postgres(context, properties);
        }
    }

    @Autowired
    DataSource dataSource;

    @Autowired
    org.carechat.system.SendAdmission admission;

    final ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor();

    CompletableFuture<Response> sendLater(Staff from, String conversation, String text) {
        return CompletableFuture.supplyAsync(
                () -> post(
                        from,
                        "/api/v1/conversations/" + conversation + "/messages",
                        Map.of("clientMsgId", UUID.randomUUID().toString(), "body", text)),
                clients);
    }

    @Test
    void beyondItsShareAnOrganisationWaitsBrieflyThenIsRefusedWhileAnotherIsServedAndNothingTakenOnIsLost()
            throws Exception {
        Organisation busy = newOrg();
        Staff alice = newStaff(busy, Role.CLINICIAN, "Alice");
        Staff bob = newStaff(busy, Role.NURSE, "Bob");
        String flooded = direct(alice, bob);
        Organisation quiet = newOrg();
        Staff carol = newStaff(quiet, Role.CLINICIAN, "Carol");
        Staff dan = newStaff(quiet, Role.NURSE, "Dan");
        String calm = direct(carol, dan);

        List<CompletableFuture<Response>> takenOn = new ArrayList<>();
        try (Connection lock = dataSource.getConnection()) {
            lock.setAutoCommit(false);
            lock.createStatement().execute("SELECT id FROM conversation WHERE id = '" + flooded + "' FOR UPDATE");
            takenOn.add(sendLater(alice, flooded, "first"));
            takenOn.add(sendLater(bob, flooded, "second"));
            awaitInProgress(2);

            long start = System.nanoTime();
            Response refused = post(
                    alice,
                    "/api/v1/conversations/" + flooded + "/messages",
                    Map.of("clientMsgId", "third", "body", "third"));
            assertThat(refused.status()).isEqualTo(429);
            assertThat((System.nanoTime() - start) / 1_000_000)
                    .as("waited for its share")
                    .isGreaterThanOrEqualTo(250);
            assertThat(refused.headers().firstValue("Retry-After")).contains("1");
            assertThat(refused.json().get("detail").asString()).contains("nothing was sent");
            try (WsClient socket = connect(bob)) {
                socket.send(Map.of("type", "send", "id", "w", "c", flooded, "clientMsgId", "ws-third", "body", "x"));
                JsonNode result =
                        socket.await(f -> "result".equals(f.get("type").asString()), 10);
                assertThat(result.get("ok").asBoolean()).isFalse();
                assertThat(result.get("status").asInt()).isEqualTo(429);
                assertThat(result.get("retryAfter").asLong()).isPositive();
            }

            start = System.nanoTime();
            assertThat(post(
                                    carol,
                                    "/api/v1/conversations/" + calm + "/messages",
                                    Map.of("clientMsgId", "calm-1", "body", "the other organisation"))
                            .status())
                    .isEqualTo(201);
            assertThat((System.nanoTime() - start) / 1_000_000)
                    .as("ms for the other organisation")
                    .isLessThan(3_000);
            lock.rollback();
        }
        for (CompletableFuture<Response> send : takenOn) {
            assertThat(send.get(30, TimeUnit.SECONDS).status()).isEqualTo(201);
        }
        JsonNode history =
                get(alice, "/api/v1/conversations/" + flooded + "/messages").json();
        assertThat(history.valueStream()
                        .filter(e -> "text".equals(e.get("kind").asString()))
                        .map(e -> e.get("body").asString()))
                .containsExactlyInAnyOrder("first", "second");
    }

    @Test
    void aRetryOfAStoredMessageRefusedForOverloadLooksNothingUpAndGetsItsOriginalOnceThereIsRoomNeverACopy()
            throws Exception {
        Organisation busy = newOrg();
        Staff alice = newStaff(busy, Role.CLINICIAN, "Alice");
        Staff bob = newStaff(busy, Role.NURSE, "Bob");
        String flooded = direct(alice, bob);
        String path = "/api/v1/conversations/" + flooded + "/messages";
        Map<String, String> stored = Map.of("clientMsgId", "stored-1", "body", "stored before the flood");
        Response first = post(alice, path, stored);
        assertThat(first.status()).isEqualTo(201);
        long seq = first.json().get("seq").asLong();

        List<CompletableFuture<Response>> takenOn = new ArrayList<>();
        try (Connection lock = dataSource.getConnection()) {
            lock.setAutoCommit(false);
            lock.createStatement().execute("SELECT id FROM conversation WHERE id = '" + flooded + "' FOR UPDATE");
            takenOn.add(sendLater(alice, flooded, "first"));
            takenOn.add(sendLater(bob, flooded, "second"));
            awaitInProgress(2);

            Response[] answer = new Response[1];
            List<String> statements =
                    ExecutedStatements.during(() -> answer[0] = post(alice, path, stored), "tomcat-handler");
            Response refused = answer[0];
            assertThat(refused.status())
                    .as("the retry while the organisation is at its share")
                    .isEqualTo(429);
            assertThat(statements)
                    .as("the overload refusal's look-up of an original")
                    .noneMatch(sql -> sql.contains("client_msg_id"));
            lock.rollback();
        }
        for (CompletableFuture<Response> send : takenOn) {
            assertThat(send.get(30, TimeUnit.SECONDS).status()).isEqualTo(201);
        }
        Response retried = post(alice, path, stored);
        assertThat(retried.status()).as("the original, not a new message").isEqualTo(200);
        assertThat(retried.json().get("seq").asLong()).isEqualTo(seq);
        assertThat(get(alice, path)
                        .json()
                        .valueStream()
                        .filter(e ->
                                "stored before the flood".equals(e.path("body").asString(null))))
                .hasSize(1);
    }

    @Test
    void whenTheWholeNodeIsFullEvenAFreshOrganisationWaitsBrieflyThenGetsA429() throws Exception {
        List<String> conversations = new ArrayList<>();
        List<Staff> senders = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            Organisation org = newOrg();
            Staff a = newStaff(org, Role.CLINICIAN, "A" + i);
            Staff b = newStaff(org, Role.NURSE, "B" + i);
            conversations.add(direct(a, b));
            senders.add(a);
            senders.add(b);
        }
        Organisation late = newOrg();
        Staff x = newStaff(late, Role.CLINICIAN, "X");
        String lateConversation = direct(x, newStaff(late, Role.NURSE, "Y"));
        List<CompletableFuture<Response>> takenOn = new ArrayList<>();
        try (Connection lock = dataSource.getConnection()) {
            lock.setAutoCommit(false);
            for (String c : conversations) {
                lock.createStatement().execute("SELECT id FROM conversation WHERE id = '" + c + "' FOR UPDATE");
            }
            for (int i = 0; i < 4; i++) {
                takenOn.add(sendLater(senders.get(i), conversations.get(i / 2), "held " + i));
            }
            awaitInProgress(4);
            long start = System.nanoTime();
            Response full = post(
                    x,
                    "/api/v1/conversations/" + lateConversation + "/messages",
                    Map.of("clientMsgId", "late", "body", "late"));
            long waited = (System.nanoTime() - start) / 1_000_000;
            assertThat(full.status()).isEqualTo(429);
            assertThat(waited).as("waited for room before refusing").isGreaterThanOrEqualTo(250);
            lock.rollback();
        }
        for (CompletableFuture<Response> send : takenOn) {
            assertThat(send.get(30, TimeUnit.SECONDS).status()).isEqualTo(201);
        }
        assertThat(post(
                                x,
                                "/api/v1/conversations/" + lateConversation + "/messages",
                                Map.of("clientMsgId", "late", "body", "late"))
                        .status())
                .as("room again")
                .isEqualTo(201);
    }

    @Test
    void beyondItsSocketLimitANodeClosesNewSocketsWith1013AndTakesThemAgainWhenOneLeaves() {
        Organisation org = newOrg();
        Staff alice = newStaff(org, Role.CLINICIAN, "Alice");
        Staff bob = newStaff(org, Role.NURSE, "Bob");
        String c = direct(alice, bob);
        try (WsClient first = connect(alice);
                WsClient second = connect(bob)) {
            first.send(Map.of("type", "resume"));
            first.awaitType("sync_complete", 10);
            second.send(Map.of("type", "resume"));
            second.awaitType("sync_complete", 10);
            try (WsClient third = connect(bob)) {
                assertThat(third.awaitClose(10)).isEqualTo(1013);
                assertThat(third.closeReason()).contains("reconnect in 5 s");
            }
            assertThat(post(
                                    alice,
                                    "/api/v1/conversations/" + c + "/messages",
                                    Map.of("clientMsgId", "still-served", "body", "x"))
                            .status())
                    .as("HTTP still served")
                    .isEqualTo(201);
            first.close();
            awaitAtMost(() -> {
                try (WsClient again = connect(bob)) {
                    again.send(Map.of("type", "resume"));
                    return again.await(f -> "sync_complete".equals(f.get("type").asString()), 2) != null;
                } catch (AssertionError | RuntimeException closedAgain) {
                    return false;
                }
            });
        }
    }

    @Test
    void aResumeThatGetsNoDatabaseConnectionClosesTheSocketWith1013() throws Exception {
        Organisation org = newOrg();
        Staff alice = newStaff(org, Role.CLINICIAN, "Alice");
        direct(alice, newStaff(org, Role.NURSE, "Bob"));
        try (WsClient socket = connect(alice)) {
            List<Connection> held = new ArrayList<>();
            try {
                int poolSize = ((com.zaxxer.hikari.HikariDataSource) dataSource).getMaximumPoolSize();
                for (int i = 0; i < poolSize; i++) {
                    held.add(dataSource.getConnection());
                }
                socket.send(Map.of("type", "resume"));
                assertThat(socket.awaitClose(15)).isEqualTo(1013);
                assertThat(socket.closeReason()).contains("too busy");
                assertThat(socket.frames("sync_complete")).isEmpty();
            } finally {
                for (Connection c : held) {
                    c.close();
                }
            }
        }
        try (WsClient again = connect(alice)) {
            again.send(Map.of("type", "resume"));
            assertThat(again.awaitType("sync_complete", 10)).isNotNull();
        }
    }

    @Test
    void aRequestOrUpgradeWhoseSignInCheckGetsNoDatabaseConnectionIsAnswered503WithRetryAfter() throws Exception {
        Organisation org = newOrg();
        Staff alice = newStaff(org, Role.CLINICIAN, "Alice");
        List<Connection> held = new ArrayList<>();
        try {
            int poolSize = ((com.zaxxer.hikari.HikariDataSource) dataSource).getMaximumPoolSize();
            for (int i = 0; i < poolSize; i++) {
                held.add(dataSource.getConnection());
            }
            Response busy = get(alice, "/api/v1/conversations");
            assertThat(busy.status()).isEqualTo(503);
            assertThat(busy.headers().firstValue("Retry-After")).contains("2");
            assertThat(busy.json().get("detail").asString()).contains("nothing was changed");

            var upgrade = java.net.http.HttpClient.newHttpClient()
                    .newWebSocketBuilder()
                    .header("Authorization", "Bearer " + alice.token())
                    .buildAsync(
                            java.net.URI.create("ws://127.0.0.1:" + port + "/api/v1/ws"),
                            new java.net.http.WebSocket.Listener() {});
            assertThatThrownBy(() -> upgrade.get(20, TimeUnit.SECONDS))
                    .satisfies(e -> assertThat(handshakeRefusal(e).getResponse().statusCode())
                            .isEqualTo(503));
        } finally {
            for (Connection c : held) {
                c.close();
            }
        }
        assertThat(get(alice, "/api/v1/conversations").status())
                .as("served again")
                .isEqualTo(200);
    }

    private static java.net.http.WebSocketHandshakeException handshakeRefusal(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.net.http.WebSocketHandshakeException refusal) {
                return refusal;
            }
        }
        throw new AssertionError("the upgrade was not refused by a status", e);
    }

    static void awaitAtMost(java.util.function.BooleanSupplier condition) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within 10 s");
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    /**
     * Waits until {@code n} sends hold their place on the node and at least one waits on a held row lock (seen as a
     * lock wait in PostgreSQL). A conversation's later sends wait behind its first in memory (its writer lane's
     * detour), not each on a connection of its own, so the places taken are what counts.
     */
    void awaitInProgress(int n) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            try (Connection c = dataSource.getConnection();
                    var rs = c.createStatement()
                            .executeQuery("SELECT COUNT(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' "
                                    + "AND datname = current_database()")) {
                rs.next();
                if (rs.getInt(1) >= 1 && admission.inProgress() >= n) {
                    return;
                }
            }
            Thread.sleep(20);
        }
        throw new AssertionError(n + " sends never started waiting");
    }
}
