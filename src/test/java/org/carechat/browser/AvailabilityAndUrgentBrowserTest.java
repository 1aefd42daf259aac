package org.carechat.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.carechat.identity.Role;
import org.carechat.org.Organisation;
import org.carechat.testing.Response;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

/** The status selector and urgent messages in real browsers (issue #6). */
class AvailabilityAndUrgentBrowserTest extends BrowserTest {

    @Test
    void theSelectorSetsAStatusThatAColleaguesBrowserShowsLiveNextToTheName() {
        Organisation org = newOrg();
        Person alice = person(org, Role.CLINICIAN, "Alice Adams");
        Person bob = person(org, Role.NURSE, "Bob Brown");
        String ward = conversation(alice, "Ward 7 handover", null, bob);
        send(alice, ward, "Bed 2 is ready");
        signIn(alicesBrowser, alice);
        signIn(bobsBrowser, bob);
        bobsBrowser.click(LiveChatBrowserTest.row(ward));
        By alicesStatus = By.cssSelector(".msg.other .user-status");
        bobsBrowser.waitForText(By.cssSelector(".msg.other .msg-sender"), "Alice Adams");
        assertThat(bobsBrowser.driver.findElement(alicesStatus).getAttribute("data-status"))
                .isEqualTo("available");

        new Select(alicesBrowser.find(By.cssSelector(".status-select"))).selectByValue("busy");
        WebElement shown = bobsBrowser.waitForText(alicesStatus, "Busy");
        assertThat(shown.getAttribute("data-status")).isEqualTo("busy");
        Screenshots.save(bobsBrowser, "desktop-colleague-busy");

        new Select(alicesBrowser.find(By.cssSelector(".status-for"))).selectByValue("60");
        bobsBrowser.waitForText(alicesStatus, "Busy until");
        new Select(alicesBrowser.find(By.cssSelector(".status-select"))).selectByValue("available");
        bobsBrowser.until(d -> "available".equals(d.findElement(alicesStatus).getAttribute("data-status")));
        assertThat(bobsBrowser.driver.findElement(alicesStatus).getText()).isEmpty();
    }

    @Test
    void aColleaguesStatusChangeShowsLiveInTheirListRowThreadHeaderAndThePeoplePicker() {
        Organisation org = newOrg();
        Person alice = person(org, Role.CLINICIAN, "Alice Adams");
        Person bob = person(org, Role.NURSE, "Bob Brown");
        String direct = direct(alice.staff(), bob.staff());
        send(alice, direct, "Are you on the ward?");
        signIn(alicesBrowser, alice);
        signIn(bobsBrowser, bob);
        bobsBrowser.open(base() + "/#/c/" + direct);
        bobsBrowser.waitForText(By.id("thread-title"), "Alice Adams");
        By inRow = By.cssSelector(LiveChatBrowserTest.rowCss(direct) + " .user-status");
        By inHeader = By.cssSelector("#thread-title .user-status");
        // Available shows as nothing (an empty badge is not displayed), so these are looked up, not waited for
        bobsBrowser.until(d -> "available".equals(d.findElement(inRow).getAttribute("data-status"))
                && "available".equals(d.findElement(inHeader).getAttribute("data-status")));

        new Select(alicesBrowser.find(By.cssSelector(".status-select"))).selectByValue("unavailable");
        assertThat(bobsBrowser.waitForText(inRow, "Unavailable").getAttribute("data-status"))
                .isEqualTo("unavailable");
        assertThat(bobsBrowser.waitForText(inHeader, "Unavailable").getAttribute("data-status"))
                .isEqualTo("unavailable");
        bobsBrowser.click(By.cssSelector("button.new-conversation")); // and where a colleague is picked
        bobsBrowser.type(By.id("new-staff-search"), "Alice");
        bobsBrowser.waitForText(By.cssSelector(".pick[data-id='" + alice.id() + "'] .user-status"), "Unavailable");
        bobsBrowser.click(By.cssSelector("dialog .close"));

        new Select(alicesBrowser.find(By.cssSelector(".status-select"))).selectByValue("available");
        bobsBrowser.until(d -> "available".equals(d.findElement(inRow).getAttribute("data-status"))
                && "available".equals(d.findElement(inHeader).getAttribute("data-status")));
    }

