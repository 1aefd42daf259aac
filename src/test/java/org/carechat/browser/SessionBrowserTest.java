package org.carechat.browser;

import static org.assertj.core.api.Assertions.assertThat;

import org.carechat.identity.Role;
import org.carechat.org.Organisation;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

/** Signing in and out, a forced password change, and the page shown when the server ends a session. */
class SessionBrowserTest extends BrowserTest {

    @Test
    void aWrongPasswordShowsTheServersSentenceThenSignOutAndAnEndedSessionEachGetAClearPage() {
        Organisation org = newOrg();
        Person admin = person(org, Role.ADMIN, "Ada Admin");
        Person alice = person(org, Role.CLINICIAN, "Alice Adams");
        alicesBrowser.open(base() + "/");
        assertAccessible(alicesBrowser, "the sign-in page");
        Screenshots.save(alicesBrowser, "desktop-sign-in");
        alicesBrowser.type(By.id("username"), alice.username());
        alicesBrowser.type(By.id("password"), "not the password at all");
        alicesBrowser.click(By.cssSelector("form button[type=submit]"));
        assertThat(alicesBrowser.find(By.cssSelector("form .error")).getText())
                .startsWith("The username or password is incorrect");

        signIn(alicesBrowser, alice);
        assertThat(alicesBrowser.find(By.cssSelector(".me")).getText()).isEqualTo("Alice Adams");
        alicesBrowser.click(By.cssSelector("button.sign-out"));
        assertThat(alicesBrowser.find(By.cssSelector(".gate .notice")).getText())
                .isEqualTo("You have signed out.");
        alicesBrowser.find(By.id("username"));

        signIn(alicesBrowser, alice);
        assertThat(post(admin.staff(), "/api/v1/users/" + alice.id() + "/sessions/end", null)
                        .status())
                .isEqualTo(204);
        alicesBrowser.waitForText(By.cssSelector(".gate h1"), "Your session has ended");
        assertAccessible(alicesBrowser, "the session-ended page");
        Screenshots.save(alicesBrowser, "desktop-session-ended");
        alicesBrowser.click(By.cssSelector(".gate button"));
        alicesBrowser.find(By.id("username"));
    }

    @Test
    void aOneTimePasswordMustBeReplacedBeforeTheAppOpens() {
        Organisation org = newOrg();
        Person newcomer = person(org, Role.NURSE, "Nina Newcomer", true);
        alicesBrowser.open(base() + "/");
        alicesBrowser.type(By.id("username"), newcomer.username());
        alicesBrowser.type(By.id("password"), PASSWORD);
        alicesBrowser.click(By.cssSelector("form button[type=submit]"));

        alicesBrowser.waitForText(By.cssSelector(".gate h1"), "Choose your password");
        assertAccessible(alicesBrowser, "the password change page");
        alicesBrowser.type(By.id("new-password"), "a much longer passphrase now");
        alicesBrowser.type(By.id("new-password-again"), "a different passphrase typo");
        alicesBrowser.click(By.cssSelector("form button[type=submit]"));
        assertThat(alicesBrowser.find(By.cssSelector("form .error")).getText())
                .isEqualTo("The two new passwords differ.");
        alicesBrowser.type(By.id("new-password-again"), "a much longer passphrase now");
        alicesBrowser.click(By.cssSelector("form button[type=submit]"));

        alicesBrowser.waitForText(By.cssSelector(".connection"), "Connected");
        assertThat(alicesBrowser.find(By.cssSelector(".me")).getText()).isEqualTo("Nina Newcomer");
    }
}
