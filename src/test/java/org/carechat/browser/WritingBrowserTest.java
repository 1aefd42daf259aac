package org.carechat.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.carechat.identity.Role;
import org.carechat.org.Organisation;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/** Writing: drafts kept per conversation, and a refused message sent again or changed. */
class WritingBrowserTest extends BrowserTest {

    private static final By BOX = By.id("message-input");

    @Test
    void aDraftStaysWithItsConversationWhileAnotherIsOpenAndNothingOfItIsStoredInTheBrowser() {
        Organisation org = newOrg();
        Person alice = person(org, Role.CLINICIAN, "Alice Adams");
        Person bob = person(org, Role.NURSE, "Bob Brown");
        String ward = conversation(alice, "Ward 4", null, bob);
        String rota = conversation(alice, "Rota", null, bob);
        signIn(alicesBrowser, alice);

        alicesBrowser.click(LiveChatBrowserTest.row(ward));
        alicesBrowser.type(BOX, "Bed 7 needs a fluid chart");
        alicesBrowser.click(LiveChatBrowserTest.row(rota));
        alicesBrowser.waitForText(By.id("thread-title"), "Rota");
        assertThat(box()).isEmpty();
        alicesBrowser.type(BOX, "Swap Friday nights?");
        alicesBrowser.click(LiveChatBrowserTest.row(ward));
        alicesBrowser.waitForText(By.id("thread-title"), "Ward 4");
        assertThat(box()).isEqualTo("Bed 7 needs a fluid chart");
        assertAccessible(alicesBrowser, "a thread with a draft");

        alicesBrowser.phone();
        alicesBrowser.click(By.cssSelector(".thread-header .back"));
        alicesBrowser.click(LiveChatBrowserTest.row(rota));
        alicesBrowser.waitForText(By.id("thread-title"), "Rota");
        assertThat(box()).isEqualTo("Swap Friday nights?");
        alicesBrowser.pressEnter(BOX);
        alicesBrowser.waitForText(By.cssSelector(".msg.own .msg-body"), "Swap Friday nights?");
        assertThat(box()).as("sent: no draft left").isEmpty();
        assertAccessible(alicesBrowser, "a thread with a draft on a phone");

        assertThat(String.valueOf(
                        alicesBrowser.script("return JSON.stringify(localStorage) + JSON.stringify(sessionStorage)")))
                .doesNotContain("fluid chart");
        Object databases = alicesBrowser.driver.executeAsyncScript(
                "const done = arguments[0]; indexedDB.databases().then(d => done(d.length));");
        assertThat(databases).as("IndexedDB databases").isEqualTo(0L);
        alicesBrowser.click(By.cssSelector(".thread-header .back"));
        alicesBrowser.click(By.cssSelector(".topbar-more-toggle"));
        alicesBrowser.click(By.cssSelector("button.sign-out"));
        alicesBrowser.find(By.id("username"));
        alicesBrowser.desktop();
        signIn(alicesBrowser, alice);
        alicesBrowser.click(LiveChatBrowserTest.row(ward));
        alicesBrowser.waitForText(By.id("thread-title"), "Ward 4");
        assertThat(box()).as("signing out forgets drafts").isEmpty();
    }

    @Test
    void aRefusedMessageCanBeSentAgainOnceTheCauseIsGoneOrPutBackInTheBoxToChange() {
        Organisation org = newOrg();
        Person alice = person(org, Role.CLINICIAN, "Alice Adams");
        Person bob = person(org, Role.NURSE, "Bob Brown");
        String c = conversation(alice, "Night shift", null, bob);
        signIn(alicesBrowser, alice);
        alicesBrowser.click(LiveChatBrowserTest.row(c));
        alicesBrowser.find(BOX);

        removeBob(alice, bob, c);
        WebElement refused = sendUrgent("Call me about bed 4");
        assertThat(refused.findElement(By.cssSelector(".msg-state")).getText())
                .isEqualTo("Not sent: An urgent message needs a colleague in the conversation to acknowledge it");
        assertAccessible(alicesBrowser, "a refused message");
        assertThat(call(alice.staff(), "POST", "/api/v1/conversations/" + c + "/members", Map.of("userId", bob.id()))
                        .status())
                .isEqualTo(200);
        refused.findElement(By.cssSelector("button.retry")).click();
        WebElement sent = alicesBrowser.waitForText(By.cssSelector(".msg.own:not(.pending)"), "Call me about bed 4");
        assertThat(sent.getAttribute("class")).contains("urgent");
        alicesBrowser.waitUntilGone(By.cssSelector(".msg.failed"));

        alicesBrowser.phone();
        removeBob(alice, bob, c);
        refused = sendUrgent("Bloods for bed 9");
        Screenshots.save(alicesBrowser, "mobile-not-sent");
        assertAccessible(alicesBrowser, "a refused message on a phone");
        refused.findElement(By.cssSelector("button.edit-unsent")).click();
        alicesBrowser.waitUntilGone(By.cssSelector(".msg.failed"));
        assertThat(box()).isEqualTo("Bloods for bed 9");
        alicesBrowser.find(BOX).sendKeys(" please");
        alicesBrowser.pressEnter(BOX);
        alicesBrowser.waitForText(By.cssSelector(".msg.own:not(.pending) .msg-body"), "Bloods for bed 9 please");
    }

    private void removeBob(Person alice, Person bob, String c) {
        assertThat(call(alice.staff(), "DELETE", "/api/v1/conversations/" + c + "/members/" + bob.id(), null)
                        .status())
                .isEqualTo(204);
        alicesBrowser.waitForText(By.cssSelector(".thread-sub"), "1 members");
    }

    /** Sends {@code text} (replacing what the box holds) marked urgent; returns its refused bubble. */
    private WebElement sendUrgent(String text) {
        alicesBrowser.click(By.cssSelector(".composer .urgent-toggle"));
        alicesBrowser.type(BOX, text);
        alicesBrowser.pressEnter(BOX);
        return alicesBrowser.waitForText(By.cssSelector(".msg.failed"), text);
    }

    private String box() {
        return alicesBrowser.find(BOX).getAttribute("value");
    }
}
