package org.carechat.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
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
import org.carechat.identity.NewUser;
import org.carechat.identity.Role;
import org.carechat.identity.TokenService;
import org.carechat.identity.User;
import org.carechat.identity.UserService;
import org.carechat.org.OrgService;
import org.carechat.org.Organisation;
import org.carechat.storage.Transactions;
import org.carechat.testing.Smsc;
import org.carechat.testing.StorageInitializers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A patient's SMS is never lost when the server dies between storing it and acknowledging it to the SMS centre. The
 * server runs in a process of its own, bound to a real SMPP SMS centre through a proxy that drops what the server
 * sends: the server receives the text and commits it, its {@code deliver_sm_resp} is lost, and it is then killed with
 * SIGKILL. The SMS centre, never answered, delivers the text again once the restarted server binds; it is stored once.
 * A text sent while the server is down is delivered after its restart in the same way.
 */
class ContactSmsCrashTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String SYSTEM_TYPE = "crashtest";
    private static final short ID_TAG = 0x1401;

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @Test
    @Timeout(300)
    void aTextStoredButNotAcknowledgedWhenTheServerIsKilledIsDeliveredAgainAndStoredOnceOnSqlite() throws Exception {
        check("sqlite");
    }

    @Test
    @org.junit.jupiter.api.Tag("long") // ./carechat long-tests; the SQLite half runs in the suite
    @Timeout(300)
    void aTextStoredButNotAcknowledgedWhenTheServerIsKilledIsDeliveredAgainAndStoredOnceOnPostgresql()
            throws Exception {
        check("postgresql");
    }

    private void check(String storage) throws Exception {
        Path dir = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "contact-crash-" + storage + "-");
        Smsc smsc = Smsc.started();
        CrashablePostgres postgres = storage.equals("postgresql") ? new CrashablePostgres(dir.resolve("pg")) : null;
        try (smsc;
                CuttableProxy proxy = new CuttableProxy(smsc.port())) {
            List<String> properties = new ArrayList<>(List.of(
                    "carechat.storage=" + storage,
                    "carechat.data-dir=" + dir.resolve("data"),
                    "carechat.sms.host=127.0.0.1",
                    "carechat.sms.port=" + proxy.port(),
                    "carechat.sms.system-id=" + Smsc.SYSTEM_ID,
                    "carechat.sms.password=" + Smsc.PASSWORD,
                    "carechat.sms.system-type=" + SYSTEM_TYPE,
                    "carechat.sms.message-id-tag=0x1401",
                    "carechat.sms.timeout=3s"));
            properties.addAll(StorageInitializers.UNLIMITED);
            if (postgres != null) {
                properties.addAll(List.of(
                        "carechat.postgres.url=" + postgres.url(),
                        "carechat.postgres.username=postgres",
                        "carechat.postgres.password="));
            }
            String adminToken = prepare(properties);
            int port = ServerProcess.freePort();
            String practice = "4420" + (10_000_000 + (int) (Math.random() * 89_999_999));
            String patient = "+4474" + (10_000_000 + (int) (Math.random() * 89_999_999));
            try (ServerProcess server =
                    new ServerProcess(port, dir.resolve("server.log"), List.of("-Xmx384m"), properties)) {
                server.start();
                Api api = new Api(port, adminToken);
                api.call(
                        "PUT",
                        "/api/v1/orgs/current/contact-settings",
                        Map.of(
                                "smsNumber",
                                "+" + practice,
                                "acknowledgement",
                                "",
                                "closedAnswer",
                                "",
                                "reasons",
                                List.of()));
                await().atMost(Duration.ofSeconds(30)).until(() -> smsc.isBound(SYSTEM_TYPE));

                // Stored, its acknowledgement lost, then the server killed.
                proxy.dropFromClient(true);
                Smsc.Mo first = smsc.moWithId(
                        SYSTEM_TYPE, patient, practice, "Stored before the crash", ID_TAG, "mo-" + UUID.randomUUID());
                Smsc.Mo plain = smsc.mo(SYSTEM_TYPE, patient, practice, "Also stored, no id");
                await().atMost(Duration.ofSeconds(30))
                        .until(() -> texts(api, patient).size() == 2);
                assertThat(first.acknowledged())
                        .as("the SMS centre has no answer")
                        .isFalse();
                assertThat(plain.acknowledged()).isFalse();
                server.kill();
                proxy.dropFromClient(false);
                proxy.cutAll();

                // Sent while the server is down: nobody to deliver it to yet.
                Smsc.Mo whileDown = smsc.mo(SYSTEM_TYPE, patient, practice, "Sent while the server was down");
                if (postgres != null) {
                    postgres.kill(); // the database dies with it, and recovers from its log
                    postgres.restart();
                }
                server.start();
                await().atMost(Duration.ofSeconds(60))
                        .until(() -> first.acknowledged() && plain.acknowledged() && whileDown.acknowledged());
                assertThat(first.attempts())
                        .as("delivered again after the restart")
                        .isGreaterThan(1);
                assertThat(texts(api, patient))
                        .containsExactly(
                                "Stored before the crash", "Also stored, no id", "Sent while the server was down");
                assertThat(api.call("POST", "/api/v1/contact-requests/queue", Map.of("q", patient))
                                .size())
                        .as("one request for the number")
                        .isEqualTo(1);
            }
        } finally {
            if (postgres != null) {
                postgres.close();
            }
        }
    }

    /** The texts of the number's request(s), oldest first, as staff read them. */
    private static List<String> texts(Api api, String number) {
        List<String> texts = new ArrayList<>();
        try {
            for (JsonNode request : api.call("POST", "/api/v1/contact-requests/queue", Map.of("q", number))) {
                String id = request.get("id").asString();
                for (JsonNode entry : api.call("GET", "/api/v1/contact-requests/" + id + "/messages?limit=200", null)) {
                    if (entry.get("kind").asString().equals("sms_in")) {
                        texts.add(entry.get("body").asString());
                    }
                }
            }
        } catch (IllegalStateException notUpYet) {
            return List.of();
        }
        return texts;
    }

    /** Makes the organisation and its admin with the server's own services; returns the admin's device token. */
    private static String prepare(List<String> properties) {
        return ServerProcess.withServices(properties, context -> {
            Transactions tx = context.getBean(Transactions.class);
            Organisation org =
                    tx.write(() -> context.getBean(OrgService.class).create("Crash " + UUID.randomUUID(), null, null));
            User admin = tx.write(() -> context.getBean(UserService.class)
                    .createByOperator(
                            org.id(),
                            new NewUser(
                                    "admin" + UUID.randomUUID().toString().substring(0, 8),
                                    "Crash Admin",
                                    Role.ADMIN,
                                    null,
                                    false),
                            false));
            return context.getBean(TokenService.class)
                    .issueDeviceToken(admin, "crash")
                    .secret();
        });
    }

    private final class Api {
        private final int port;
        private final String token;

        Api(int port, String token) {
            this.port = port;
            this.token = token;
        }

        JsonNode call(String method, String path, Object body) {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .timeout(Duration.ofSeconds(10))
                    .header("Authorization", "Bearer " + token);
            if (body != null) {
                request.header("Content-Type", "application/json")
                        .method(method, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
            } else {
                request.method(method, HttpRequest.BodyPublishers.noBody());
            }
            try {
                HttpResponse<String> r = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() >= 300) {
                    throw new IllegalStateException(method + " " + path + " -> " + r.statusCode() + " " + r.body());
                }
                return JSON.readTree(r.body());
            } catch (IOException e) {
                throw new IllegalStateException("the server is not answering", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }
}
