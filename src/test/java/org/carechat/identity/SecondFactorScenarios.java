package org.carechat.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.carechat.org.Organisation;
import org.carechat.testing.BrowserSession;
import org.carechat.testing.MutableClock;
import org.carechat.testing.Response;
import org.carechat.testing.ServerTest;
import org.carechat.testing.Staff;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/** TOTP second factor: set-up, two-step sign-in, one use per code, recovery codes, organisation requirement. */
abstract class SecondFactorScenarios extends ServerTest {

    @Autowired
    MutableClock clock;

    @Autowired
    JdbcClient jdbc;

    Organisation org;
    Staff admin;

    @BeforeEach
    void organisation() {
        org = newOrg();
        admin = newStaff(org, Role.ADMIN, "Ada Admin");
    }

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    record Enrolled(String username, String secret, List<String> recoveryCodes) {}

    /** A user who set up TOTP from a browser session; the code used to confirm it is spent. */
    Enrolled enrolled() {
        String username = newUserWithPassword(org, PASSWORD, false);
        BrowserSession session = login(username, PASSWORD);
        JsonNode setup = withCookie(session, "POST", "/api/v1/auth/second-factor/setup", null, true)
                .json();
        String secret = setup.get("secret").asString();
        assertThat(setup.get("otpauthUri").asString())
                .startsWith("otpauth://totp/CareChat%3A" + username + "?secret=" + secret)
                .contains("issuer=CareChat", "digits=6", "period=30");
        Response confirmed = withCookie(
                session,
                "POST",
                "/api/v1/auth/second-factor/confirm",
                Map.of("code", TotpCodes.at(secret, clock.millis())),
                true);
        assertThat(confirmed.status()).as(confirmed.text()).isEqualTo(200);
        List<String> codes = new ArrayList<>();
        confirmed.json().get("recoveryCodes").forEach(c -> codes.add(c.asString()));
        return new Enrolled(username, secret, codes);
    }

    Response answer(String challenge, String code) {
        return post(null, "/api/v1/auth/login/second-factor", Map.of("challenge", challenge, "code", code));
    }

    @Test
    void afterSetUpASignInNeedsThePasswordThenACodeAndOnlyThenSetsTheCookie() {
        Enrolled user = enrolled();
        assertThat(user.recoveryCodes())
                .hasSize(10)
                .doesNotHaveDuplicates()
                .allMatch(c -> c.matches("[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}"));

        BrowserSession first = login(user.username(), PASSWORD);
        assertThat(first.response().status()).isEqualTo(200);
        assertThat(first.cookie()).isNull();
        assertThat(first.response().json().get("secondFactorRequired").asBoolean())
                .isTrue();
        assertThat(first.response().json().has("user")).isFalse();
        String challenge = first.response().json().get("challenge").asString();

        Response wrong = answer(challenge, "000000".equals(next(user)) ? "111111" : "000000");
        assertThat(wrong.status()).isEqualTo(401);
        assertThat(wrong.json().get("detail").asString()).isEqualTo("That code is not right; 4 tries left");

        Response right = answer(challenge, next(user));
        assertThat(right.status()).as(right.text()).isEqualTo(200);
        assertThat(right.json().get("user").get("username").asString()).isEqualTo(user.username());
        assertThat(jdbc.sql("SELECT COUNT(*) FROM audit_event WHERE type = 'SIGN_IN' AND outcome = 'success' "
                                + "AND details LIKE '%totp%' AND actor_id = ?")
                        .param(right.json().get("user").get("id").asString())
                        .query(Long.class)
                        .single())
                .isEqualTo(1);
        assertThat(answer(challenge, next(user)).status())
                .as("a challenge answers once")
                .isEqualTo(401);
    }

    @Test
    void eachCodeSignsInOnceOnly() {
        Enrolled user = enrolled();
        String code = next(user);
        assertThat(answer(challenge(user), code).status()).isEqualTo(200);
        Response replay = answer(challenge(user), code);
        assertThat(replay.status()).isEqualTo(401);
    }

    @Test
    void aRecoveryCodeSignsInOnceTypedWithOrWithoutItsDashes() {
        Enrolled user = enrolled();
        String recovery = user.recoveryCodes().get(3);
        assertThat(answer(challenge(user), recovery.toUpperCase().replace("-", ""))
                        .status())
                .isEqualTo(200);
        assertThat(answer(challenge(user), recovery).status()).isEqualTo(401);
        assertThat(answer(challenge(user), user.recoveryCodes().get(4)).status())
                .isEqualTo(200);
    }

    @Test
    void aChallengeEndsAfterFiveMinutesOrFiveWrongCodes() {
        Enrolled user = enrolled();
        String patient = challenge(user);
        for (int i = 0; i < 5; i++) {
            assertThat(answer(patient, "99999" + i).status()).isEqualTo(401);
        }
        Response exhausted = answer(patient, next(user));
        assertThat(exhausted.status()).isEqualTo(401);
        assertThat(exhausted.json().get("detail").asString()).contains("sign in again with your password");

        String slow = challenge(user);
        clock.advance(Duration.ofMinutes(5).plusSeconds(1));
        assertThat(answer(slow, TotpCodes.at(user.secret(), clock.millis())).status())
                .isEqualTo(401);
    }

