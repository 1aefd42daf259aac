package org.carechat.browser;

import static org.assertj.core.api.Assertions.assertThat;

import org.carechat.identity.Role;
import org.carechat.org.Organisation;
import org.carechat.patient.Patient;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

/** Searching the list, keyboard-only use, and the phone layout. */
class ListAndMobileBrowserTest extends BrowserTest {

    @Test
    void searchFindsConversationsByTopicByPatientNameByPatientIdAndDirectOnesByTheOtherPersonsName() {
        Organisation org = newOrg();
        Person admin = person(org, Role.ADMIN, "Ada Admin");
        Person alice = person(org, Role.CLINICIAN, "Alice Adams");
        Patient john = patient(admin, "MRN-1001", "John", "Bloggs");
        Patient mary = patient(admin, "MRN-2002", "Mary", "Shelley");
        conversation(alice, "Medication questions", john);
        conversation(alice, "Post-surgery follow-up", mary);
        conversation(alice, "Rota", null);
        direct(person(org, Role.NURSE, "Bob Brown"), alice);
        signIn(alicesBrowser, alice);
        // the list is read once the link is up ("Connected"), so its rows may come a moment after
        alicesBrowser.until(d -> LiveChatBrowserTest.visibleRows(alicesBrowser).size() == 4);
        assertThat(LiveChatBrowserTest.visibleRows(alicesBrowser)).hasSize(4).contains("Bob Brown");

        search("medication");
        assertThat(LiveChatBrowserTest.visibleRows(alicesBrowser)).containsExactly("Medication questions");
        search("shelley");
        assertThat(LiveChatBrowserTest.visibleRows(alicesBrowser)).containsExactly("Post-surgery follow-up");
        search("MRN-1001");
        assertThat(LiveChatBrowserTest.visibleRows(alicesBrowser)).containsExactly("Medication questions");
        search("brown");
        assertThat(LiveChatBrowserTest.visibleRows(alicesBrowser))
                .as("a direct conversation by the other's name")
                .containsExactly("Bob Brown");
        search("nothing like this");
        assertThat(LiveChatBrowserTest.visibleRows(alicesBrowser)).isEmpty();
        assertThat(alicesBrowser.find(By.cssSelector(".list-empty")).getText()).isEqualTo("No conversation matches.");
    }

    @Test
    void keyboardAloneOpensAConversationAndSendsAMessage() {
        Organisation org = newOrg();
        Person alice = person(org, Role.CLINICIAN, "Alice Adams");
        Person bob = person(org, Role.NURSE, "Bob Brown");
        conversation(alice, "Keyboard round", null, bob);
        signIn(alicesBrowser, alice);

        WebElement search = alicesBrowser.find(By.id("conversation-search"));
        search.sendKeys("Keyboard");
        WebElement focused = null;
        for (int i = 0; i < 10; i++) {
            alicesBrowser.driver.switchTo().activeElement().sendKeys(Keys.TAB);
            focused = alicesBrowser.driver.switchTo().activeElement();
            if ("Keyboard round".equals(focused.getText())) {
                break;
            }
        }
        assertThat(focused.getText()).as("Tab reaches the conversation").isEqualTo("Keyboard round");
        focused.sendKeys(Keys.ENTER);
        alicesBrowser.until(
                d -> "message-input".equals(d.switchTo().activeElement().getAttribute("id")));
        alicesBrowser.driver.switchTo().activeElement().sendKeys("Sent without a mouse", Keys.ENTER);
        alicesBrowser.waitForText(By.cssSelector(".msg.own .msg-body"), "Sent without a mouse");
        alicesBrowser.waitUntilGone(By.cssSelector(".msg.pending"));

        WebElement edit = null;
        for (int i = 0; i < 6; i++) {
            alicesBrowser.driver.switchTo().activeElement().sendKeys(Keys.chord(Keys.SHIFT, Keys.TAB));
            edit = alicesBrowser.driver.switchTo().activeElement();
            if ("Edit".equals(edit.getText())) {
                break;
            }
        }
        assertThat(edit.getText()).as("Shift+Tab reaches the edit button").isEqualTo("Edit");
        edit.sendKeys(Keys.ENTER);
        alicesBrowser.find(By.cssSelector("dialog .member-list"));
        alicesBrowser.driver.switchTo().activeElement().sendKeys(Keys.ESCAPE);
        alicesBrowser.waitUntilGone(By.cssSelector("dialog"));
        assertThat(alicesBrowser.driver.switchTo().activeElement().getText()).isEqualTo("Edit");
    }

    @Test
    void onAPhoneTheListIsFullWidthAndTheThreadOpensOverIt() {
        Organisation org = newOrg();
        Person admin = person(org, Role.ADMIN, "Ada Admin");
        Person alice = person(org, Role.CLINICIAN, "Alice Adams");
        Person bob = person(org, Role.NURSE, "Bob Brown");
        Patient john = patient(admin, "MRN-3003", "John", "Bloggs");
        String c = conversation(alice, "Medication questions", john, bob);
        send(bob, c, "Can the evening dose move to 20:00?");
        alicesBrowser.phone();
        signIn(alicesBrowser, alice);

        assertThat(alicesBrowser.script("return window.innerWidth")).isEqualTo(390L);
        WebElement list = alicesBrowser.find(By.id("conversation-list"));
        assertThat(list.getRect().getWidth()).isEqualTo(390);
        assertThat(alicesBrowser.all(By.cssSelector(".thread-pane")).getFirst().isDisplayed())
                .isFalse();
        WebElement row = alicesBrowser.find(By.cssSelector("li.conv"));
        assertThat(row.getRect().getHeight()).isGreaterThanOrEqualTo(44);
        Screenshots.save(alicesBrowser, "mobile-list");
        assertAccessible(alicesBrowser, "the list on a phone");

        alicesBrowser.click(LiveChatBrowserTest.row(c));
        alicesBrowser.waitForText(By.cssSelector(".msg.other .msg-body"), "evening dose");
        WebElement thread = alicesBrowser.find(By.cssSelector(".thread-pane"));
        assertThat(thread.getRect().getX()).isZero();
        assertThat(thread.getRect().getWidth()).isEqualTo(390);
        assertThat(thread.getRect().getHeight()).isEqualTo(844);
        alicesBrowser.type(By.id("message-input"), "Yes, from tonight");
        alicesBrowser.click(By.cssSelector(".composer .send"));
        alicesBrowser.waitForText(By.cssSelector(".msg.own .msg-body"), "Yes, from tonight");
        WebElement send = alicesBrowser.find(By.cssSelector(".composer .send"));
        assertThat(send.getRect().getHeight()).isGreaterThanOrEqualTo(44);
        Screenshots.save(alicesBrowser, "mobile-thread");
        assertAccessible(alicesBrowser, "a thread on a phone");

        alicesBrowser.click(By.cssSelector(".thread-header .back"));
        alicesBrowser.waitUntilGone(By.cssSelector(".thread-pane"));
        assertThat(alicesBrowser.find(By.id("conversation-list")).isDisplayed()).isTrue();
    }

    private void search(String text) {
        WebElement field = alicesBrowser.find(By.id("conversation-search"));
        field.clear();
        field.sendKeys(text);
    }
}
