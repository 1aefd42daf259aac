package org.carechat.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.carechat.identity.Role;
import org.carechat.org.Organisation;
import org.carechat.patient.Patient;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/** Creating, editing and deleting through the dialogs, and user text that must stay text. */
class ConversationBrowserTest extends BrowserTest {

    @Autowired
    JdbcClient jdbc;

    @Test
    void aGroupWithAPatientAndStaffIsCreatedThenFlippedToOneWayAndTheBoxDisappearsForOthers() {
        Organisation org = newOrg();
        Person admin = person(org, Role.ADMIN, "Ada Admin");
        Person alice = person(org, Role.CLINICIAN, "Alice Adams");
        Person bob = person(org, Role.NURSE, "Bob Brown");
        Person carol = person(org, Role.STAFF, "Carol Clark");
        Patient john = patient(admin, "MRN-7001", "John", "Bloggs");
        signIn(alicesBrowser, alice);
        signIn(bobsBrowser, bob);

        alicesBrowser.click(By.cssSelector("button.new-conversation"));
        alicesBrowser.click(By.cssSelector("input[name=audience][value=patient]"));
        alicesBrowser.type(By.id("new-patient-search"), "Blo");
        alicesBrowser.click(By.cssSelector("#new-patient-search-results button[data-id='" + john.id() + "']"));
        assertThat(alicesBrowser.find(By.id("new-topic")).getAttribute("value"))
                .as("the topic is not filled in with the patient's name: everyone in the conversation sees it")
                .isEmpty();
        alicesBrowser.type(By.id("new-topic"), "Post-surgery follow-up");
        alicesBrowser.type(By.id("new-staff-search"), "Bob");
        alicesBrowser.click(By.cssSelector("#new-staff-search-results button[data-id='" + bob.id() + "']"));
        alicesBrowser.type(By.id("new-first-message"), "Wound check on Friday, please");
        Screenshots.save(alicesBrowser, "desktop-new-conversation");
        assertAccessible(alicesBrowser, "the new-conversation dialog");
        alicesBrowser.click(By.cssSelector("dialog button[type=submit]"));

        alicesBrowser.waitForText(By.cssSelector(".msg.own .msg-body"), "Wound check on Friday, please");
        assertThat(alicesBrowser.find(By.id("thread-title")).getText()).isEqualTo("Post-surgery follow-up");
        assertThat(alicesBrowser.find(By.cssSelector(".thread-patient")).getText())
                .isEqualTo("John Bloggs");
        String url = alicesBrowser.driver.getCurrentUrl();
        String row = LiveChatBrowserTest.rowCss(url.substring(url.indexOf("#/c/") + 4));
        bobsBrowser.waitForText(By.cssSelector(row + " .conv-open"), "Post-surgery follow-up");
        assertThat(bobsBrowser.find(By.cssSelector(row + " .patient-link")).getText())
                .isEqualTo("John Bloggs");
        assertThat(bobsBrowser.find(By.cssSelector(row + " .patient-id")).getText())
                .isEqualTo("ID MRN-7001");
        assertThat(bobsBrowser.find(By.cssSelector(row + " .avatar")).getText()).isEqualTo("JB");
        bobsBrowser.click(By.cssSelector(row + " .conv-open"));
        bobsBrowser.waitForText(By.cssSelector(".msg.other .msg-body"), "Wound check on Friday, please");
        bobsBrowser.find(By.id("message-input"));
        assertThat(bobsBrowser.all(By.cssSelector(".thread-actions .edit"))).isEmpty();

        bobsBrowser.click(By.cssSelector(".thread-actions .profile"));
        assertThat(bobsBrowser.find(By.cssSelector("dialog .profile")).getText())
                .contains("MRN-7001")
                .contains("1956-04-12");
        assertAccessible(bobsBrowser, "the patient profile");
        bobsBrowser.click(By.cssSelector("dialog .close"));

        alicesBrowser.click(By.cssSelector(".thread-actions .edit"));
        assertThat(alicesBrowser.find(By.cssSelector("dialog .member-list")).getText())
                .contains("Bob Brown");
        alicesBrowser.type(By.id("edit-staff-search"), "Carol");
        alicesBrowser.click(By.cssSelector("#edit-staff-search-results button[data-id='" + carol.id() + "']"));
        alicesBrowser.waitForText(By.cssSelector("dialog .member-list"), "Carol Clark");
        alicesBrowser.waitForText(By.cssSelector(".thread-sub"), "3 members");
        assertAccessible(alicesBrowser, "the edit dialog");
        alicesBrowser.click(By.cssSelector("dialog .member-list li[data-id='" + carol.id() + "'] button"));
        alicesBrowser.until(d ->
                !d.findElement(By.cssSelector("dialog .member-list")).getText().contains("Carol"));
        alicesBrowser.waitForText(By.cssSelector(".thread-sub"), "2 members");
        alicesBrowser.click(By.id("edit-accept"));
        alicesBrowser.click(By.cssSelector("dialog button[type=submit]"));
        alicesBrowser.waitUntilGone(By.cssSelector("dialog"));

        WebElement note = bobsBrowser.find(By.cssSelector(".one-way-note"));
        assertThat(note.getText()).contains("1-way");
        assertThat(bobsBrowser.all(By.id("message-input"))).isEmpty();
        assertThat(alicesBrowser.find(By.id("message-input")).isDisplayed()).isTrue();
        Screenshots.save(bobsBrowser, "desktop-one-way");

        alicesBrowser.click(By.cssSelector(".thread-actions .edit"));
        alicesBrowser.click(By.id("edit-accept"));
        alicesBrowser.click(By.cssSelector("dialog button[type=submit]"));
        bobsBrowser.find(By.id("message-input"));
        assertThat(bobsBrowser.all(By.cssSelector(".one-way-note"))).isEmpty();
    }

