package org.carechat.browser;

import static org.assertj.core.api.Assertions.assertThat;

import org.assertj.core.api.InstanceOfAssertFactories;
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

    /**
     * Records, from the document's start, the nodes removed inside the workspace before the list is first shown
     * (the layout's work undone), and how many empty thread panes were made.
     */
    private static final String WATCH_THE_FIRST_SCREEN = """
            window.firstScreenWatch = {removed: [], placeholders: 0};
            new MutationObserver(records => {
                if (performance.getEntriesByName('carechat:list-ready').length > 0) {
                    return;
                }
                for (const record of records) {
                    for (const node of record.addedNodes) {
                        if (node.nodeType === Node.ELEMENT_NODE) {
                            firstScreenWatch.placeholders += (node.matches('.thread-placeholder') ? 1 : 0)
                                + node.querySelectorAll('.thread-placeholder').length;
                        }
                    }
                    if (record.target.closest?.('#main')) {
                        for (const node of record.removedNodes) {
                            firstScreenWatch.removed.push(node.nodeType === Node.ELEMENT_NODE
                                ? node.className || node.localName : '"' + node.textContent + '"');
                        }
                    }
                }
            }).observe(document, {childList: true, subtree: true});
            """;

    @Test
    void theFirstRouteKeepsTheWorkspaceTheLayoutMadeInsteadOfMakingItAgain() {
        Organisation org = newOrg();
        Person alice = person(org, Role.NURSE, "Alice Adams");
        signIn(alicesBrowser, alice);
        String watch = alicesBrowser.beforeEachPage(WATCH_THE_FIRST_SCREEN);
        try {
            alicesBrowser.open(base() + "/actuator/health"); // a new document: not only a new address
            alicesBrowser.open(base() + "/#/");
            alicesBrowser.until(
                    d -> alicesBrowser.script("return performance.getEntriesByName('carechat:list-ready').length > 0"));
            assertThat(alicesBrowser.script("return firstScreenWatch.removed"))
                    .as("nodes of the workspace removed before the list is shown")
                    .asInstanceOf(InstanceOfAssertFactories.LIST)
                    .isEmpty();
            assertThat(alicesBrowser.script("return firstScreenWatch.placeholders"))
                    .as("empty thread panes made")
                    .isEqualTo(1L);
        } finally {
            alicesBrowser.stopBeforeEachPage(watch);
        }
        assertThat(alicesBrowser.find(By.cssSelector(".thread-placeholder")).getText())
                .isEqualTo("Choose a conversation from the list, or start a new one.");
        alicesBrowser.click(By.cssSelector(".main-nav .nav-requests"));
        assertThat(alicesBrowser.find(QUEUE).isDisplayed()).isTrue();
        assertThat(alicesBrowser.find(By.cssSelector(".workspace-content h1")).getAttribute("textContent"))
                .isEqualTo("Contact requests");
        alicesBrowser.click(By.cssSelector(".main-nav .nav-account"));
        alicesBrowser.find(By.cssSelector(".page-holder .account"));
        assertThat(alicesBrowser.find(By.cssSelector(".main-nav .nav-account")).getAttribute("aria-current"))
                .isEqualTo("page");
        alicesBrowser.click(By.cssSelector(".main-nav .nav-messages"));
        assertThat(alicesBrowser.find(By.cssSelector(".list-pane")).isDisplayed())
                .isTrue();
        assertThat(alicesBrowser.all(By.cssSelector(".page-holder > *")))
                .as("the page let go")
                .isEmpty();
        assertThat(alicesBrowser.find(By.cssSelector(".workspace-content h1")).getAttribute("textContent"))
                .isEqualTo("Messages");
        assertThat(alicesBrowser.find(By.cssSelector(".main-nav .nav-messages")).getAttribute("aria-current"))
                .isEqualTo("page");
        assertThat(alicesBrowser.find(By.cssSelector(".thread-placeholder")).isDisplayed())
                .isTrue();
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
