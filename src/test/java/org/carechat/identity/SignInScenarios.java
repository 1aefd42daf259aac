package org.carechat.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
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

/** Password sign-in, cookies with CSRF, device tokens, one-time passwords, sign-out, time-outs and disabling. */
@Timeout(60)
abstract class SignInScenarios extends ServerTest {

    @Autowired
    MutableClock clock;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    OperatorAccounts operatorAccounts;

    Organisation org;
    Staff admin;

    @BeforeEach
    void setUp() {
        org = newOrg();
        admin = newStaff(org, Role.ADMIN, "Ada Admin");
    }

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    String newUserWithPassword(boolean mustChange) {
        return newUserWithPassword(org, PASSWORD, mustChange);
    }

    @Test
    void passwordSignInSetsAHardenedCookieAndCookieCallsThatChangeDataNeedTheCsrfHeader() {
        String username = newUserWithPassword(false);
        BrowserSession s = login(username, PASSWORD);

        assertThat(s.response().status()).isEqualTo(200);
        assertThat(s.cookie())
                .startsWith("__Host-carechat_session=cc_")
                .contains("HttpOnly")
                .contains("Secure")
                .contains("SameSite=Strict")
                .contains("Path=/");
        assertThat(withCookie(s, "GET", "/api/v1/auth/me", null, false).status())
                .isEqualTo(200);

        Map<String, Object> group = Map.of("kind", "group", "audience", "staff", "memberIds", List.of(admin.id()));
        Response without = withCookie(s, "POST", "/api/v1/conversations", group, false);
        assertThat(without.status()).isEqualTo(403);
        assertThat(without.json().get("detail").asString()).contains("X-CSRF-Token");
        assertThat(withCookie(s, "POST", "/api/v1/conversations", group, true).status())
                .isEqualTo(201);
    }

    @Test
    void wrongPasswordAndUnknownUserGetTheSameAnswerAndBothAreAuditedAsRefused() {
        String username = newUserWithPassword(false);
        BrowserSession wrong = login(username, "not the password at all");
        BrowserSession unknown = login("nobody-" + UUID.randomUUID(), PASSWORD);

        assertThat(wrong.response().status()).isEqualTo(401);
        assertThat(unknown.response().status()).isEqualTo(401);
        assertThat(wrong.response().json().get("detail").asString())
                .isEqualTo(unknown.response().json().get("detail").asString())
                .isEqualTo(SignInService.WRONG_CREDENTIALS);
        User user = users.search(new CurrentUser(admin.id(), org.id(), "a", Role.ADMIN, false, "d", "ip"), "Pat Person")
                .getFirst();
        long refused = jdbc.sql("SELECT COUNT(*) FROM audit_event WHERE type = 'SIGN_IN' AND outcome = 'refused' "
                        + "AND actor_id = ?")
                .param(user.id())
                .query(Long.class)
                .single();
        assertThat(refused).isEqualTo(1);
    }

    @Test
    void aOneTimePasswordAllowsOnlyChoosingANewOne() {
        String username = newUserWithPassword(true);
        BrowserSession s = login(username, PASSWORD);
        assertThat(s.response().json().get("mustChangePassword").asBoolean()).isTrue();

        Response blocked = withCookie(s, "GET", "/api/v1/inbox", null, false);
        assertThat(blocked.status()).isEqualTo(403);
        assertThat(blocked.json().get("detail").asString()).contains("password");

        Response weak = withCookie(
                s, "POST", "/api/v1/auth/password", Map.of("currentPassword", PASSWORD, "newPassword", "short"), true);
        assertThat(weak.status()).isEqualTo(400);
        assertThat(weak.json().get("detail").asString()).contains("at least 12 characters");

        Response changed = withCookie(
                s,
                "POST",
                "/api/v1/auth/password",
                Map.of("currentPassword", PASSWORD, "newPassword", "my own new passphrase"),
                true);
        assertThat(changed.status()).isEqualTo(204);
        assertThat(withCookie(s, "GET", "/api/v1/inbox", null, false).status()).isEqualTo(200);
        assertThat(login(username, PASSWORD).response().status()).isEqualTo(401);
        assertThat(login(username, "my own new passphrase").response().status()).isEqualTo(200);
    }

