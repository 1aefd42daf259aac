package org.carechat.identity.sso;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jwt.SignedJWT;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.carechat.identity.Role;
import org.carechat.org.Organisation;
import org.carechat.testing.BrowserSession;
import org.carechat.testing.LogCapture;
import org.carechat.testing.Response;
import org.carechat.testing.ServerTest;
import org.carechat.testing.Staff;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Single sign-on against a real OpenID Connect provider running in-process: provisioning with the mapped role,
 * refusals (groups, MFA, accounts), and Spring Security's checks of state, nonce, signature, expiry and issuer.
 */
@Timeout(60)
abstract class SsoScenarios extends ServerTest {

    static OidcProvider PROVIDER;

    @Autowired
    JdbcClient jdbc;

    Organisation org;
    Staff admin;
    String subject;
    /** Each test has an issuer of its own at the provider, so no test can take another's queued sign-in. */
    String issuerId;

    @AfterAll
    static void stopProvider() {
        PROVIDER.close();
    }

    @org.junit.jupiter.api.BeforeAll
    static void startProvider() {
        PROVIDER = new OidcProvider();
    }

    @BeforeEach
    void setUp() {
        org = newOrg();
        admin = newStaff(org, Role.ADMIN, "Ada Admin");
        subject = "sub-" + UUID.randomUUID();
        issuerId = "hospital-" + subject.substring(4, 12);
    }

    Map<String, Object> settings(Map<String, Object> changes) {
        Map<String, Object> body = new HashMap<>(Map.of(
                "enabled",
                true,
                "displayName",
                "Hospital Login",
                "issuer",
                PROVIDER.issuer(issuerId),
                "clientId",
                OidcProvider.CLIENT_ID,
                "clientSecret",
                OidcProvider.CLIENT_SECRET,
                "groupsClaim",
                "groups",
                "groupRoles",
                Map.of("cc-nurses", "nurse", "cc-admins", "admin"),
                "provisionAccounts",
                true,
                "linkByEmail",
                false,
                "passwordSignInOff",
                false));
        body.put("requireMfa", false);
        body.putAll(changes);
        return body;
    }

    void configure(Map<String, Object> changes) {
        Response saved = call(admin, "PUT", "/api/v1/orgs/current/sso", settings(changes));
        assertThat(saved.status()).as(saved.text()).isEqualTo(200);
    }

    Map<String, Object> nurse() {
        return Map.of(
                "groups",
                List.of("cc-nurses", "unrelated"),
                "preferred_username",
                "nina." + subject.substring(4, 12),
                "name",
                "Nina Nurse");
    }

    /** Where a browser ends after the provider signed {@code subject} in with {@code claims}. */
    OidcProvider.Hop signInAs(Map<String, Object> claims) {
        PROVIDER.nextPerson(issuerId, subject, claims);
        OidcProvider.Hop start = PROVIDER.get(url("/sso/start/" + org.id()), null);
        assertThat(start.status()).isEqualTo(302);
        String requestCookie = start.cookie(SignInCookieRequests.COOKIE).split(";")[0];
        OidcProvider.Hop authorised = PROVIDER.get(start.location(), null);
        assertThat(authorised.location()).startsWith(url("/sso/callback/" + org.id()));
        return PROVIDER.get(authorised.location(), requestCookie);
    }

    /** A walk in which the provider's token endpoint answers with {@code idToken(nonce)}. */
    OidcProvider.Hop signInWithToken(java.util.function.Function<String, String> idToken) {
        OidcProvider.Hop start = PROVIDER.get(url("/sso/start/" + org.id()), null);
        String nonce = OidcProvider.query(start.location()).get("nonce");
        String requestCookie = start.cookie(SignInCookieRequests.COOKIE).split(";")[0];
        OidcProvider.Hop authorised = PROVIDER.get(start.location(), null);
        PROVIDER.answerTokenRequestWith(idToken.apply(nonce));
        return PROVIDER.get(authorised.location(), requestCookie);
    }

    BrowserSession session(OidcProvider.Hop callback) {
        String cookie = callback.cookie("__Host-carechat_session");
        assertThat(cookie).as("session cookie").isNotNull();
        BrowserSession bare = new BrowserSession(cookie, null, null);
        Response me = withCookie(bare, "GET", "/api/v1/auth/me", null, false);
        return new BrowserSession(cookie, me.json().get("csrfToken").asString(), me);
    }

