package org.carechat.browser;

import static org.assertj.core.api.Assertions.assertThat;

import org.carechat.identity.Role;
import org.carechat.org.Organisation;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

/**
 * The staff app's first screen in two steps (docs/decisions.md): what is out of view at the start is made after it,
 * and works as it did when it was made with it.
 */
class FirstScreenBrowserTest extends BrowserTest {

    private static final By QUEUE = By.id("request-list");

    @Test
    void theContactQueueIsMadeWhenTheDeskIsFirstOpenedAndOnlyOnce() {
        Organisation org = newOrg();
        Person alice = person(org, Role.NURSE, "Alice Adams");
        signIn(alicesBrowser, alice);
        alicesBrowser.find(By.cssSelector(".list-pane"));
        assertThat(alicesBrowser.all(QUEUE)).as("no queue in the first screen").isEmpty();
        assertThat(alicesBrowser.find(By.cssSelector(".main-nav .nav-requests")).getText())
                .isEqualTo("Contact requests");

        alicesBrowser.click(By.cssSelector(".main-nav .nav-requests"));
        assertThat(alicesBrowser.find(QUEUE).isDisplayed()).isTrue();
        alicesBrowser.waitForText(By.cssSelector(".queue-tab[data-tab=new] .tab-count"), "0");
        alicesBrowser.click(By.cssSelector(".main-nav .nav-messages"));
        alicesBrowser.find(By.cssSelector(".list-pane"));
        alicesBrowser.click(By.cssSelector(".main-nav .nav-requests"));
        assertThat(alicesBrowser.find(QUEUE).isDisplayed()).isTrue();
        assertThat(alicesBrowser.all(QUEUE)).as("the same queue shown again").hasSize(1);
        assertAccessible(alicesBrowser, "the contact request queue made on first use");
    }

    @Test
    void onAPhoneMoreHoldsTheAlertsTheOwnStatusAndSignOutMadeAfterTheFirstScreen() {
        Organisation org = newOrg();
        Person bob = person(org, Role.NURSE, "Bob Brown");
        signIn(bobsBrowser, bob);
        bobsBrowser.phone();
        bobsBrowser.open(base() + "/");
        bobsBrowser.find(By.cssSelector(".list-pane"));
        bobsBrowser.until(
                d -> !d.findElements(By.cssSelector("#topbar-more .sign-out")).isEmpty());
        assertThat(bobsBrowser.all(By.cssSelector("#topbar-more .status-select")))
                .as("made once")
                .hasSize(1);

        bobsBrowser.click(By.cssSelector(".topbar-more-toggle"));
        assertThat(bobsBrowser
                        .find(By.cssSelector("#topbar-more .alerts-toggle"))
                        .isDisplayed())
                .isTrue();
        assertThat(bobsBrowser.find(By.cssSelector("#topbar-more .sign-out")).isDisplayed())
                .isTrue();
        assertThat(bobsBrowser
                        .find(By.cssSelector("#topbar-more .status-select"))
                        .getAttribute("value"))
                .isEqualTo("available");
        assertAccessible(bobsBrowser, "the menu behind More made after the first screen");
    }
}
