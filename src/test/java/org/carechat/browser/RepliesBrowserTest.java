package org.carechat.browser;

import static org.assertj.core.api.Assertions.assertThat;

import org.carechat.identity.Role;
import org.carechat.org.Organisation;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/** Replies: Reply on a message quotes it above the box; the reply shows the quote, which leads to the message. */
class RepliesBrowserTest extends BrowserTest {

    private static final By BOX = By.id("message-input");

    @Test
    void aReplyQuotesTheMessageItAnswersForBothSidesAndTheQuoteLeadsBackToIt() {
        Organisation org = newOrg();
        Person alice = person(org, Role.CLINICIAN, "Alice Adams");
        Person bob = person(org, Role.NURSE, "Bob Brown");
        String ward = conversation(alice, "Ward 4", null, bob);
        long question = send(bob, ward, "Is bed 7 on the fluid chart?");
        signIn(alicesBrowser, alice);
        signIn(bobsBrowser, bob);
        alicesBrowser.click(LiveChatBrowserTest.row(ward));
        bobsBrowser.click(LiveChatBrowserTest.row(ward));

        WebElement asked = alicesBrowser.waitForText(By.cssSelector(".msg.other"), "fluid chart");
        asked.findElement(By.cssSelector("button.reply")).click();
        assertThat(alicesBrowser.find(By.cssSelector(".replying")).getText())
                .contains("Replying to Bob Brown", "Is bed 7 on the fluid chart?");
        assertAccessible(alicesBrowser, "the message box quoting a message");
        alicesBrowser.find(BOX).sendKeys("Yes, since 8am");
        alicesBrowser.pressEnter(BOX);
        WebElement reply = alicesBrowser.waitForText(By.cssSelector(".msg.own:not(.pending)"), "since 8am");
        assertThat(reply.findElement(By.cssSelector(".quote")).getText())
                .contains("Bob Brown", "Is bed 7 on the fluid chart?");
        alicesBrowser.waitUntilGone(By.cssSelector(".replying"));
        assertAccessible(alicesBrowser, "a reply in the thread");

        WebElement received = bobsBrowser.waitForText(By.cssSelector(".msg.other"), "since 8am");
        received.findElement(By.cssSelector(".quote")).click();
        bobsBrowser.until(d -> d.findElement(By.cssSelector(".msg[data-seq='" + question + "']"))
                .equals(d.switchTo().activeElement()));
    }

    @Test
    void onAPhoneAQuoteOfAMessageFarBackReadsOlderPagesUntilTheMessageIsInSight() {
        Organisation org = newOrg();
        Person alice = person(org, Role.CLINICIAN, "Alice Adams");
        Person bob = person(org, Role.NURSE, "Bob Brown");
        String ward = conversation(alice, "Ward 4", null, bob);
        long first = send(bob, ward, "Handover at 7, bring the list");
        for (int i = 1; i <= 60; i++) {
            send(bob, ward, "Update " + i);
        }
        assertThat(call(
                                bob.staff(),
                                "POST",
                                "/api/v1/conversations/" + ward + "/messages",
                                java.util.Map.of(
                                        "clientMsgId", "far-reply", "body", "Reminder about this", "replyTo", first))
                        .status())
                .isEqualTo(201);
        alicesBrowser.phone();
        signIn(alicesBrowser, alice);
        alicesBrowser.click(LiveChatBrowserTest.row(ward));
        WebElement reply = alicesBrowser.waitForText(By.cssSelector(".msg.other"), "Reminder about this");
        assertThat(alicesBrowser.all(By.cssSelector(".msg[data-seq='" + first + "']")))
                .as("not in the first page")
                .isEmpty();
        assertAccessible(alicesBrowser, "a reply on a phone");
        reply.findElement(By.cssSelector(".quote")).click();
        WebElement quoted = alicesBrowser.until(d -> {
            WebElement node = d.findElements(By.cssSelector(".msg[data-seq='" + first + "']")).stream()
                    .findFirst()
                    .orElse(null);
            return node != null && node.equals(d.switchTo().activeElement()) ? node : null;
        });
        assertThat((Boolean) alicesBrowser.script(
                        "const r = arguments[0].getBoundingClientRect(); return r.top >= 0 && r.bottom <= innerHeight;",
                        quoted))
                .as("the quoted message is in sight")
                .isTrue();

        quoted.findElement(By.cssSelector("button.reply")).click();
        assertThat(alicesBrowser.find(By.cssSelector(".replying")).getText()).contains("Handover at 7");
        alicesBrowser.click(By.cssSelector(".cancel-reply"));
        alicesBrowser.waitUntilGone(By.cssSelector(".replying"));
        assertAccessible(alicesBrowser, "a quoted message brought into sight on a phone");
    }
}