    @Test
    void aDeviceTokenSignInNeedsTheCodeToo() {
        Enrolled user = enrolled();
        Response first = post(
                null,
                "/api/v1/auth/token",
                Map.of("username", user.username(), "password", PASSWORD, "deviceName", "ward phone"));
        assertThat(first.json().has("token")).isFalse();
        String challenge = first.json().get("challenge").asString();
        assertThat(answer(challenge, next(user)).status())
                .as("a device challenge does not give a browser session")
                .isEqualTo(400);
        Response token =
                post(null, "/api/v1/auth/token/second-factor", Map.of("challenge", challenge, "code", next(user)));
        assertThat(token.status()).as(token.text()).isEqualTo(200);
        assertThat(get(new Staff(null, token.json().get("token").asString()), "/api/v1/auth/me")
                        .status())
                .isEqualTo(200);
    }

    @Test
    void anOrganisationRequiringASecondFactorLetsItsStaffDoNothingButSetOneUp() {
        Staff nurse = newStaff(org, Role.NURSE, "Nina");
        assertThat(call(nurse, "PATCH", "/api/v1/orgs/current", Map.of("requireSecondFactor", true))
                        .status())
                .isEqualTo(403);
        Response changed = call(admin, "PATCH", "/api/v1/orgs/current", Map.of("requireSecondFactor", true));
        assertThat(changed.status()).isEqualTo(200);
        assertThat(changed.json().get("requireSecondFactor").asBoolean()).isTrue();
        assertThat(jdbc.sql("SELECT COUNT(*) FROM audit_event WHERE type = 'SETTINGS_CHANGED' AND org_id = ? "
                                + "AND outcome = 'success'")
                        .param(org.id())
                        .query(Long.class)
                        .single())
                .isEqualTo(1);

        String username = newUserWithPassword(org, PASSWORD, false);
        BrowserSession session = login(username, PASSWORD);
        assertThat(session.response().json().get("mustEnrolSecondFactor").asBoolean())
                .isTrue();
        Response blocked = withCookie(session, "GET", "/api/v1/inbox", null, false);
        assertThat(blocked.status()).isEqualTo(403);
        assertThat(blocked.json().get("detail").asString()).contains("requires a second factor");
        assertThat(withCookie(session, "GET", "/api/v1/auth/me", null, false)
                        .json()
                        .get("mustEnrolSecondFactor")
                        .asBoolean())
                .isTrue();

        String secret = withCookie(session, "POST", "/api/v1/auth/second-factor/setup", null, true)
                .json()
                .get("secret")
                .asString();
        assertThat(withCookie(
                                session,
                                "POST",
                                "/api/v1/auth/second-factor/confirm",
                                Map.of("code", TotpCodes.at(secret, clock.millis())),
                                true)
                        .status())
                .isEqualTo(200);
        assertThat(withCookie(session, "GET", "/api/v1/inbox", null, false).status())
                .isEqualTo(200);
        Response remove = withCookie(
                session,
                "POST",
                "/api/v1/auth/second-factor/remove",
                Map.of("code", TotpCodes.at(secret, clock.millis() + 30_000)),
                true);
        assertThat(remove.status()).isEqualTo(403);
    }

    @Test
    void anAdminResetsALostSecondFactorAndTheUserSignsInWithThePasswordAlone() {
        Enrolled user = enrolled();
        String userId = jdbc.sql("SELECT id FROM app_user WHERE username = ?")
                .param(user.username())
                .query(String.class)
                .single();
        Staff colleague = newStaff(org, Role.CLINICIAN, "Carl");
        assertThat(post(colleague, "/api/v1/users/" + userId + "/second-factor/reset", null)
                        .status())
                .isEqualTo(403);
        assertThat(post(admin, "/api/v1/users/" + userId + "/second-factor/reset", null)
                        .status())
                .isEqualTo(204);
        BrowserSession session = login(user.username(), PASSWORD);
        assertThat(session.cookie()).isNotNull();
        assertThat(session.response().json().get("mustEnrolSecondFactor").asBoolean())
                .isFalse();
    }

    @Test
    void theSecretIsStoredSealedNeverInTheClear() {
        Enrolled user = enrolled();
        String stored = jdbc.sql("SELECT totp_secret FROM app_user WHERE username = ?")
                .param(user.username())
                .query(String.class)
                .single();
        assertThat(stored).isNotBlank().doesNotContain(user.secret());
        assertThat(jdbc.sql("SELECT code_hash FROM recovery_code rc JOIN app_user u ON u.id = rc.user_id "
                                + "WHERE u.username = ?")
                        .param(user.username())
                        .query(String.class)
                        .list())
                .hasSize(10)
                .noneMatch(h -> user.recoveryCodes().stream().anyMatch(c -> h.contains(c.replace("-", ""))));
    }

    String challenge(Enrolled user) {
        return challenge(user, false);
    }

    String challenge(Enrolled user, boolean device) {
        Response r = device
                ? post(
                        null,
                        "/api/v1/auth/token",
                        Map.of("username", user.username(), "password", PASSWORD, "deviceName", "phone"))
                : login(user.username(), PASSWORD).response();
        return r.json().get("challenge").asString();
    }

    /** A code for the next 30-second step (the current one was spent confirming the set-up). */
    String next(Enrolled user) {
        return TotpCodes.at(user.secret(), clock.millis() + 30_000);
    }
}
