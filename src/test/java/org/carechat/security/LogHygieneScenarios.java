package org.carechat.security;

import java.net.URI;
import java.net.http.HttpRequest;
import java.util.List;
import java.util.Map;
import org.carechat.identity.Role;
import org.carechat.org.Organisation;
import org.carechat.testing.BrowserSession;
import org.carechat.testing.LogCapture;
import org.carechat.testing.Response;
import org.carechat.testing.ServerTest;
import org.carechat.testing.Staff;
import org.carechat.testing.WsClient;
import org.junit.jupiter.api.Test;

/**
 * T-LOG-01: canaries in message bodies, patient and staff names, tokens and passwords, sent through every path
 * (REST, WebSocket, refused, retried, malformed, failed sign-ins, a tampered text), never appear in any log line or
 * logged exception. The server runs as deployed (INFO) with CareChat's own loggers at TRACE and Spring MVC's at DEBUG,
 * where it logs every request and response body it converts: the records holding text, names, passwords or secrets
 * print none of it. (Spring Security at DEBUG logs request URLs, so a client that puts a token in a URL would see it
 * logged: docs/operations.md says not to run it at DEBUG in production.) Message bodies never appear in the database
 * files either (T-CRY-01 checks them).
 */
abstract class LogHygieneScenarios extends ServerTest {

    static final String BODY = "CANARY-BODY-7f3a9c-haemoglobin-82";
    static final String PATIENT_NAME = "Canarypatientname";
    static final String STAFF_NAME = "Canarystaffname";
    static final String PASSWORD_CANARY = "canary password 9c1e77";
    static final String FILE_NAME = "Canaryfilename";

    @Test
    void noCanaryAppearsInAnyLogLineOrLoggedException() {
        LogCapture.assertNoneLogged(this::sendCanariesEverywhere);
    }

