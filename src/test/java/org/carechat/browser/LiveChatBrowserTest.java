package org.carechat.browser;

import static org.assertj.core.api.Assertions.assertThat;

import org.carechat.identity.Role;
import org.carechat.org.Organisation;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;

/** Two staff members in two browsers: live messages, receipts, unread dot, badge, title and filters. */
class LiveChatBrowserTest extends BrowserTest {

    @Test
    void twoStaffChatLiveWhileReceiptsTurnBlueThenRedAndUnreadCountsFollow() {
        Organisation org = newOrg();
        Person alice = person(org, Role.CLINICIAN, "Alice Adams");
        Person bob = person(org, Role.NURSE, "Bob Brown");
        String ward = conversation(alice, "Ward 4 handover", null, bob);
        String other = conversation(alice, "Rota questions", null, bob);
        long asked = send(alice, other, "Who covers Saturday?");
        post(bob.staff(), "/api/v1/conversations/" + other + "/read", java.util.Map.of("upTo", asked));

        signIn(alicesBrowser, alice);
        signIn(bobsBrowser, bob);
        bobsBrowser.until(d -> "true" // alerts are on by default for staff
                .equals(d.findElement(By.cssSelector("button.alerts-toggle")).getAttribute("aria-pressed")));
        alicesBrowser.click(row(ward));
        alicesBrowser.type(By.id("message-input"), "Bed 4 obs stable");
        alicesBrowser.pressEnter(By.id("message-input"));

        // Bob is on the list: the message arrives live, unread, and is acknowledged as delivered.
        bobsBrowser.waitForText(By.cssSelector(rowCss(ward) + " .unread-count"), "1 unread");
        bobsBrowser.waitForText(By.cssSelector(".main-nav .badge"), "1");
        bobsBrowser.until(d -> d.getTitle().equals("(1) CareChat"));
        assertThat(bobsBrowser
                        .find(By.cssSelector(rowCss(ward) + " .conv-preview"))
                        .getText())
                .isEqualTo("Alice Adams: Bed 4 obs stable");
        assertThat(bobsBrowser
                        .find(By.cssSelector("[data-stat=unreadMessages]"))
                        .getText())
                .isEqualTo("1");
        WebElement alert =
                bobsBrowser.waitForText(By.cssSelector(".toast[data-sound]"), "New message from Alice Adams");
        assertThat(alert.getAttribute("data-sound")).as("the tone played").isEqualTo("played");
        By own = By.cssSelector(".msg.own .receipt");
        alicesBrowser.until(d -> d.findElement(own).getAttribute("class").contains("delivered"));
        Screenshots.save(alicesBrowser, "desktop-delivered");

        bobsBrowser.click(By.cssSelector("button.filter[data-filter=unread]"));
        assertThat(visibleRows(bobsBrowser)).containsExactly("Ward 4 handover");
        bobsBrowser.click(By.cssSelector("button.filter[data-filter=read]"));
        assertThat(visibleRows(bobsBrowser)).containsExactly("Rota questions");
        bobsBrowser.click(By.cssSelector("button.filter[data-filter=all]"));
        assertThat(visibleRows(bobsBrowser)).containsExactly("Ward 4 handover", "Rota questions");
        Screenshots.save(bobsBrowser, "desktop-list-unread");
        assertAccessible(bobsBrowser, "the conversation list with an unread conversation");

        // Bob opens it: read. Alice's receipt turns red with one reader, named on hover.
        bobsBrowser.click(row(ward));
        WebElement received = bobsBrowser.waitForText(By.cssSelector(".msg.other"), "Bed 4 obs stable");
        assertThat(received.findElement(By.cssSelector(".msg-sender")).getText())
                .isEqualTo("Alice Adams");
        bobsBrowser.waitUntilGone(By.cssSelector(".main-nav .badge"));
        bobsBrowser.until(d -> d.getTitle().equals("CareChat"));
        assertThat(bobsBrowser.all(By.cssSelector(rowCss(ward) + " .unread-count")))
                .isEmpty();

        WebElement readReceipt =
                alicesBrowser.until(d -> d.findElements(By.cssSelector(".msg.own .receipt.read")).stream()
                        .findFirst()
                        .orElse(null));
        assertThat(readReceipt.getText()).isEqualTo("1");
        assertThat(readReceipt.getAttribute("title")).isEqualTo("Read by Bob Brown");
        new Actions(alicesBrowser.driver).moveToElement(readReceipt).perform();
        assertThat(alicesBrowser.find(By.cssSelector(".msg.own .readers")).getText())
                .contains("Bob Brown");
        Screenshots.save(alicesBrowser, "desktop-thread-read");
        assertAccessible(alicesBrowser, "a thread with receipts");

        // Bob replies over two lines (Shift+Enter); Alice sees it live, on the left, with the line break.
        WebElement box = bobsBrowser.find(By.id("message-input"));
        box.sendKeys("Thanks,");
        box.sendKeys(Keys.chord(Keys.SHIFT, Keys.ENTER));
        box.sendKeys("will check at 14:00");
        box.sendKeys(Keys.ENTER);
        WebElement reply = alicesBrowser.waitForText(By.cssSelector(".msg.other .msg-body"), "will check");
        assertThat(reply.getText()).isEqualTo("Thanks,\nwill check at 14:00");
        assertThat(bobsBrowser
                        .waitForText(By.cssSelector(".msg.own .msg-body"), "will check")
                        .getText())
                .isEqualTo("Thanks,\nwill check at 14:00");
        assertThat(bobsBrowser.all(By.cssSelector(".msg.own"))).hasSize(1);
    }

    static By row(String conversationId) {
        return By.cssSelector(rowCss(conversationId) + " .conv-open");
    }

    static String rowCss(String conversationId) {
        return "li.conv[data-id='" + conversationId + "']";
    }

    static java.util.List<String> visibleRows(Browser browser) {
        return browser.all(By.cssSelector("li.conv")).stream()
                .filter(WebElement::isDisplayed)
                .map(r -> r.findElement(By.cssSelector(".conv-open")).getText())
                .toList();
    }
}
