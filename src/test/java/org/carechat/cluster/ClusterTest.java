package org.carechat.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
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
import org.carechat.testing.ExecutedStatements;
import org.carechat.testing.WsClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.LoggerFactory;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Cluster mode: two nodes on one real PostgreSQL, clients on either. A message, a receipt, a removal and a sign-out
 * made on one node reach the sockets on the other; a node whose listener connection drops catches its sockets up
 * when it is back; cluster mode on SQLite is refused at start.
 */
@Timeout(180)
class ClusterTest {

    static final JsonMapper JSON = JsonMapper.builder().build();
    static ClusterNodes cluster;
    static ConfigurableApplicationContext one;
    static ConfigurableApplicationContext two;
    final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void twoNodes() {
        cluster = new ClusterNodes();
        one = cluster.start();
        two = cluster.start();
    }

    @AfterAll
    static void stop() {
        cluster.close();
    }

    record Person(User user, String token) {}

    Person person(Organisation org, String name) {
        Transactions tx = one.getBean(Transactions.class);
        User user = tx.write(() -> one.getBean(UserService.class)
                .createByOperator(
                        org.id(),
                        new NewUser(
                                "c"
                                        + UUID.randomUUID()
                                                .toString()
                                                .replace("-", "")
                                                .substring(0, 16),
                                name,
                                Role.CLINICIAN,
                                null,
                                false),
                        false));
        return new Person(
                user,
                one.getBean(TokenService.class).issueDeviceToken(user, "test").secret());
    }

    Organisation org() {
        return one.getBean(Transactions.class)
                .write(() -> one.getBean(OrgService.class).create("Cluster " + UUID.randomUUID(), null, null));
    }

    String group(Person owner, Person... others) {
        CurrentUser as = new CurrentUser(
                owner.user().id(),
                owner.user().orgId(),
                owner.user().displayName(),
                Role.CLINICIAN,
                false,
                "test",
                "127.0.0.1");
        return one.getBean(ConversationService.class)
                .create(
                        as,
                        new NewConversation(
                                Conversation.Kind.GROUP,
                                Conversation.Audience.STAFF,
                                "Cluster ward",
                                null,
                                true,
                                java.util.Arrays.stream(others)
                                        .map(p -> p.user().id())
                                        .toList(),
                                null))
                .id();
    }

    WsClient socket(ConfigurableApplicationContext node, Person p) {
        WsClient ws = WsClient.connect(http, "ws://127.0.0.1:" + ClusterNodes.port(node) + "/api/v1/ws", p.token());
        ws.send(Map.of("type", "resume"));
        ws.awaitType("sync_complete", 10);
        return ws;
    }