    /** Every path a canary can take; returns the canaries, the issued secrets among them. */
    List<String> sendCanariesEverywhere() {
        Organisation org = newOrg();
        Staff admin = newStaff(org, Role.ADMIN, "Ada Admin");
        Staff alice = newStaff(org, Role.CLINICIAN, "Alice " + STAFF_NAME);
        Staff bob = newStaff(org, Role.NURSE, "Bob");
        String c = direct(alice, bob);

        // Patient names: created, imported badly, searched, viewed.
        Response patient = post(
                admin,
                "/api/v1/patients",
                Map.of(
                        "mrn",
                        "CAN-1",
                        "givenName",
                        PATIENT_NAME,
                        "familyName",
                        PATIENT_NAME,
                        "birthDate",
                        "1970-01-01"));
        post(
                admin,
                "/api/v1/patients",
                Map.of(
                        "mrn",
                        "CAN-1",
                        "givenName",
                        PATIENT_NAME,
                        "familyName",
                        PATIENT_NAME,
                        "birthDate",
                        "1970-13-45"));
        exec(
                admin,
                "POST",
                "/api/v1/patients/import",
                "text/csv",
                "mrn,given_name,family_name,birth_date\nCAN-2," + PATIENT_NAME + ",,not-a-date\n");
        post(alice, "/api/v1/patients/search", Map.of("q", PATIENT_NAME.toLowerCase()));
        get(alice, "/api/v1/patients/" + patient.json().get("id").asString());

        // Message bodies: REST, too long, malformed JSON, retried, over the socket, unknown fields, not JSON.
        sendText(alice, c, BODY + " rest");
        post(
                alice,
                "/api/v1/conversations/" + c + "/messages",
                Map.of("clientMsgId", "long", "body", BODY + "x".repeat(5000)));
        post(alice, "/api/v1/conversations/" + c + "/messages", "{\"clientMsgId\":\"" + BODY + "\",\"body\":");
        try (WsClient a = connect(alice);
                WsClient b = connect(bob)) {
            a.send(Map.of("type", "resume"));
            b.send(Map.of("type", "resume"));
            a.awaitType("sync_complete", 10);
            a.send(Map.of("type", "send", "id", "1", "c", c, "clientMsgId", "w1", "body", BODY + " ws"));
            a.send(Map.of("type", "send", "id", "2", "c", c, "clientMsgId", "w1", "body", BODY + " ws"));
            a.sendRaw("{\"type\":\"send\",\"body\":\"" + BODY + "\",\"unknown\":1}");
            a.sendRaw("not json " + BODY);
            b.await(f -> f.path("entry").path("body").asString("").equals(BODY + " ws"), 10);
            a.await(f -> f.get("type").asString().equals("error"), 10);
        }
        get(bob, "/api/v1/conversations/" + c + "/messages");
        get(bob, "/api/v1/inbox");

        // File names and contents: accepted, refused by type, by extension, sent, listed, downloaded.
        String pdf = "%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n(" + BODY + ")\n"
                + "trailer << /Root 1 0 R >>\n%%EOF\n";
        Response uploaded = upload(alice, c, FILE_NAME + " biopsy.pdf", pdf);
        upload(alice, c, FILE_NAME + ".png", "<html>" + BODY + "</html>");
        upload(alice, c, "scan." + FILE_NAME, pdf);
        upload(alice, c, FILE_NAME + "\u202Efdp.exe", pdf);
        String id = uploaded.json().get("id").asString();
        post(
                alice,
                "/api/v1/conversations/" + c + "/messages",
                Map.of("clientMsgId", "file-1", "body", BODY + " file", "attachments", List.of(id)));
        post(
                alice,
                "/api/v1/conversations/" + c + "/messages",
                Map.of("clientMsgId", "file-2", "body", " ", "attachments", List.of(id)));
        get(bob, "/api/v1/conversations/" + c + "/messages");
        get(bob, "/api/v1/conversations/" + c + "/attachments/" + id);

        // Passwords and tokens: failed and successful sign-ins, a password change, a bogus and a revoked token.
        String username = newUserWithPassword(org, PASSWORD_CANARY, false);
        login(username, PASSWORD_CANARY + " wrong");
        login("nobody-canary", PASSWORD_CANARY);
        BrowserSession session = login(username, PASSWORD_CANARY);
        withCookie(
                session,
                "POST",
                "/api/v1/auth/password",
                Map.of("currentPassword", PASSWORD_CANARY + " no", "newPassword", PASSWORD_CANARY + " new"),
                true);
        Response token = post(
                null,
                "/api/v1/auth/token",
                Map.of("username", username, "password", PASSWORD_CANARY, "deviceName", "phone"));
        String secret = token.json().get("token").asString();
        Staff device = new Staff(null, secret);
        get(device, "/api/v1/auth/me");
        post(device, "/api/v1/auth/logout", null);
        get(device, "/api/v1/auth/me");
        get(new Staff(null, "cc_" + "canarytoken" + "x".repeat(30)), "/api/v1/inbox");
        send(HttpRequest.newBuilder(URI.create(url("/api/v1/inbox?access_token=" + secret)))
                .build());
        return List.of(
                BODY,
                "haemoglobin",
                PATIENT_NAME,
                PATIENT_NAME.toLowerCase(),
                STAFF_NAME,
                PASSWORD_CANARY,
                FILE_NAME,
                FILE_NAME.toLowerCase(),
                secret,
                session.cookieHeader().substring(session.cookieHeader().indexOf('=') + 1),
                session.csrf(),
                "canarytoken");
    }

    Response upload(Staff as, String conversation, String name, String content) {
        return send(HttpRequest.newBuilder(URI.create(url("/api/v1/conversations/" + conversation + "/attachments")))
                .header("Authorization", "Bearer " + as.token())
                .header("X-File-Name", java.net.URLEncoder.encode(name, java.nio.charset.StandardCharsets.UTF_8))
                .POST(HttpRequest.BodyPublishers.ofString(content, java.nio.charset.StandardCharsets.ISO_8859_1))
                .build());
    }

    Response exec(Staff as, String method, String path, String contentType, String body) {
        return send(HttpRequest.newBuilder(URI.create(url(path)))
                .header("Authorization", "Bearer " + as.token())
                .header("Content-Type", contentType)
                .method(method, HttpRequest.BodyPublishers.ofString(body))
                .build());
    }
}
