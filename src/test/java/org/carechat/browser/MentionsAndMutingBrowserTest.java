package org.carechat.browser;

import static org.assertj.core.api.Assertions.assertThat;

import org.carechat.identity.Role;
import org.carechat.org.Organisation;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

/**
 * @mentions and muting: typing "@" offers the members, the message names the chosen one by id; a muted conversation
 * stays quiet (no alert, not in the badge) until a message mentions the member.
 */
class MentionsAndMutingBrowserTest extends BrowserTest {

    private static final By BOX = By.id("message-input");

    @Test
    void aMutedConversationStaysQuietUntilAMessageMentionsTheMember() {
        Organisation org = newOrg();
        Person alice = person(org, Role.CLINICIAN, "Alice Adams");
        Person bob = person(org, Role.NURSE, "Bob Brown");
        Person cat = person(org, Role.NURSE, "Cat Cole");
        String ward = conversation(alice, "Ward 4", null, bob, cat);
        String rota = conversation(alice, "Rota", null, bob);
        signIn(alicesBrowser, alice);
        signIn(bobsBrowser, bob);
        bobsBrowser.until(d -> "true" // alerts are on by default for staff
                .equals(d.findElement(By.cssSelector("button.alerts-toggle")).getAttribute("aria-pressed")));
        bobsBrowser.click(LiveChatBrowserTest.row(ward));
        bobsBrowser.click(By.cssSelector(".thread-actions .mute"));
        bobsBrowser.until(d -> "true"
                .equals(d.findElement(By.cssSelector(".thread-actions .mute")).getAttribute("aria-pressed")));
        assertAccessible(bobsBrowser, "a muted conversation");
        bobsBrowser.click(LiveChatBrowserTest.row(rota));
        bobsBrowser.waitForText(By.id("thread-title"), "Rota");
        String row = "li.conv[data-id='" + ward + "']";
        bobsBrowser.waitForText(By.cssSelector(row + " .muted-mark"), "Muted");

        alicesBrowser.click(LiveChatBrowserTest.row(ward));
        alicesBrowser.type(BOX, "Tea is ready");
        alicesBrowser.pressEnter(BOX);
        bobsBrowser.waitForText(By.cssSelector(row + " .unread-count"), "1 unread");
        assertThat(bobsBrowser.title()).as("not in the badge").isEqualTo("CareChat");
        assertThat(bobsBrowser.all(By.cssSelector(".toast"))).as("no alert").isEmpty();

        alicesBrowser.find(BOX).sendKeys("@Bo");
        WebElement offered = alicesBrowser.waitForText(By.cssSelector(".mention-list [role=option]"), "Bob Brown");
        assertThat(offered.getAttribute("aria-selected")).isEqualTo("true");
        assertThat(alicesBrowser.all(By.cssSelector(".mention-list [role=option]")))
                .as("only the members whose name starts so")
                .hasSize(1);
        assertAccessible(alicesBrowser, "members offered for a mention");
        alicesBrowser.find(BOX).sendKeys(Keys.ENTER);
        alicesBrowser.waitUntilGone(By.cssSelector(".mention-list"));
        alicesBrowser.find(BOX).sendKeys("can you check bed 7?");
        assertThat(alicesBrowser.find(BOX).getAttribute("value")).isEqualTo("@Bob Brown can you check bed 7?");
        alicesBrowser.pressEnter(BOX);

        bobsBrowser.waitForText(By.cssSelector(row + " .mention-count"), "1 mention");
        bobsBrowser.until(d -> d.getTitle().equals("(1) CareChat"));
        bobsBrowser.waitForText(By.cssSelector(".toast"), "New message from Alice Adams");
        assertAccessible(bobsBrowser, "a muted conversation with a mention");
        bobsBrowser.click(LiveChatBrowserTest.row(ward));
        WebElement mention = bobsBrowser.waitForText(By.cssSelector(".msg.mentions-me"), "can you check bed 7?");
        assertThat(mention.findElement(By.cssSelector(".mention-mark")).getText())
                .isEqualTo("Mentions you");
        bobsBrowser.until(d -> d.getTitle().equals("CareChat"));
    }

    @Test
    void onAPhoneTheMembersOfferedForAMentionAreTappableAndTheMessageNamesTheChosenOne() {
        Organisation org = newOrg();
        Person alice = person(org, Role.CLINICIAN, "Alice Adams");
        Person bob = person(org, Role.NURSE, "Bob Brown");
        Person bea = person(org, Role.NURSE, "Bea Brown");
        String ward = conversation(alice, "Ward 4", null, bob, bea);
        alicesBrowser.phone();
        signIn(alicesBrowser, alice);
        alicesBrowser.click(LiveChatBrowserTest.row(ward));
        alicesBrowser.find(BOX).sendKeys("Thanks @brown");
        assertThat(alicesBrowser.all(By.cssSelector(".mention-list [role=option]")))
                .extracting(WebElement::getText)
                .containsExactlyInAnyOrder("Bob Brown", "Bea Brown");
        assertAccessible(alicesBrowser, "members offered for a mention on a phone");
        alicesBrowser
                .waitForText(By.cssSelector(".mention-list [role=option]"), "Bea Brown")
                .click();
        alicesBrowser.pressEnter(BOX);
        alicesBrowser.waitForText(By.cssSelector(".msg.own:not(.pending) .msg-body"), "Thanks @Bea Brown");
        var page = get(alice.staff(), "/api/v1/conversations/" + ward + "/messages")
                .json();
        assertThat(page.get(page.size() - 1).get("meta").get("mentions").get(0).asString())
                .isEqualTo(bea.id());
    }
}