    @Test
    void aCommonOrBreachedPasswordOrOneMadeOfTheUsernameIsRefusedWhereverAPasswordIsChosen() {
        String username = newUserWithPassword(false);
        BrowserSession s = login(username, PASSWORD);
        for (String common : List.of("password1234", "QwertyUiop123", "123456789012", "passwordpassword")) {
            Response refused = withCookie(
                    s,
                    "POST",
                    "/api/v1/auth/password",
                    Map.of("currentPassword", PASSWORD, "newPassword", common),
                    true);
            assertThat(refused.status()).as(common).isEqualTo(400);
            assertThat(refused.json().get("detail").asString()).contains("too easy to guess");
        }
        for (String contextual : List.of("aaaaaaaaaaaaaa", "my carechat password", "it is " + username + " again")) {
            assertThat(withCookie(
                                    s,
                                    "POST",
                                    "/api/v1/auth/password",
                                    Map.of("currentPassword", PASSWORD, "newPassword", contextual),
                                    true)
                            .status())
                    .as(contextual)
                    .isEqualTo(400);
        }
        Response created = post(
                admin,
                "/api/v1/users",
                Map.of(
                        "username", "c" + username,
                        "displayName", "Common Choice",
                        "role", "nurse",
                        "password", "qwerty123456"));
        assertThat(created.status()).isEqualTo(400);
        assertThat(created.json().get("detail").asString()).contains("too easy to guess");
        assertThat(login(username, PASSWORD).response().status())
                .as("the old password still works")
                .isEqualTo(200);
    }

    @Test
    void changingThePasswordEndsTheAccountsOtherSessionsAndTokensAndClosesTheirSockets() {
        String username = newUserWithPassword(false);
        BrowserSession here = login(username, PASSWORD);
        BrowserSession elsewhere = login(username, PASSWORD);
        Staff device = new Staff(
                null,
                post(
                                null,
                                "/api/v1/auth/token",
                                Map.of("username", username, "password", PASSWORD, "deviceName", "phone"))
                        .json()
                        .get("token")
                        .asString());
        try (WsClient socket = connect(device)) {
            socket.send(Map.of("type", "resume"));
            socket.awaitType("sync_complete", 10);
            assertThat(withCookie(
                                    here,
                                    "POST",
                                    "/api/v1/auth/password",
                                    Map.of(
                                            "currentPassword",
                                            PASSWORD,
                                            "newPassword",
                                            "a fresh and private passphrase"),
                                    true)
                            .status())
                    .isEqualTo(204);
            assertThat(socket.awaitClose(2)).isEqualTo(1008);
        }
        assertThat(get(device, "/api/v1/auth/me").status())
                .as("the device token")
                .isEqualTo(401);
        assertThat(withCookie(elsewhere, "GET", "/api/v1/auth/me", null, false).status())
                .as("the other browser session")
                .isEqualTo(401);
        assertThat(withCookie(here, "GET", "/api/v1/auth/me", null, false).status())
                .as("the session that changed it")
                .isEqualTo(200);
    }

