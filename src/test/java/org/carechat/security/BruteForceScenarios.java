package org.carechat.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.carechat.identity.TotpCodes;
import org.carechat.org.Organisation;
import org.carechat.testing.MutableClock;
import org.carechat.testing.Parallel;
import org.carechat.testing.Response;
import org.carechat.testing.ServerTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * T-RL-01, ASVS V6.3.1: guessing a secret is limited the same way on every route that checks one, and the limit holds
 * under parallel attempts — each attempt is reserved before its password or code is checked, so 40 at once are never
 * more than the limit checked, and the right secret after the lock-out is refused. Every request comes from its own
 * address (X-Forwarded-For through the trusted local proxy), so only the account's limits are at work.
 */
@Timeout(180)
abstract class BruteForceScenarios extends ServerTest {

    @Autowired
    MutableClock clock;

    @Autowired
    JdbcClient jdbc;

    Organisation org;
    String username;

    @BeforeEach
    void accountWithPassword() {
        org = newOrg();
        username = newUserWithPassword(org, PASSWORD, false);
    }

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    static String anyAddress() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        return "10." + r.nextInt(100, 200) + "." + r.nextInt(256) + "." + r.nextInt(1, 255);
    }

    Response postFrom(String path, Object body, String bearer) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url(path)))
                .header("Content-Type", "application/json")
                .header("X-Forwarded-For", anyAddress())
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
        if (bearer != null) {
            b.header("Authorization", "Bearer " + bearer);
        }
        return send(b.build());
    }

    Response token(String password) {
        return postFrom(
                "/api/v1/auth/token",
                Map.of("username", username, "password", password, "deviceName", "brute force test"),
                null);
    }

    /** Turns on a second factor for the account and returns its secret; {@code bearer} is a device token. */
    String enrolSecondFactor(String bearer) {
        String secret = postFrom("/api/v1/auth/second-factor/setup", Map.of(), bearer)
                .json()
                .get("secret")
                .asString();
        assertThat(postFrom(
                                "/api/v1/auth/second-factor/confirm",
                                Map.of("code", TotpCodes.at(secret, clock.millis())),
                                bearer)
                        .status())
                .isEqualTo(200);
        return secret;
    }

    static String wrongCode(String secret, long at) {
        String right = TotpCodes.at(secret, at);
        return right.equals("000000") ? "111111" : "000000";
    }

    @Test
    void fortyParallelWrongPasswordsAreAtMostTenCheckedAndTheRightPasswordAfterwardsIsRefused() {
        List<Response> answers = Parallel.run(40, i -> token("wrong password " + i));

        assertThat(answers).allSatisfy(r -> assertThat(r.status()).isIn(401, 429));
        assertThat(answers.stream().filter(r -> r.status() == 401).count())
                .as("wrong passwords checked")
                .isEqualTo(10);
        Response right = token(PASSWORD);
        assertThat(right.status()).as(right.text()).isEqualTo(429);
        assertThat(right.json().get("detail").asString()).contains("locked");
        assertThat(jdbc.sql("SELECT COUNT(*) FROM audit_event WHERE type = 'ACCOUNT_LOCKED' AND actor_id = "
                                + "(SELECT id FROM app_user WHERE username = ?)")
                        .param(username)
                        .query(Long.class)
                        .single())
                .isEqualTo(1);
    }

    @Test
    void fortyParallelWrongCodesOnOneSecondFactorChallengeAreAtMostFiveCheckedAndTheRightCodeIsThenRefused() {
        String secret = enrolSecondFactor(token(PASSWORD).json().get("token").asString());
        String challenge = token(PASSWORD).json().get("challenge").asString();
        long now = clock.millis() + 30_000;

        List<Response> answers = Parallel.run(
                40,
                i -> postFrom(
                        "/api/v1/auth/token/second-factor",
                        Map.of("challenge", challenge, "code", wrongCode(secret, now)),
                        null));

        assertThat(answers).allSatisfy(r -> assertThat(r.status()).isEqualTo(401));
        assertThat(answers.stream()
                        .filter(r -> r.json().get("detail").asString().startsWith("That code is not right"))
                        .count())
                .as("wrong codes checked")
                .isEqualTo(5);
        assertThat(postFrom(
                                "/api/v1/auth/token/second-factor",
                                Map.of("challenge", challenge, "code", TotpCodes.at(secret, now)),
                                null)
                        .status())
                .as("the right code on the used-up challenge")
                .isEqualTo(401);
    }

    @Test
    void removingTheSecondFactorSharesTheLockOutOfWrongCodes() {
        String bearer = token(PASSWORD).json().get("token").asString();
        String secret = enrolSecondFactor(bearer);
        long now = clock.millis() + 30_000;
        List<Response> answers = Parallel.run(
                40, i -> postFrom("/api/v1/auth/second-factor/remove", Map.of("code", wrongCode(secret, now)), bearer));
        assertThat(answers.stream().filter(r -> r.status() == 400).count())
                .as("wrong codes checked")
                .isEqualTo(10);
        assertThat(answers.stream().filter(r -> r.status() == 429).count()).isEqualTo(30);

        Response right =
                postFrom("/api/v1/auth/second-factor/remove", Map.of("code", TotpCodes.at(secret, now)), bearer);
        assertThat(right.status()).as(right.text()).isEqualTo(429);
        String challenge = token(PASSWORD).json().get("challenge").asString();
        assertThat(postFrom(
                                "/api/v1/auth/token/second-factor",
                                Map.of("challenge", challenge, "code", TotpCodes.at(secret, now)),
                                null)
                        .status())
                .as("the sign-in's second step is locked too")
                .isEqualTo(429);
    }

    @Test
    void changingThePasswordSharesTheSignInLockOut() {
        String bearer = token(PASSWORD).json().get("token").asString();
        List<Response> answers = Parallel.run(
                40,
                i -> postFrom(
                        "/api/v1/auth/password",
                        Map.of("currentPassword", "not my password " + i, "newPassword", "an entirely new passphrase"),
                        bearer));
        assertThat(answers.stream().filter(r -> r.status() == 401).count())
                .as("wrong current passwords checked")
                .isEqualTo(10);
        assertThat(answers.stream().filter(r -> r.status() == 429).count()).isEqualTo(30);

        Response right = postFrom(
                "/api/v1/auth/password",
                Map.of("currentPassword", PASSWORD, "newPassword", "an entirely new passphrase"),
                bearer);
        assertThat(right.status()).as(right.text()).isEqualTo(429);
        assertThat(token(PASSWORD).status()).as("sign-in is locked too").isEqualTo(429);
    }
}
