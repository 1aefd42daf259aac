package org.carechat.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.carechat.conversation.Conversation;
import org.carechat.conversation.NewConversation;
import org.carechat.identity.Role;
import org.carechat.org.Organisation;
import org.carechat.patient.Patient;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

/**
 * A patient's conversation history in the staff app: reached from the patient's profile, it lists the conversations
 * about that patient the nurse may see (newest first), narrows to one audience, and opens one; on a desktop and on a
 * phone, accessible.
 */
class PatientHistoryBrowserTest extends BrowserTest {

    @Test
    void theProfileLeadsToThePatientsHistoryWhichFiltersByAudienceAndOpensAConversation() {
        Organisation org = newOrg();
        Person admin = person(org, Role.ADMIN, "Ada Admin");
        Person alice = person(org, Role.NURSE, "Alice Adams");
        Patient fay = patient(admin, "MRN-FAY-1", "Fay", "Ling");
        Patient gus = patient(admin, "MRN-GUS-1", "Gus", "Hart");
        String withFay = conversation(alice, "Your knee exercises", fay, admin);
        String planning = aboutPatient(alice, fay, "Discharge planning", admin);
        conversation(alice, "Bloods on Monday", gus, admin);
        send(alice, planning, "Transport booked for Friday");
        signIn(alicesBrowser, alice);

        alicesBrowser.open(base() + "/#/patients/" + fay.id());
        alicesBrowser.click(By.cssSelector("dialog .history-link"));

        alicesBrowser.waitForText(By.cssSelector(".console-title"), "Conversations about Fay Ling");
        assertThat(titles()).containsExactly("Discharge planning", "Your knee exercises");
        assertAccessible(alicesBrowser, "a patient's conversation history");

        new Select(alicesBrowser.find(By.id("history-audience"))).selectByValue("patient");
        alicesBrowser.until(d -> titles().equals(List.of("Your knee exercises")));

        alicesBrowser.click(By.cssSelector(".history-item a"));
        alicesBrowser.until(d -> d.getCurrentUrl().endsWith("#/c/" + withFay));
        alicesBrowser.waitForText(By.cssSelector(".thread-header"), "Your knee exercises");
    }

    @Test
    void theHistoryFitsAPhone() {
        Organisation org = newOrg();
        Person admin = person(org, Role.ADMIN, "Ada Admin");
        Person alice = person(org, Role.NURSE, "Alice Adams");
        Patient fay = patient(admin, "MRN-FAY-2", "Fay", "Ling");
        conversation(alice, "Your knee exercises", fay, admin);
        signIn(alicesBrowser, alice);
        alicesBrowser.phone();

        alicesBrowser.open(base() + "/#/patients/" + fay.id() + "/history");

        WebElement row = alicesBrowser.waitForText(By.cssSelector(".history-item"), "Your knee exercises");
        assertThat(row.getRect().getX() + row.getRect().getWidth()).isLessThanOrEqualTo(390);
        assertThat(alicesBrowser.script("return document.documentElement.scrollWidth"))
                .isEqualTo(390L);
        assertAccessible(alicesBrowser, "a patient's conversation history on a phone");
    }

    private List<String> titles() {
        return alicesBrowser.all(By.cssSelector(".history-item .history-title")).stream()
                .map(WebElement::getText)
                .toList();
    }

    private String aboutPatient(Person owner, Patient patient, String topic, Person other) {
        return conversations
                .create(
                        asCurrent(owner.staff()),
                        new NewConversation(
                                Conversation.Kind.GROUP,
                                Conversation.Audience.STAFF,
                                topic,
                                patient.id(),
                                true,
                                List.of(other.id()),
                                null))
                .id();
    }
}