    @Test
    void aMessageDeletedFromItsTrashIconDisappearsForEveryoneAndStaysForAudit() {
        Organisation org = newOrg();
        Person alice = person(org, Role.CLINICIAN, "Alice Adams");
        Person bob = person(org, Role.NURSE, "Bob Brown");
        String c = conversation(alice, "Discharge planning", null, bob);
        send(alice, c, "Keep this one");
        long wrong = send(alice, c, "Wrong patient, sorry");
        signIn(alicesBrowser, alice);
        signIn(bobsBrowser, bob);
        alicesBrowser.click(LiveChatBrowserTest.row(c));
        bobsBrowser.click(LiveChatBrowserTest.row(c));
        bobsBrowser.waitForText(By.cssSelector(".msg.other .msg-body"), "Wrong patient, sorry");

        alicesBrowser.click(By.cssSelector(".msg.own[data-seq='" + wrong + "'] button.delete"));
        alicesBrowser.click(By.cssSelector("dialog.confirm button.danger"));

        alicesBrowser.waitUntilGone(By.cssSelector(".msg[data-seq='" + wrong + "']"));
        bobsBrowser.waitUntilGone(By.cssSelector(".msg[data-seq='" + wrong + "']"));
        assertThat(ReconnectBrowserTest.bodies(bobsBrowser, ".msg")).containsExactly("Keep this one");
        assertThat(ReconnectBrowserTest.bodies(alicesBrowser, ".msg")).containsExactly("Keep this one");
        bobsBrowser.waitForText(By.cssSelector(LiveChatBrowserTest.rowCss(c) + " .message-count"), "1 message");

        JsonNode entry = get(
                        alice.staff(), "/api/v1/conversations/" + c + "/messages?after=" + (wrong - 1) + "&limit=1")
                .json()
                .get(0);
        assertThat(entry.get("deleted").asBoolean()).isTrue();
        List<String> audited = jdbc.sql("SELECT type FROM audit_event WHERE conversation_id = ? AND type = ?")
                .params(c, "MESSAGE_DELETED")
                .query(String.class)
                .list();
        assertThat(audited).hasSize(1);
    }

    @Test
    void markupInMessagesAndTopicsIsShownAsTextAndNeverRuns() {
        Organisation org = newOrg();
        Person alice = person(org, Role.CLINICIAN, "Alice Adams");
        Person bob = person(org, Role.NURSE, "Bob <b>Brown</b>");
        String topic = "<img src=x onerror=\"window.__pwned='topic'\">";
        String c = conversation(alice, topic, null, bob);
        String image = "<img src=x onerror=\"window.__pwned='image'\">";
        String script = "<script>window.__pwned='script'</script>";
        send(bob, c, image);
        signIn(alicesBrowser, alice);
        alicesBrowser.click(LiveChatBrowserTest.row(c));
        alicesBrowser.type(By.id("message-input"), script);
        alicesBrowser.pressEnter(By.id("message-input"));

        alicesBrowser.waitForText(By.cssSelector(".msg.own .msg-body"), script);
        assertThat(alicesBrowser.find(By.cssSelector(".msg.other .msg-body")).getText())
                .isEqualTo(image);
        assertThat(alicesBrowser.find(By.cssSelector(".msg.other .msg-sender")).getText())
                .isEqualTo("Bob <b>Brown</b>");
        assertThat(alicesBrowser.find(By.id("thread-title")).getText()).isEqualTo(topic);
        assertThat(alicesBrowser.find(By.cssSelector("li.conv .conv-open")).getText())
                .isEqualTo(topic);
        assertThat(alicesBrowser.all(
                        By.cssSelector(".messages img, .conversations img, .messages script, .messages b")))
                .isEmpty();
        assertThat(alicesBrowser.script("return window.__pwned === undefined")).isEqualTo(true);
    }
}
