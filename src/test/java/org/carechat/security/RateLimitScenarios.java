package org.carechat.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.carechat.identity.Role;
import org.carechat.identity.TotpCodes;
import org.carechat.org.Organisation;
import org.carechat.testing.BrowserSession;
import org.carechat.testing.MutableClock;
import org.carechat.testing.Response;
import org.carechat.testing.ServerTest;
import org.carechat.testing.Staff;
import org.carechat.testing.WsClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * T-RL-01 with the default limits: guessing passwords or codes locks the account (audited), too many sign-ins from
 * one address or sends by one user are answered 429 with Retry-After and nothing stored, a socket flooding frames is
 * closed with 1008 — and nobody else is slowed. Each test signs in from its own address (X-Forwarded-For through the
 * trusted local proxy), as clients behind a hospital's proxy do.
 */
@Timeout(120)
abstract class RateLimitScenarios extends ServerTest {

    @Autowired
    MutableClock clock;

    @Autowired
    JdbcClient jdbc;

    Organisation org;
    String address;

    @BeforeEach
    void organisationAndAddress() {
        org = newOrg();
        address = "10.77." + (int) (Math.random() * 250) + "." + (int) (Math.random() * 250 + 1);
    }

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    Response signIn(String username, String password, String from) {
        return send(HttpRequest.newBuilder(URI.create(url("/api/v1/auth/login")))
                .header("Content-Type", "application/json")
                .header("X-Forwarded-For", from)
                .POST(HttpRequest.BodyPublishers.ofString(
                        JSON.writeValueAsString(Map.of("username", username, "password", password))))
                .build());
    }

    @Test
    void tenWrongPasswordsLockTheUsernameThenAllowOneGuessPerNinetySecondsAndTheLockIsAudited() {
        String username = newUserWithPassword(org, PASSWORD, false);
        for (int i = 0; i < 10; i++) {
            assertThat(signIn(username, "wrong password " + i, address).status())
                    .isEqualTo(401);
        }
        Response locked = signIn(username, PASSWORD, address);
        assertThat(locked.status()).isEqualTo(429);
        assertThat(locked.json().get("detail").asString()).contains("locked for 2 minutes");
        assertThat(locked.json().get("retryAfter").asLong()).isBetween(60L, 90L);
        assertThat(signIn(username, PASSWORD, "10.99.0.1").status())
                .as("the lock is the account's, not the address's")
                .isEqualTo(429);
        String userId = jdbc.sql("SELECT id FROM app_user WHERE username = ?")
                .param(username)
                .query(String.class)
                .single();
        assertThat(jdbc.sql("SELECT COUNT(*) FROM audit_event WHERE type = 'ACCOUNT_LOCKED' AND actor_id = ?")
                        .param(userId)
                        .query(Long.class)
                        .single())
                .isEqualTo(1);

        clock.advance(Duration.ofSeconds(90));
        assertThat(signIn(username, "one more wrong guess", address).status()).isEqualTo(401);
        assertThat(signIn(username, PASSWORD, address).status())
                .as("one guess per 90 s once locked")
                .isEqualTo(429);
        clock.advance(Duration.ofMinutes(15));
        assertThat(signIn(username, PASSWORD, address).status()).isEqualTo(200);
    }

    @Test
    void aClientThatIsNotANamedProxyCannotChooseTheAddressOfItsAuditRowsOrItsLimits() throws Exception {
        // 127.0.0.2 is loopback too, but not the proxy this server trusts (127.0.0.1): its header is ignored.
        int refusedAt = -1;
        for (int i = 0; i < 40 && refusedAt < 0; i++) {
            int status = rawSignInFrom("127.0.0.2", "203.0.113." + (i + 1), "nobody-raw-" + i);
            if (status == 429) {
                refusedAt = i;
            } else {
                assertThat(status).isEqualTo(401);
            }
        }
        assertThat(refusedAt).as("refused by the limit of 127.0.0.2 itself").isBetween(30, 35);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM audit_event WHERE ip LIKE '203.0.113.%'")
                        .query(Long.class)
                        .single())
                .as("forged addresses in audit rows")
                .isZero();
        assertThat(jdbc.sql("SELECT COUNT(*) FROM audit_event WHERE type = 'SIGN_IN' AND ip = '127.0.0.2'")
                        .query(Long.class)
                        .single())
                .isGreaterThanOrEqualTo(30);