    long audited(String type, String outcome) {
        return jdbc.sql("SELECT COUNT(*) FROM audit_event WHERE org_id = ? AND type = ? AND outcome = ?")
                .params(org.id(), type, outcome)
                .query(Long.class)
                .single();
    }

    void assertRefused(OidcProvider.Hop callback, String code) {
        assertThat(callback.status()).isEqualTo(302);
        assertThat(callback.location()).isEqualTo(url("/?sso-refused=" + code));
        assertThat(callback.cookie("__Host-carechat_session")).isNull();
        assertThat(audited("SIGN_IN", "refused")).isEqualTo(1);
    }

    @Test
    void firstSignInProvisionsTheAccountWithTheMappedRoleAndTheSessionOfAPasswordSignIn() {
        configure(Map.of());

        OidcProvider.Hop callback = signInAs(nurse());

        assertThat(callback.status()).isEqualTo(302);
        assertThat(callback.location()).isEqualTo(url("/"));
        assertThat(callback.cookie("__Host-carechat_session"))
                .contains("HttpOnly", "Secure", "SameSite=Strict", "Path=/");
        BrowserSession s = session(callback);
        assertThat(s.response().json().get("user").get("role").asString()).isEqualTo("nurse");
        assertThat(s.response().json().get("user").get("displayName").asString())
                .isEqualTo("Nina Nurse");
        Map<String, Object> group = Map.of("kind", "group", "audience", "staff", "memberIds", List.of(admin.id()));
        assertThat(withCookie(s, "POST", "/api/v1/conversations", group, false).status())
                .as("a cookie call that changes data needs the CSRF token, as after a password sign-in")
                .isEqualTo(403);
        assertThat(withCookie(s, "POST", "/api/v1/conversations", group, true).status())
                .isEqualTo(201);
        assertThat(audited("USER_CREATED", "success"))
                .as("the admin, then the nurse")
                .isEqualTo(2);
        assertThat(audited("SIGN_IN", "success")).isEqualTo(1);
        String details = String.join(
                " ",
                jdbc.sql("SELECT details FROM audit_event WHERE org_id = ?")
                        .param(org.id())
                        .query(String.class)
                        .list());
        assertThat(details).doesNotContain("Nina", "nina.", subject);
    }

    @Test
    void neitherTheProvidersClaimsNorTheSubjectAreLoggedAtTheMostTalkativeLevels() {
        configure(Map.of("linkByEmail", true));
        Map<String, Object> claims = new HashMap<>(nurse());
        claims.put("email", "nina." + subject.substring(4, 12) + "@hospital.example");
        claims.put("email_verified", true);

        LogCapture.assertNoneLogged(() -> {
            session(signInAs(claims));
            signInAs(Map.of("groups", List.of("visitors"), "name", "Vic Visitor"));
            return List.of("Nina Nurse", "Vic Visitor", subject, "nina." + subject.substring(4, 12));
        });
    }

    @Test
    void aLaterSignInFindsTheLinkedAccountAgain() {
        configure(Map.of());
        String first = session(signInAs(nurse()))
                .response()
                .json()
                .get("user")
                .get("id")
                .asString();

        String second = session(signInAs(nurse()))
                .response()
                .json()
                .get("user")
                .get("id")
                .asString();

        assertThat(second).isEqualTo(first);
        assertThat(audited("USER_CREATED", "success"))
                .as("the admin, then the nurse once")
                .isEqualTo(2);
    }

    Map<String, Object> inGroups(String... groups) {
        Map<String, Object> claims = new HashMap<>(nurse());
        claims.put("groups", List.of(groups));
        return claims;
    }

    String roleAfterSignIn(Map<String, Object> claims) {
        return session(signInAs(claims))
                .response()
                .json()
                .get("user")
                .get("role")
                .asString();
    }

    @Test
    void whereRolesFollowTheGroupsAPersonMovedToAnotherGroupSignsInWithItsRoleAndTheChangeIsAudited() {
        configure(Map.of("rolesFollowGroups", true));
        assertThat(roleAfterSignIn(inGroups("cc-admins"))).isEqualTo("admin");

        String demoted = roleAfterSignIn(inGroups("cc-nurses"));

        assertThat(demoted).as("taken out of the admins' group at the provider").isEqualTo("nurse");
        Response console = call(admin, "GET", "/api/v1/users?limit=200", null);
        assertThat(console.text()).contains("\"role\":\"nurse\"");
        List<String> changes = jdbc.sql("SELECT details FROM audit_event WHERE org_id = ? AND type = 'USER_UPDATED'")
                .param(org.id())
                .query(String.class)
                .list();
        assertThat(changes).anySatisfy(d -> assertThat(d).contains("role_from_provider", "\"from\":\"admin\""));
        assertThat(roleAfterSignIn(inGroups("cc-nurses", "cc-admins")))
                .as("back in the admins' group: the most capable role again")
                .isEqualTo("admin");
        assertThat(call(admin, "GET", "/api/v1/orgs/current/sso", null)
                        .json()
                        .get("rolesFollowGroups")
                        .asBoolean())
                .isTrue();
    }