    HttpResponse<String> call(ConfigurableApplicationContext node, Person as, String method, String path, Object body)
            throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ClusterNodes.port(node) + path))
                .header("Authorization", "Bearer " + as.token())
                .timeout(Duration.ofSeconds(30));
        b = body == null
                ? b.method(method, HttpRequest.BodyPublishers.noBody())
                : b.header("Content-Type", "application/json")
                        .method(method, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    long send(ConfigurableApplicationContext node, Person from, String conversation, String text) throws Exception {
        HttpResponse<String> r = call(
                node,
                from,
                "POST",
                "/api/v1/conversations/" + conversation + "/messages",
                Map.of("clientMsgId", UUID.randomUUID().toString(), "body", text));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return JSON.readTree(r.body()).get("seq").asLong();
    }

    @Test
    void aMessageSentOnOneNodeReachesASocketOnTheOtherLiveAndItsReadReceiptComesBack() throws Exception {
        Organisation org = org();
        Person alice = person(org, "Alice");
        Person bob = person(org, "Bob");
        String c = group(alice, bob);
        try (WsClient aliceOnOne = socket(one, alice);
                WsClient bobOnTwo = socket(two, bob)) {
            aliceOnOne.send(Map.of("type", "send", "id", "1", "c", c, "clientMsgId", "x-1", "body", "Across nodes"));
            long seq = aliceOnOne
                    .await(f -> "result".equals(f.get("type").asString()), 10)
                    .get("seq")
                    .asLong();
            JsonNode event = bobOnTwo.await(
                    f -> "event".equals(f.get("type").asString())
                            && f.get("seq").asLong() == seq,
                    10);
            assertThat(event.get("entry").get("body").asString()).isEqualTo("Across nodes");

            bobOnTwo.send(Map.of("type", "read", "c", c, "upTo", seq));
            aliceOnOne.await(
                    f -> "receipt".equals(f.get("type").asString())
                            && bob.user().id().equals(f.get("userId").asString())
                            && f.get("readSeq").asLong() == seq,
                    10);
            bobOnTwo.send(Map.of("type", "typing", "c", c));
            aliceOnOne.await(f -> "typing".equals(f.get("type").asString()), 10);
        }
    }

    @Test
    void aSendsRingsTravelToTheOtherNodeInOneNotification() throws Exception {
        Organisation org = org();
        Person alice = person(org, "Alice");
        Person bob = person(org, "Bob");
        String c = group(alice, bob);
        try (WsClient aliceOnOne = socket(one, alice);
                WsClient bobOnTwo = socket(two, bob)) {
            List<String> written = ExecutedStatements.during(
                    () -> {
                        aliceOnOne.send(Map.of(
                                "type", "send", "id", "n", "c", c, "clientMsgId", "n-1", "body", "One notification"));
                        aliceOnOne.await(f -> "result".equals(f.get("type").asString()), 10);
                    },
                    "carechat-writer-lane");
            assertThat(written.stream().filter(s -> s.contains("pg_notify")))
                    .as("the new entry and the sender's moved markers: two rings, one notification")
                    .hasSize(1);
            bobOnTwo.await(
                    f -> "event".equals(f.get("type").asString())
                            && "One notification"
                                    .equals(f.get("entry").get("body").asString()),
                    10);
        }
    }

    @Test
    void signingOutOnOneNodeClosesTheSessionsSocketOnTheOtherWithinASecond() throws Exception {
        Organisation org = org();
        Person alice = person(org, "Alice");
        try (WsClient onTwo = socket(two, alice)) {
            long start = System.nanoTime();
            assertThat(call(one, alice, "POST", "/api/v1/auth/logout", null).statusCode())
                    .isEqualTo(204);
            assertThat(onTwo.awaitClose(2)).isEqualTo(1008);
            assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(1_000);
        }
        assertThat(call(two, alice, "GET", "/api/v1/auth/me", null).statusCode())
                .isEqualTo(401);
    }

    @Test
    void aMemberRemovedOnOneNodeGetsNothingMoreOnTheOther() throws Exception {
        Organisation org = org();
        Person alice = person(org, "Alice");
        Person bob = person(org, "Bob");
        Person carol = person(org, "Carol");
        String c = group(alice, bob, carol);
        try (WsClient bobOnTwo = socket(two, bob);
                WsClient carolOnTwo = socket(two, carol)) {
            assertThat(call(
                                    one,
                                    alice,
                                    "DELETE",
                                    "/api/v1/conversations/" + c + "/members/"
                                            + bob.user().id(),
                                    null)
                            .statusCode())
                    .isEqualTo(204);
            bobOnTwo.await(
                    f -> "reset".equals(f.get("type").asString())
                            && c.equals(f.get("c").asString()),
                    10);
            long after = send(one, alice, c, "After Bob left");
            carolOnTwo.await(
                    f -> "event".equals(f.get("type").asString())
                            && f.get("seq").asLong() == after,
                    10);
            assertThat(bobOnTwo.frames()).noneMatch(f -> f.toString().contains("After Bob left"));
        }
    }

    @Test
    void aNodeWhoseListenerConnectionDropsCatchesItsSocketsUpWhenItIsBack() throws Exception {
        Organisation org = org();
        Person alice = person(org, "Alice");
        Person bob = person(org, "Bob");
        String c = group(alice, bob);
        ch.qos.logback.classic.Logger bell =
                (ch.qos.logback.classic.Logger) LoggerFactory.getLogger(PostgresBell.class);
        var logged = new ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent>();
        logged.start();
        bell.addAppender(logged);
        bell.setLevel(ch.qos.logback.classic.Level.INFO);
        try (WsClient bobOnTwo = socket(two, bob)) {
            int killed = terminateListeners();
            assertThat(killed).as("both nodes' listener connections").isEqualTo(2);
            long during = send(one, alice, c, "Sent while the listeners were down");
            bobOnTwo.await(
                    f -> f.toString().contains("Sent while the listeners were down")
                            && f.toString().contains("\"seq\":" + during),
                    20);
            long afterwards = send(one, alice, c, "Sent once they are back");
            bobOnTwo.await(
                    f -> "event".equals(f.get("type").asString())
                            && f.get("seq").asLong() == afterwards,
                    20);
            assertThat(logged.list)
                    .extracting(e -> e.getFormattedMessage())
                    .filteredOn(m -> m.contains("re-syncing open sockets"))
                    .hasSize(2);
        } finally {
            bell.detachAppender(logged);
            bell.setLevel(null);
        }
    }

    /** Ends the cluster listeners' PostgreSQL connections, as a network cut or a database restart would. */
    int terminateListeners() throws Exception {
        var db = cluster.database();
        try (Connection c = DriverManager.getConnection(db.url(), db.username(), db.password());
                Statement s = c.createStatement()) {
            var rs = s.executeQuery("SELECT COUNT(pg_terminate_backend(pid)) FROM pg_stat_activity "
                    + "WHERE application_name = '" + PostgresBell.LISTENER_NAME + "' AND datname = current_database()");
            rs.next();
            return rs.getInt(1);
        }
    }

    @Test
    void clusterModeOnSqliteIsRefusedAtStartWithAMessageSayingWhy() throws Exception {
        Path dir = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "carechat-sqlite-cluster-");
        assertThatThrownBy(() -> SpringApplication.run(
                        CareChatApplication.class,
                        "--server.port=0",
                        "--carechat.storage=sqlite",
                        "--carechat.cluster.enabled=true",
                        "--carechat.data-dir=" + dir,
                        "--logging.level.root=OFF"))
                .hasStackTraceContaining("Cluster mode (carechat.cluster.enabled) needs PostgreSQL");
        assertThat(List.of(dir.toFile().list())).doesNotContain("carechat.db");
    }
}