        // Through the named proxy, only the address the proxy itself saw counts, private or not: what the client
        // wrote to the left of it is not read.
        Response viaProxy = send(HttpRequest.newBuilder(URI.create(url("/api/v1/auth/login")))
                .header("Content-Type", "application/json")
                .header("X-Forwarded-For", "198.51.100.7, " + address)
                .POST(HttpRequest.BodyPublishers.ofString(
                        JSON.writeValueAsString(Map.of("username", "nobody-proxied", "password", "guess"))))
                .build());
        assertThat(viaProxy.status()).isEqualTo(401);
        assertThat(jdbc.sql("SELECT ip FROM audit_event WHERE type = 'SIGN_IN' AND ip IN ('198.51.100.7', ?)")
                        .param(address)
                        .query(String.class)
                        .list())
                .containsExactly(address);
    }

    /** A sign-in over a raw connection from {@code localAddress}, claiming {@code forwardedFor}; the status. */
    int rawSignInFrom(String localAddress, String forwardedFor, String username) throws java.io.IOException {
        String body = JSON.writeValueAsString(Map.of("username", username, "password", "guess"));
        try (java.net.Socket socket = new java.net.Socket()) {
            socket.bind(new java.net.InetSocketAddress(localAddress, 0));
            socket.connect(new java.net.InetSocketAddress("127.0.0.1", port), 5_000);
            socket.setSoTimeout(30_000);
            String request = "POST /api/v1/auth/login HTTP/1.1\r\nHost: 127.0.0.1:" + port
                    + "\r\nContent-Type: application/json\r\nX-Forwarded-For: " + forwardedFor
                    + "\r\nConnection: close\r\nContent-Length: "
                    + body.getBytes(java.nio.charset.StandardCharsets.UTF_8).length + "\r\n\r\n" + body;
            socket.getOutputStream().write(request.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            String statusLine = new java.io.BufferedReader(new java.io.InputStreamReader(
                            socket.getInputStream(), java.nio.charset.StandardCharsets.UTF_8))
                    .readLine();
            return Integer.parseInt(statusLine.split(" ")[1]);
        }
    }

    @Test
    void anUnknownUsernameIsLockedExactlyLikeAKnownOneSoNoneIsRevealed() {
        String known = newUserWithPassword(org, PASSWORD, false);
        String unknown = "nobody-" + UUID.randomUUID().toString().substring(0, 8);
        List<String> knownAnswers = new ArrayList<>();
        List<String> unknownAnswers = new ArrayList<>();
        for (int i = 0; i < 11; i++) {
            Response k = signIn(known, "wrong password " + i, address);
            Response u = signIn(unknown, "wrong password " + i, address);
            knownAnswers.add(k.status() + " " + k.json().get("detail").asString());
            unknownAnswers.add(u.status() + " " + u.json().get("detail").asString());
        }
        assertThat(knownAnswers).isEqualTo(unknownAnswers);
        assertThat(knownAnswers.getLast()).startsWith("429");
    }

    @Test
    void signInsFromOneAddressBeyondThirtyAMinuteAreRefusedWithRetryAfterWhileOtherAddressesAreServed() {
        String username = newUserWithPassword(org, PASSWORD, false);
        int attempts = 0;
        Response refused = null;
        while (refused == null && attempts < 100) {
            Response r = signIn("nobody-" + attempts, "guess", address);
            if (r.status() == 429) {
                refused = r;
            } else {
                assertThat(r.status()).isEqualTo(401);
                attempts++;
            }
        }
        // 30 at once, plus the few that refill (one each 2 s) while the slow password checks run.
        assertThat(attempts).isBetween(30, 45);
        assertThat(refused.headers().firstValue("Retry-After")).isPresent();
        assertThat(refused.text()).contains("from your address");
        assertThat(signIn(username, PASSWORD, "10.99.1.1").status()).isEqualTo(200);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM audit_event WHERE type = 'SIGN_IN' AND ip = ? "
                                + "AND details LIKE '%rate_limited%'")
                        .param(address)
                        .query(Long.class)
                        .single())
                .isEqualTo(1);
    }

    @Test
    void tenWrongSecondFactorCodesLockTheAccount() {
        String username = newUserWithPassword(org, PASSWORD, false);
        BrowserSession session = login(username, PASSWORD);
        String secret = withCookie(session, "POST", "/api/v1/auth/second-factor/setup", null, true)
                .json()
                .get("secret")
                .asString();
        withCookie(
                session,
                "POST",
                "/api/v1/auth/second-factor/confirm",
                Map.of("code", TotpCodes.at(secret, clock.millis())),
                true);
        int wrong = 0;
        while (wrong < 10) {
            String challenge =
                    signIn(username, PASSWORD, address).json().get("challenge").asString();
            for (int i = 0; i < 5 && wrong < 10; i++, wrong++) {
                assertThat(post(
                                        null,
                                        "/api/v1/auth/login/second-factor",
                                        Map.of("challenge", challenge, "code", "abc" + wrong))
                                .status())
                        .isEqualTo(401);
            }
        }
        String challenge =
                signIn(username, PASSWORD, address).json().get("challenge").asString();
        Response locked = post(
                null,
                "/api/v1/auth/login/second-factor",
                Map.of("challenge", challenge, "code", TotpCodes.at(secret, clock.millis() + 30_000)));
        assertThat(locked.status()).isEqualTo(429);
        assertThat(locked.json().get("detail").asString()).contains("Too many wrong codes");
    }

    @Test
    void sendsBeyondTheUsersRateAreRefusedWithRetryAfterNothingIsStoredAndOthersAreServed() {
        Staff fast = newStaff(org, Role.CLINICIAN, "Fast Fingers");
        Staff other = newStaff(org, Role.NURSE, "Other Nurse");
        String flood = direct(fast, other);
        String calm = group(other, newStaff(org, Role.STAFF, "Calm Colleague"));
        int accepted = 0;
        Response refused = null;
        for (int i = 0; i < 200 && refused == null; i++) {
            Response r = post(
                    fast,
                    "/api/v1/conversations/" + flood + "/messages",
                    Map.of("clientMsgId", "f-" + i, "body", "message " + i));
            if (r.status() == 201) {
                accepted++;
            } else {
                refused = r;
            }
        }
        assertThat(accepted)
                .as("120 at once plus the two a second that refill meanwhile")
                .isBetween(120, 140);
        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.json().get("detail").asString()).contains("nothing was sent");
        long refusalRuns = 1;
        try (WsClient socket = connect(fast)) {
            for (int i = 0; i < 20; i++) {
                socket.send(Map.of(
                        "type", "send", "id", "ws-" + i, "c", flood, "clientMsgId", "f-ws-" + i, "body", "over ws"));
            }
            JsonNode limited = socket.await(
                    f -> "result".equals(f.get("type").asString())
                            && !f.get("ok").asBoolean(),
                    10);
            assertThat(limited.get("status").asInt()).isEqualTo(429);
            assertThat(limited.get("retryAfter").asLong()).isPositive();
            socket.await(
                    f -> "result".equals(f.get("type").asString())
                            && "ws-19".equals(f.get("id").asString()),
                    10);
            accepted += (int) socket.frames("result").stream()
                    .filter(f -> f.get("ok").asBoolean())
                    .count();
            // A flood is audited once per run of refusals, not once per refused send. A send the refill let through
            // in between (two a second) starts a new run.
            boolean lastAllowed = false;
            for (JsonNode result : socket.frames("result")) {
                if (!result.get("ok").asBoolean() && lastAllowed) {
                    refusalRuns++;
                }
                lastAllowed = result.get("ok").asBoolean();
            }
        }
        assertThat(jdbc.sql("SELECT COUNT(*) FROM message WHERE conversation_id = ? AND kind = 'text'")
                        .param(flood)
                        .query(Long.class)
                        .single())
                .as("exactly the accepted ones are stored")
                .isEqualTo(accepted);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM audit_event WHERE type = 'MESSAGE_SENT' AND outcome = 'refused' "
                                + "AND actor_id = ?")
                        .param(fast.id())
                        .query(Long.class)
                        .single())
                .isEqualTo(refusalRuns);

        long start = System.nanoTime();
        for (int i = 0; i < 20; i++) {
            sendText(other, calm, "unhurried " + i);
        }
        assertThat((System.nanoTime() - start) / 20 / 1_000_000)
                .as("ms per send for another user")
                .isLessThan(500);
        // A retry of a message stored before the limit is still answered with the original.
        Response retry = post(
                fast,
                "/api/v1/conversations/" + flood + "/messages",
                Map.of("clientMsgId", "f-3", "body", "message 3"));
        assertThat(retry.status()).isEqualTo(200);
        assertThat(retry.json().get("duplicate").asBoolean()).isTrue();
    }

    @Test
    void uploadsBeyondTheUsersRateAreRefusedWithRetryAfterAndNothingIsStored() throws java.io.IOException {
        Staff busy = newStaff(org, Role.CLINICIAN, "Busy Photographer");
        Staff other = newStaff(org, Role.NURSE, "Other Nurse");
        String chat = direct(busy, other);
        java.io.ByteArrayOutputStream png = new java.io.ByteArrayOutputStream();
        javax.imageio.ImageIO.write(
                new java.awt.image.BufferedImage(8, 8, java.awt.image.BufferedImage.TYPE_INT_RGB), "png", png);
        int accepted = 0;
        Response refused = null;
        for (int i = 0; i < 80 && refused == null; i++) {
            Response r = upload(busy, chat, png.toByteArray());
            if (r.status() == 201) {
                accepted++;
                // Sent at once, so the limit on unsent uploads is not what stops them.
                assertThat(post(
                                        busy,
                                        "/api/v1/conversations/" + chat + "/messages",
                                        Map.of(
                                                "clientMsgId",
                                                "u-" + i,
                                                "body",
                                                "photo " + i,
                                                "attachments",
                                                List.of(r.json().get("id").asString())))
                                .status())
                        .isEqualTo(201);
            } else {
                refused = r;
            }
        }
        assertThat(accepted).as("60 at once plus one every 10 s meanwhile").isBetween(60, 63);
        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.headers().firstValue("Retry-After")).isPresent();
        assertThat(refused.json().get("detail").asString())
                .startsWith("You are uploading faster than allowed; " + "nothing was stored.");
        assertThat(jdbc.sql("SELECT COUNT(*) FROM attachment WHERE uploaded_by = ?")
                        .param(busy.id())
                        .query(Long.class)
                        .single())
                .isEqualTo(accepted);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM audit_event WHERE type = 'ATTACHMENT_UPLOADED' AND outcome = "
                                + "'refused' AND actor_id = ?")
                        .param(busy.id())
                        .query(Long.class)
                        .single())
                .isEqualTo(1);
        assertThat(upload(other, chat, png.toByteArray()).status())
                .as("another user")
                .isEqualTo(201);
    }

    @Test
    void publicContactFormsBeyondTheAddressOrNumberRateAreRefusedWithRetryAfterAndNothingIsStored() {
        int accepted = 0;
        Response refused = null;
        for (int i = 0; i < 12 && refused == null; i++) {
            Response r = contactForm("+4474120" + String.format("%05d", i), address);
            if (r.status() == 202) {
                accepted++;
            } else {
                refused = r;
            }
        }
        assertThat(accepted).as("ten an hour from one address").isEqualTo(10);
        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.headers().firstValue("Retry-After")).isPresent();
        assertThat(refused.json().get("detail").asString())
                .startsWith("Too many contact forms were sent; nothing was stored.");
        String number = "+447412099999";
        int forNumber = 0;
        for (int i = 0; i < 4; i++) {
            Response r = contactForm(number, "10.78." + i + ".1");
            forNumber += r.status() == 202 ? 1 : 0;
            if (i == 3) {
                assertThat(r.status()).as("a fourth naming the same number").isEqualTo(429);
            }
        }
        assertThat(forNumber).isEqualTo(3);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM contact_request WHERE org_id = ?")
                        .param(org.id())
                        .query(Long.class)
                        .single())
                .isEqualTo(13);
    }

    @Test
    void thePatientSignInPagesOptionsBeyondSixtyAMinuteFromOneAddressAreRefusedOnceAuditedAndOthersStillRead() {
        int answered = 0;
        Response refused = null;
        for (int i = 0; i < 70 && refused == null; i++) {
            Response r = signInOptions(address);
            if (r.status() == 200) {
                answered++;
            } else {
                refused = r;
            }
        }
        assertThat(answered).as("sixty a minute from one address").isEqualTo(60);
        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.headers().firstValue("Retry-After")).isPresent();
        assertThat(refused.json().get("detail").asString()).startsWith("Too many requests from your address");
        assertThat(signInOptions(address).status()).isEqualTo(429);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM audit_event WHERE type = 'ACCESS_DENIED' AND outcome = 'refused' "
                                + "AND ip = ?")
                        .param(address)
                        .query(Long.class)
                        .single())
                .as("the first refusal of the run is audited, the rest counted")
                .isEqualTo(1);
        assertThat(signInOptions("10.79.0.1").status()).as("another address").isEqualTo(200);
    }

    @Test
    void ehrLaunchesBeyondSixtyAMinuteFromOneAddressAreRefusedBeforeAnyStateIsStored() {
        String launch = "/api/v1/public/fhir/launch?iss=https%3A%2F%2Fehr.invalid%2Ffhir&launch=x";
        int answered = 0;
        Response refused = null;
        for (int i = 0; i < 70 && refused == null; i++) {
            Response r = publicRead(launch, address);
            if (r.status() == 404) {
                answered++; // no organisation is connected to that EHR: answered, nothing stored
            } else {
                refused = r;
            }
        }
        assertThat(answered).as("sixty a minute from one address").isEqualTo(60);
        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.headers().firstValue("Retry-After")).isPresent();
        assertThat(publicRead(launch, "10.79.0.3").status())
                .as("another address")
                .isEqualTo(404);
    }

    @Test
    void theStaffSignInPagesProvidersBeyondSixtyAMinuteFromOneAddressAreRefusedOnceAuditedAndOthersStillRead() {
        int answered = 0;
        Response refused = null;
        for (int i = 0; i < 70 && refused == null; i++) {
            Response r = publicRead("/api/v1/public/sso", address);
            if (r.status() == 200) {
                answered++;
            } else {
                refused = r;
            }
        }
        assertThat(answered).as("sixty a minute from one address").isEqualTo(60);
        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.headers().firstValue("Retry-After")).isPresent();
        assertThat(refused.json().get("detail").asString()).startsWith("Too many requests from your address");
        assertThat(publicRead("/api/v1/public/sso", address).status()).isEqualTo(429);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM audit_event WHERE type = 'ACCESS_DENIED' AND outcome = 'refused' "
                                + "AND ip = ?")
                        .param(address)
                        .query(Long.class)
                        .single())
                .as("the first refusal of the run is audited, the rest counted")
                .isEqualTo(1);
        assertThat(publicRead("/api/v1/public/sso", "10.79.0.2").status())
                .as("another address")
                .isEqualTo(200);
        assertThat(signInOptions(address).status())
                .as("the patient sign-in page's options have their own bucket")
                .isEqualTo(200);
    }

    Response signInOptions(String from) {
        return publicRead("/api/v1/public/patient-sign-in", from);
    }

    Response publicRead(String path, String from) {
        return send(HttpRequest.newBuilder(URI.create(url(path)))
                .header("X-Forwarded-For", from)
                .GET()
                .build());
    }

    Response contactForm(String mobile, String from) {
        return send(HttpRequest.newBuilder(URI.create(url("/api/v1/public/contact-form/" + org.id())))
                .header("Content-Type", "application/json")
                .header("X-Forwarded-For", from)
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(Map.of(
                        "givenName", "Rate",
                        "familyName", "Limited",
                        "birthDate", "1970-01-01",
                        "mobile", mobile,
                        "text", "Please call"))))
                .build());
    }

    Response upload(Staff as, String conversation, byte[] content) {
        return send(HttpRequest.newBuilder(URI.create(url("/api/v1/conversations/" + conversation + "/attachments")))
                .header("Authorization", "Bearer " + as.token())
                .header("X-File-Name", "photo.png")
                .POST(HttpRequest.BodyPublishers.ofByteArray(content))
                .build());
    }

    @Test
    void aSocketFloodingFramesIsClosedWithPolicyViolationAndTheRefusalAudited() {
        Staff flooder = newStaff(org, Role.STAFF, "Frame Flooder");
        try (WsClient socket = connect(flooder)) {
            for (int i = 0; i < 450 && !socket.isClosed(); i++) {
                socket.send(Map.of("type", "ping", "id", "p" + i));
            }
            assertThat(socket.awaitClose(10)).isEqualTo(1008);
            assertThat(socket.frames("pong").size())
                    .as("answered before the close")
                    .isLessThan(450);
        } catch (RuntimeException sendAfterClose) {
            assertThat(sendAfterClose).hasStackTraceContaining("closed");
        }
        assertThat(jdbc.sql("SELECT COUNT(*) FROM audit_event WHERE type = 'ACCESS_DENIED' AND actor_id = ? "
                                + "AND details LIKE '%rate_limited%'")
                        .param(flooder.id())
                        .query(Long.class)
                        .single())
                .isEqualTo(1);
        assertThat(get(flooder, "/api/v1/auth/me").status())
                .as("the session itself stays valid")
                .isEqualTo(200);
    }
}