    @Test
    void aOneTimePasswordExpiresAfterSeventyTwoHoursAndTheOperatorCanIssueANewOne() {
        String fresh = newUserWithPassword(true);
        String stale = newUserWithPassword(true);
        clock.advance(java.time.Duration.ofHours(71));
        assertThat(login(fresh, PASSWORD).response().status())
                .as("within 72 hours")
                .isEqualTo(200);
        clock.advance(java.time.Duration.ofHours(2));
        Response expired = login(stale, PASSWORD).response();
        assertThat(expired.status()).isEqualTo(401);
        assertThat(expired.json().get("detail").asString()).contains("expired");
        assertThat(login(stale, "not the password at all")
                        .response()
                        .json()
                        .get("detail")
                        .asString())
                .as("a wrong password learns nothing of the expiry")
                .isEqualTo(SignInService.WRONG_CREDENTIALS);

        operatorAccounts.resetPassword(org.id(), stale, "a new one-time passphrase");
        BrowserSession again = login(stale, "a new one-time passphrase");
        assertThat(again.response().status()).isEqualTo(200);
        assertThat(again.response().json().get("mustChangePassword").asBoolean())
                .isTrue();
        assertThat(jdbc.sql("SELECT COUNT(*) FROM audit_event WHERE type = 'SIGN_IN' AND outcome = 'refused' "
                                + "AND details LIKE '%one_time_password_expired%' AND org_id = ?")
                        .param(org.id())
                        .query(Long.class)
                        .single())
                .isEqualTo(1);
    }

    @Test
    void aUsernameOfAnotherOrganisationIsFreeHereSoItCannotBeFoundOutAndSignInTellsTheTwoApartByOrganisation() {
        Organisation other = newOrg();
        Staff otherAdmin = newStaff(other, Role.ADMIN, "Other Admin");
        String name = "jsmith" + java.util.UUID.randomUUID().toString().substring(0, 8);
        Map<String, Object> theirs = Map.of(
                "username", name, "displayName", "J Smith", "role", "nurse", "password", "their own long passphrase");
        assertThat(post(otherAdmin, "/api/v1/users", theirs).status()).isEqualTo(201);

        Map<String, Object> ours = Map.of(
                "username",
                name,
                "displayName",
                "Jo Smith",
                "role",
                "clinician",
                "password",
                "our own long passphrase");
        Response created = post(admin, "/api/v1/users", ours);
        assertThat(created.status())
                .as("taken only in another organisation: as free as any name")
                .isEqualTo(201);
        Response again = post(admin, "/api/v1/users", ours);
        assertThat(again.status()).as("taken here").isEqualTo(409);

        Response ambiguous =
                post(null, "/api/v1/auth/login", Map.of("username", name, "password", "our own long passphrase"));
        Response unknown =
                post(null, "/api/v1/auth/login", Map.of("username", name + "x", "password", "our own long passphrase"));
        assertThat(ambiguous.status()).isEqualTo(401);
        assertThat(ambiguous.json().get("detail")).isEqualTo(unknown.json().get("detail"));
        assertThat(post(
                                null,
                                "/api/v1/auth/login",
                                Map.of(
                                        "username",
                                        name,
                                        "password",
                                        "our own long passphrase",
                                        "organisation",
                                        org.name()))
                        .status())
                .isEqualTo(200);
        assertThat(post(
                                null,
                                "/api/v1/auth/login",
                                Map.of(
                                        "username",
                                        name,
                                        "password",
                                        "their own long passphrase",
                                        "organisation",
                                        other.id()))
                        .status())
                .isEqualTo(200);
        assertThat(post(
                                null,
                                "/api/v1/auth/login",
                                Map.of(
                                        "username",
                                        name,
                                        "password",
                                        "their own long passphrase",
                                        "organisation",
                                        org.name()))
                        .status())
                .as("one organisation's password does not open the other's account")
                .isEqualTo(401);
    }

    @Test
    void signingOutRevokesTheTokenAndClosesItsOpenSocketWithinASecond() {
        String username = newUserWithPassword(false);
        Response issued = post(
                null,
                "/api/v1/auth/token",
                Map.of("username", username, "password", PASSWORD, "deviceName", "ward phone"));
        assertThat(issued.status()).isEqualTo(200);
        Staff device = new Staff(null, issued.json().get("token").asString());

        try (WsClient socket = connect(device)) {
            socket.send(Map.of("type", "resume"));
            socket.awaitType("sync_complete", 10);
            assertThat(post(device, "/api/v1/auth/logout", null).status()).isEqualTo(204);
            assertThat(socket.awaitClose(1)).isEqualTo(1008);
        }
        assertThat(get(device, "/api/v1/auth/me").status()).isEqualTo(401);
    }