    @Test
    void unlessRolesFollowTheGroupsTheRoleIsSetOnlyWhenTheAccountIsMadeAndASavedChoiceIsKeptWhenLeftOut() {
        configure(Map.of("rolesFollowGroups", true));
        configure(Map.of()); // a client that does not know the setting keeps it
        assertThat(call(admin, "GET", "/api/v1/orgs/current/sso", null)
                        .json()
                        .get("rolesFollowGroups")
                        .asBoolean())
                .isTrue();
        configure(Map.of("rolesFollowGroups", false));
        assertThat(roleAfterSignIn(inGroups("cc-admins"))).isEqualTo("admin");

        assertThat(roleAfterSignIn(inGroups("cc-nurses")))
                .as("the role an admin may have changed deliberately stays")
                .isEqualTo("admin");
        assertThat(jdbc.sql("SELECT COUNT(*) FROM audit_event WHERE org_id = ? AND details LIKE ?")
                        .params(org.id(), "%role_from_provider%")
                        .query(Long.class)
                        .single())
                .isZero();
    }

    @Test
    void signingOutEndsTheSessionAndNamesTheProvidersSignOutPage() {
        configure(Map.of());
        BrowserSession s = session(signInAs(nurse()));

        Response signOut = withCookie(s, "GET", "/api/v1/auth/sso-sign-out", null, false);
        assertThat(withCookie(s, "POST", "/api/v1/auth/logout", null, true).status())
                .isEqualTo(204);

        assertThat(signOut.json().get("providerSignOutUrl").asString())
                .startsWith(PROVIDER.issuer(issuerId) + "/endsession?client_id=" + OidcProvider.CLIENT_ID)
                .contains("post_logout_redirect_uri=");
        assertThat(withCookie(s, "GET", "/api/v1/auth/me", null, false).status())
                .isEqualTo(401);
        assertThat(get(admin, "/api/v1/auth/sso-sign-out").json().get("providerSignOutUrl"))
                .as("a session not made by single sign-on has no provider to sign out of")
                .isNull();
    }

    @Test
    void startingWhereSingleSignOnIsOffLeadsBackToTheSignInPageWithTheReason() {
        configure(Map.of("enabled", false));

        OidcProvider.Hop start = PROVIDER.get(url("/sso/start/" + org.id()), null);

        assertRefused(start, "unavailable");
    }

    @Test
    void aPersonInNoMappedGroupIsRefusedAndSentToThePageThatSaysSo() {
        configure(Map.of());

        OidcProvider.Hop callback = signInAs(Map.of("groups", List.of("visitors"), "name", "Vic Visitor"));

        assertRefused(callback, "not-in-group");
        assertThat(jdbc.sql("SELECT COUNT(*) FROM app_user WHERE org_id = ?")
                        .param(org.id())
                        .query(Long.class)
                        .single())
                .as("nobody provisioned")
                .isEqualTo(1);
    }

    @Test
    void withoutProvisioningAnUnknownPersonIsRefused() {
        configure(Map.of("provisionAccounts", false));

        assertRefused(signInAs(nurse()), "no-account");
    }

    @Test
    void whereMfaIsRequiredOnlyASignInWithASecondFactorIsAccepted() {
        configure(Map.of("requireMfa", true));
        Map<String, Object> passwordOnly = new HashMap<>(nurse());
        passwordOnly.put("amr", List.of("pwd"));
        assertRefused(signInAs(passwordOnly), "mfa-required");

        Map<String, Object> withMfa = new HashMap<>(nurse());
        withMfa.put("amr", List.of("pwd", "mfa"));
        assertThat(signInAs(withMfa).cookie("__Host-carechat_session")).isNotNull();
        assertThat(jdbc.sql("SELECT mfa FROM sso_session WHERE org_id = ?")
                        .param(org.id())
                        .query(Integer.class)
                        .single())
                .isEqualTo(1);
    }

