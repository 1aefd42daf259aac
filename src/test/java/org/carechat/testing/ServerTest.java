package org.carechat.testing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
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
import org.carechat.patient.NewPatient;
import org.carechat.patient.Patient;
import org.carechat.patient.PatientService;
import org.carechat.storage.Transactions;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Base of the tests that run a whole server (annotate the concrete class with {@link OnSqlite} or
 * {@link OnPostgres}). Each test makes its own organisation, so tests sharing a server never see each other's data.
 * Test users have no password: they call with device tokens issued directly, which keeps Argon2 out of setup.
 */
public abstract class ServerTest {

    protected static final JsonMapper JSON = JsonMapper.builder().build();

    @LocalServerPort
    protected int port;

    @Autowired
    protected OrgService orgs;

    @Autowired
    protected UserService users;

    @Autowired
    protected TokenService tokens;

    @Autowired
    protected ConversationService conversations;

    @Autowired
    protected Transactions transactions;

    @Autowired
    protected PatientService patientRecords;

    protected final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** A new organisation with a unique name. */
    protected Organisation newOrg() {
        return transactions.write(() -> orgs.create("Org " + UUID.randomUUID(), null, null));
    }

    protected Staff newStaff(Organisation org, Role role, String displayName) {
        User user = transactions.write(() -> users.createByOperator(
                org.id(),
                new NewUser(
                        "u" + UUID.randomUUID().toString().replace("-", "").substring(0, 20),
                        displayName,
                        role,
                        null,
                        false),
                false));
        return new Staff(user, tokens.issueDeviceToken(user, "test").secret());
    }

    /** A patient record of {@code org} (made by a new admin of it). */
    protected Patient patientRecord(
            Organisation org, String given, String family, String birthDate, String mobile, String email) {
        Staff admin = newStaff(org, Role.ADMIN, "Records Admin");
        return patientRecords.create(
                asCurrent(admin),
                new NewPatient(
                        "MRN-" + UUID.randomUUID().toString().substring(0, 8),
                        given,
                        family,
                        birthDate,
                        mobile,
                        email));
    }

    /**
     * The patient's own account for {@code record}, as registration makes it (joining the conversations linked to the
     * record), with a device token to call the API as the patient.
     */
    protected Staff patientAccount(Patient record) {
        User account = transactions.write(() -> {
            User made = users.createPatientAccount(record.orgId(), record.id(), record.displayName(), "127.0.0.1");
            conversations.joinLinkedConversations(made, "127.0.0.1");
            return made;
        });
        return new Staff(
                account, tokens.issueDeviceToken(account, "patient test").secret());
    }

    /** A direct conversation between {@code a} and {@code b}, created by {@code a}. */
    protected String direct(Staff a, Staff b) {
        Conversation c = conversations.create(
                asCurrent(a),
                new NewConversation(
                        Conversation.Kind.DIRECT,
                        Conversation.Audience.STAFF,
                        null,
                        null,
                        true,
                        List.of(b.id()),
                        null));
        return c.id();
    }

    /** A 2-way group of staff, owned by {@code owner}. */
    protected String group(Staff owner, Staff... others) {
        List<String> ids = new ArrayList<>();
        for (Staff s : others) {
            ids.add(s.id());
        }
        return conversations
                .create(
                        asCurrent(owner),
                        new NewConversation(
                                Conversation.Kind.GROUP,
                                Conversation.Audience.STAFF,
                                "Ward round",
                                null,
                                true,
                                ids,
                                null))
                .id();
    }

    protected CurrentUser asCurrent(Staff s) {
        return new CurrentUser(s.id(), s.user().orgId(), s.name(), s.user().role(), false, "test-device", "127.0.0.1");
    }

    protected String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    protected Response get(Staff as, String path) {
        return call(as, "GET", path, null);
    }

    protected Response post(Staff as, String path, Object body) {
        return call(as, "POST", path, body);
    }

    protected Response call(Staff as, String method, String path, Object body) {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(URI.create(url(path))).timeout(Duration.ofSeconds(30));
        if (as != null) {
            request.header("Authorization", "Bearer " + as.token());
        }
        if (body instanceof String text) {
            request.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(text));
        } else if (body != null) {
            request.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
        } else {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        }
        return send(request.build());
    }

    protected Response send(HttpRequest request) {
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            String text = response.body();
            JsonNode json = text == null
                            || text.isBlank()
                            || !text.strip().startsWith("{") && !text.strip().startsWith("[")
                    ? null
                    : JSON.readTree(text);
            return new Response(response.statusCode(), json, text, response.headers());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Sends a text message over REST and returns its seq. */
    protected long sendText(Staff from, String conversationId, String body) {
        Response r = post(
                from,
                "/api/v1/conversations/" + conversationId + "/messages",
                Map.of("clientMsgId", UUID.randomUUID().toString(), "body", body));
        if (r.status() != 201) {
            throw new AssertionError("send failed: " + r.status() + " " + r.text());
        }
        return r.json().get("seq").asLong();
    }

    protected WsClient connect(Staff as) {
        return WsClient.connect(http, "ws://127.0.0.1:" + port + "/api/v1/ws", as.token());
    }

    /** A WebSocket authenticated by a browser session's cookie (as the web apps open it). */
    protected WsClient connect(BrowserSession session) {
        return WsClient.connectWithCookie(http, "ws://127.0.0.1:" + port + "/api/v1/ws", session.cookieHeader());
    }

    public static final String PASSWORD = "a long enough password";

    /** A clinician of {@code org} who signs in with {@code password}; returns the username. */
    protected String newUserWithPassword(Organisation org, String password, boolean mustChange) {
        String username = "p" + UUID.randomUUID().toString().substring(0, 12);
        transactions.write(() -> users.createByOperator(
                org.id(), new NewUser(username, "Pat Person", Role.CLINICIAN, password, mustChange), false));
        return username;
    }

    /** Signs in as a browser does ({@code POST /api/v1/auth/login}). */
    protected BrowserSession login(String username, String password) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url("/api/v1/auth/login")))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(
                        JSON.writeValueAsString(Map.of("username", username, "password", password))))
                .build();
        try {
            HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
            Response response =
                    new Response(r.statusCode(), r.body().isBlank() ? null : JSON.readTree(r.body()), r.body());
            String cookie = r.headers().firstValue("Set-Cookie").orElse(null);
            String csrf = r.statusCode() == 200 && response.json().has("csrfToken")
                    ? response.json().get("csrfToken").asString()
                    : null;
            return new BrowserSession(cookie, csrf, response);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A call as the browser session makes it: its cookie, and its CSRF header when {@code csrf}. */
    protected Response withCookie(BrowserSession s, String method, String path, Object body, boolean csrf) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url(path))).header("Cookie", s.cookieHeader());
        if (csrf) {
            b.header("X-CSRF-Token", s.csrf());
        }
        if (body == null) {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            b.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
        }
        return send(b.build());
    }
}
