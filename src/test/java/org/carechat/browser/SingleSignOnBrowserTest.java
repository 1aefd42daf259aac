package org.carechat.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.UUID;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.OAuth2Config;
import org.carechat.identity.Role;
import org.carechat.identity.sso.SsoSettings;
import org.carechat.org.Organisation;
import org.carechat.testing.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Single sign-on in a real browser against a real OpenID Connect provider in-process (mock-oauth2-server with its
 * login page): an admin sets it up in the console, staff sign in with the button, through the provider's page, into
 * the app; someone outside the allowed groups lands on the sign-in page with the reason.
 */
class SingleSignOnBrowserTest extends BrowserTest {

    private static MockOAuth2Server provider;

    @Autowired
    SsoSettings ssoSettings;

    @BeforeAll
    static void startProvider() {
        provider = new MockOAuth2Server(OAuth2Config.Companion.fromJson("{\"interactiveLogin\": true}"));
        provider.start();
    }

    @AfterAll
    static void stopProvider() {
        provider.shutdown();
    }

    private static String issuer(String issuerId) {
        String url = provider.issuerUrl(issuerId).toString();
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    @Test
    void anAdminSetsItUpInTheConsoleAndStaffSignInThroughTheProviderIntoTheApp() {
        Organisation org = newOrg();
        Person admin = person(org, Role.ADMIN, "Ada Admin");
        signIn(alicesBrowser, admin);
        alicesBrowser.open(base() + "/#/console/settings");
        alicesBrowser.waitForText(By.cssSelector("#settings-sso"), "Issuer URL");
        alicesBrowser.waitForText(By.cssSelector("#sso-redirect-uri"), "/sso/callback/" + org.id());
        alicesBrowser.click(By.id("sso-enabled"));
        alicesBrowser.type(By.id("sso-display-name"), "Hospital Login");
        alicesBrowser.type(By.id("sso-issuer"), "http://login.hospital.example/realms/staff");
        alicesBrowser.type(By.id("sso-client-id"), "carechat");
        alicesBrowser.type(By.id("sso-client-secret"), "the secret from the provider");
        alicesBrowser.type(By.id("sso-group-roles"), "cc-nurses = nurse");
        alicesBrowser.click(By.id("sso-provision"));
        alicesBrowser.click(By.id("sso-roles-follow-groups"));
        alicesBrowser.click(By.cssSelector("#settings-sso form button[type=submit]"));
        alicesBrowser.waitForText(By.cssSelector("#settings-sso .error"), "issuer: must start with https://");

        alicesBrowser.type(By.id("sso-issuer"), issuer("hospital"));
        alicesBrowser.click(By.cssSelector("#settings-sso form button[type=submit]"));
        alicesBrowser.waitForText(
                By.cssSelector("#settings-sso .console-status"), "Sign in with Hospital Login\" from now on");
        assertThat(alicesBrowser.find(By.id("sso-client-secret")).getDomProperty("value"))
                .as("the secret is write-only")
                .isEmpty();
        assertAccessible(alicesBrowser, "the console's single sign-on settings");
        assertThat(ssoSettings.find(org.id()).orElseThrow().rolesFollowGroups())
                .as("the roles-follow-groups box saved")
                .isTrue();

        String username = "nina." + UUID.randomUUID().toString().substring(0, 8);
        signInThroughProvider(org, username, "[\"cc-nurses\"]");

        bobsBrowser.waitForText(By.cssSelector(".connection"), "Connected");
        assertThat(users.findByUsername(org.id(), username).orElseThrow().role())
                .isEqualTo(Role.NURSE);
    }

    @Test
    void someoneOutsideTheAllowedGroupsLandsOnTheSignInPageWithTheReason() {
        Organisation org = newOrg();
        Person admin = person(org, Role.ADMIN, "Ada Admin");
        Response saved = call(
                admin.staff(),
                "PUT",
                "/api/v1/orgs/current/sso",
                Map.ofEntries(
                        Map.entry("enabled", true),
                        Map.entry("displayName", "Hospital Login"),
                        Map.entry("issuer", issuer("hospital")),
                        Map.entry("clientId", "carechat"),
                        Map.entry("clientSecret", "the secret from the provider"),
                        Map.entry("groupsClaim", "groups"),
                        Map.entry("groupRoles", Map.of("cc-nurses", "nurse")),
                        Map.entry("provisionAccounts", true),
                        Map.entry("linkByEmail", false),
                        Map.entry("passwordSignInOff", false),
                        Map.entry("requireMfa", false)));
        assertThat(saved.status()).as(saved.text()).isEqualTo(200);

        signInThroughProvider(org, "vic.visitor", "[\"visitors\"]");

        bobsBrowser.waitForText(
                By.id("sso-refusal"),
                "Your account is not in a group allowed to use CareChat — ask your administrator.");
        assertThat(bobsBrowser.find(By.id("username")).isDisplayed()).isTrue();
        assertAccessible(bobsBrowser, "the sign-in page after a refused single sign-on");
    }

    /** In the second browser: the sign-in page's button, the provider's login page, and back. */
    private void signInThroughProvider(Organisation org, String username, String groups) {
        bobsBrowser.open(base() + "/");
        By button = By.cssSelector("a.sso-button[href='/sso/start/" + org.id() + "']");
        bobsBrowser.waitForText(button, "Sign in with Hospital Login");
        bobsBrowser.click(button);
        bobsBrowser.type(By.name("username"), username);
        bobsBrowser.script(
                "document.querySelector('textarea[name=claims]').value = arguments[0];",
                "{\"groups\": " + groups + ", \"name\": \"Nina Nightingale\", \"preferred_username\": \"" + username
                        + "\"}");
        bobsBrowser.click(By.cssSelector("input[type=submit]"));
    }
}