    @Test
    void aBrowserSessionIdlesOutButADeviceTokenLastsLonger() {
        String username = newUserWithPassword(false);
        BrowserSession s = login(username, PASSWORD);
        Response token = post(
                null, "/api/v1/auth/token", Map.of("username", username, "password", PASSWORD, "deviceName", "desk"));
        Staff device = new Staff(null, token.json().get("token").asString());

        clock.advance(Duration.ofMinutes(31));

        Response expired = withCookie(s, "GET", "/api/v1/auth/me", null, false);
        assertThat(expired.status()).isEqualTo(401);
        assertThat(expired.json().get("detail").asString()).contains("expired");
        assertThat(get(device, "/api/v1/auth/me").status()).isEqualTo(200);
    }

    @Test
    void disablingAnAccountEndsItsSessionsAndClosesItsSockets() {
        Staff nurse = newStaff(org, Role.NURSE, "Nina Nurse");
        try (WsClient socket = connect(nurse)) {
            socket.send(Map.of("type", "resume"));
            socket.awaitType("sync_complete", 10);
            Response disabled = call(admin, "PATCH", "/api/v1/users/" + nurse.id(), Map.of("disabled", true));
            assertThat(disabled.status()).isEqualTo(200);
            assertThat(socket.awaitClose(1)).isEqualTo(1008);
        }
        assertThat(get(nurse, "/api/v1/inbox").status()).isEqualTo(401);
    }

    @Test
    void anAdminEndsEverySessionOfAStaffMemberAndTheirSocketsClose() {
        Staff nurse = newStaff(org, Role.NURSE, "Nina Nurse");
        Staff colleague = newStaff(org, Role.CLINICIAN, "Carl Colleague");
        try (WsClient socket = connect(nurse)) {
            socket.send(Map.of("type", "resume"));
            socket.awaitType("sync_complete", 10);
            assertThat(post(colleague, "/api/v1/users/" + nurse.id() + "/sessions/end", null)
                            .status())
                    .isEqualTo(403);
            assertThat(post(admin, "/api/v1/users/" + nurse.id() + "/sessions/end", null)
                            .status())
                    .isEqualTo(204);
            assertThat(socket.awaitClose(1)).isEqualTo(1008);
        }
        assertThat(get(nurse, "/api/v1/inbox").status()).isEqualTo(401);
        Staff stranger = newStaff(newOrg(), Role.ADMIN, "Other Admin");
        assertThat(post(stranger, "/api/v1/users/" + colleague.id() + "/sessions/end", null)
                        .status())
                .isEqualTo(404);
        assertThat(get(colleague, "/api/v1/inbox").status()).isEqualTo(200);
    }

    @Test
    void aUserListsTheirSessionsAndEndsAnother() {
        String username = newUserWithPassword(false);
        Response one = post(
                null, "/api/v1/auth/token", Map.of("username", username, "password", PASSWORD, "deviceName", "phone"));
        Response two = post(
                null, "/api/v1/auth/token", Map.of("username", username, "password", PASSWORD, "deviceName", "tablet"));
        Staff phone = new Staff(null, one.json().get("token").asString());
        Staff tablet = new Staff(null, two.json().get("token").asString());

        Response list = get(phone, "/api/v1/auth/tokens");
        assertThat(list.json()).hasSize(2);
        assertThat(list.text()).doesNotContain(phone.token()).doesNotContain(tablet.token());

        String tabletId = two.json().get("tokenId").asString();
        assertThat(call(phone, "DELETE", "/api/v1/auth/tokens/" + tabletId, null)
                        .status())
                .isEqualTo(204);
        assertThat(get(tablet, "/api/v1/auth/me").status()).isEqualTo(401);
        assertThat(get(phone, "/api/v1/auth/me").status()).isEqualTo(200);
        assertThat(call(
                                admin,
                                "DELETE",
                                "/api/v1/auth/tokens/"
                                        + one.json().get("tokenId").asString(),
                                null)
                        .status())
                .isEqualTo(404);
    }
}