    @Test
    void unavailableWithADelegateChosenInTheSelectorForwardsAMessageAndTheSenderSeesToWhom() {
        Organisation org = newOrg();
        Person alice = person(org, Role.CLINICIAN, "Alice Adams");
        Person bob = person(org, Role.NURSE, "Bob Brown");
        Person carol = person(org, Role.CLINICIAN, "Carol Cole");
        String direct = direct(bob, alice);
        String carolsWithBob = direct(bob, carol);
        signIn(alicesBrowser, alice);
        signIn(bobsBrowser, bob);

        new Select(alicesBrowser.find(By.cssSelector(".status-select"))).selectByValue("unavailable");
        alicesBrowser.click(By.cssSelector(".forwarding-open"));
        alicesBrowser.type(By.id("forward-search"), "Carol");
        alicesBrowser.click(By.cssSelector("#forward-search-results .pick[data-id='" + carol.id() + "']"));
        alicesBrowser.waitForText(By.cssSelector(".forwarding .chip"), "Carol Cole");
        assertAccessible(alicesBrowser, "the forwarding dialog");
        alicesBrowser.click(By.cssSelector(".forwarding button[type=submit]"));
        alicesBrowser.waitForText(By.cssSelector(".forwarding-open"), "Forwarding to 1");

        bobsBrowser.open(base() + "/#/c/" + direct);
        bobsBrowser.type(By.id("message-input"), "Can you see bed 4?");
        bobsBrowser.pressEnter(By.id("message-input"));
        bobsBrowser.waitForText(By.cssSelector("li.system"), "Alice Adams is unavailable: forwarded to Carol Cole");

        List<String> carolReads = get(carol.staff(), "/api/v1/conversations/" + carolsWithBob + "/messages")
                .json()
                .valueStream()
                .filter(e -> "text".equals(e.get("kind").asString()))
                .map(e -> e.get("body").asString())
                .toList();
        assertThat(carolReads)
                .singleElement()
                .asString()
                .startsWith("Forwarded from Alice Adams")
                .contains("Can you see bed 4?");
    }

    @Test
    void anUrgentMessageShowsApartAlertsAndAcknowledgingInOneBrowserClearsItInBoth() {
        Organisation org = newOrg();
        Person alice = person(org, Role.CLINICIAN, "Alice Adams");
        Person bob = person(org, Role.NURSE, "Bob Brown");
        String direct = direct(alice.staff(), bob.staff());
        signIn(alicesBrowser, bob); // Bob's two open browsers: "alicesBrowser" is his desktop here
        signIn(bobsBrowser, bob);

        Response sent = post(
                alice.staff(),
                "/api/v1/conversations/" + direct + "/messages",
                Map.of(
                        "clientMsgId",
                        UUID.randomUUID().toString(),
                        "body",
                        "Potassium 6.9, please call me",
                        "urgent",
                        true));
        assertThat(sent.status()).as(sent.text()).isEqualTo(201);

        By item = By.cssSelector(".urgent-panel .urgent-item");
        for (Browser browser : new Browser[] {alicesBrowser, bobsBrowser}) {
            browser.waitForText(item, "From Alice Adams");
            WebElement toast = browser.waitForText(By.cssSelector(".urgent-toast"), "Urgent message from Alice Adams");
            assertThat(toast.getText())
                    .as("the sound's toast names the sender only")
                    .doesNotContain("Potassium");
            // the banner, in the page: which conversation, and the start of the message (issue #19)
            browser.waitForText(item, "Potassium 6.9, please call me");
            assertThat(browser.find(item).getText()).contains("in Alice Adams");
        }
        bobsBrowser.click(By.cssSelector(".urgent-item .urgent-open"));
        bobsBrowser.waitForText(By.cssSelector(".msg.other.urgent .urgent-mark"), "Urgent");
        Screenshots.save(bobsBrowser, "desktop-urgent");
        assertAccessible(bobsBrowser, "an urgent message waiting for acknowledgement");

        alicesBrowser.click(By.cssSelector(".urgent-item .acknowledge"));
        alicesBrowser.waitUntilGone(item);
        bobsBrowser.waitUntilGone(item);
        assertThat(bobsBrowser.all(By.cssSelector(".urgent-panel")).getFirst().isDisplayed())
                .isFalse();
        bobsBrowser.waitForText(By.cssSelector("li.system"), "Bob Brown acknowledged the urgent message");
    }

    @Test
    void aSenderMarksAMessageUrgentInTheComposerAndSeesWhoAcknowledgedIt() {
        Organisation org = newOrg();
        Person alice = person(org, Role.CLINICIAN, "Alice Adams");
        Person bob = person(org, Role.NURSE, "Bob Brown");
        String direct = direct(alice.staff(), bob.staff());
        signIn(alicesBrowser, alice);
        signIn(bobsBrowser, bob);
        alicesBrowser.open(base() + "/#/c/" + direct);
        alicesBrowser.click(By.cssSelector(".urgent-toggle"));
        assertThat(alicesBrowser.find(By.cssSelector(".urgent-toggle")).getAttribute("aria-pressed"))
                .isEqualTo("true");
        alicesBrowser.type(By.id("message-input"), "Please come to bay 3");
        alicesBrowser.pressEnter(By.id("message-input"));
        alicesBrowser.waitForText(By.cssSelector(".msg.own.urgent .urgent-mark"), "Urgent");
        assertThat(alicesBrowser.find(By.cssSelector(".urgent-toggle")).getAttribute("aria-pressed"))
                .as("only that message")
                .isEqualTo("false");

        bobsBrowser.waitForText(By.cssSelector(".urgent-panel .urgent-item"), "From Alice Adams");
        bobsBrowser.click(By.cssSelector(".urgent-item .acknowledge"));
        bobsBrowser.waitUntilGone(By.cssSelector(".urgent-panel .urgent-item"));
        alicesBrowser.waitForText(By.cssSelector("li.system"), "Bob Brown acknowledged the urgent message");
    }
}