    @Test
    void linkingByVerifiedEmailFindsTheExistingAccountAndPasswordSignInCanBeTurnedOff() {
        String username = "nina-" + subject.substring(4, 12) + "@hospital.example";
        transactions.write(() -> users.createByOperator(
                org.id(),
                new org.carechat.identity.NewUser(username, "Nina Nurse", Role.NURSE, PASSWORD, false),
                false));
        configure(Map.of("linkByEmail", true, "provisionAccounts", false, "passwordSignInOff", true));
        Map<String, Object> claims = new HashMap<>(nurse());
        claims.put("email", username);
        claims.put("email_verified", true);

        BrowserSession s = session(signInAs(claims));

        assertThat(s.response().json().get("user").get("username").asString()).isEqualTo(username);
        BrowserSession password = login(username, PASSWORD);
        assertThat(password.response().status()).isEqualTo(401);
        assertThat(password.response().json().get("detail").asString()).contains("Sign in with");
    }

    @Test
    void anUnverifiedEmailLinksNothing() {
        String username = "nina-" + subject.substring(4, 12) + "@hospital.example";
        transactions.write(() -> users.createByOperator(
                org.id(), new org.carechat.identity.NewUser(username, "Nina", Role.NURSE, null, false), false));
        configure(Map.of("linkByEmail", true, "provisionAccounts", false));
        Map<String, Object> claims = new HashMap<>(nurse());
        claims.put("email", username);
        claims.put("email_verified", false);

        assertRefused(signInAs(claims), "no-account");
    }

    @Test
    void aTamperedIdTokenIsRefused() {
        configure(Map.of());

        OidcProvider.Hop callback = signInWithToken(nonce -> {
            String[] parts = token(nonce).serialize().split("\\.");
            String payload = new String(
                            Base64.getUrlDecoder().decode(parts[1]), java.nio.charset.StandardCharsets.UTF_8)
                    .replace("cc-nurses", "cc-admins");
            return parts[0] + "."
                    + Base64.getUrlEncoder()
                            .withoutPadding()
                            .encodeToString(payload.getBytes(java.nio.charset.StandardCharsets.UTF_8))
                    + "." + parts[2];
        });

        assertRefused(callback, "failed");
    }

    @Test
    void anExpiredIdTokenIsRefused() {
        configure(Map.of());

        assertRefused(
                signInWithToken(nonce ->
                        PROVIDER.token(issuerId, subject, claims(nonce), -600).serialize()),
                "failed");
    }

    @Test
    void anIdTokenWithAnotherNonceIsRefused() {
        configure(Map.of());

        assertRefused(signInWithToken(nonce -> token("not-the-nonce-we-sent").serialize()), "failed");
    }

    @Test
    void anIdTokenFromAnotherIssuerIsRefused() {
        configure(Map.of());

        assertRefused(
                signInWithToken(nonce -> PROVIDER.token("another-issuer", subject, claims(nonce), 3600)
                        .serialize()),
                "failed");
    }

    @Test
    void theSameValidTokenIsAcceptedSoTheRefusalsAboveAreTheChecks() {
        configure(Map.of());

        OidcProvider.Hop callback = signInWithToken(nonce -> token(nonce).serialize());

        assertThat(callback.cookie("__Host-carechat_session")).isNotNull();
    }

    @Test
    void aWrongStateOrAnAnswerWithoutTheBrowsersCookieIsRefused() {
        configure(Map.of());
        OidcProvider.Hop start = PROVIDER.get(url("/sso/start/" + org.id()), null);
        String requestCookie = start.cookie(SignInCookieRequests.COOKIE).split(";")[0];
        OidcProvider.Hop authorised = PROVIDER.get(start.location(), null);
        OidcProvider.Hop wrongState =
                PROVIDER.get(authorised.location().replaceAll("state=[^&]*", "state=forged"), requestCookie);
        OidcProvider.Hop otherBrowser = PROVIDER.get(authorised.location(), null);

        assertThat(wrongState.location()).isEqualTo(url("/?sso-refused=failed"));
        assertThat(otherBrowser.location()).isEqualTo(url("/?sso-refused=failed"));
        assertThat(wrongState.cookie("__Host-carechat_session")).isNull();
        assertThat(otherBrowser.cookie("__Host-carechat_session")).isNull();
        assertThat(audited("SIGN_IN", "refused")).isEqualTo(2);
    }

    private SignedJWT token(String nonce) {
        return PROVIDER.token(issuerId, subject, claims(nonce), 3600);
    }

    private Map<String, Object> claims(String nonce) {
        Map<String, Object> claims = new HashMap<>(nurse());
        claims.put("nonce", nonce);
        return claims;
    }
}
