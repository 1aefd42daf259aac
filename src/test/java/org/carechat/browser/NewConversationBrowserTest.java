package org.carechat.browser;

import static org.assertj.core.api.Assertions.assertThat;

import org.carechat.identity.Role;
import org.carechat.org.Organisation;
import org.carechat.patient.Patient;
import org.carechat.testing.Staff;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/** The New conversation dialog: who a conversation is with, on a desktop and on a phone. */
class NewConversationBrowserTest extends BrowserTest {

    @Autowired
    JdbcClient jdbc;

    @Test
    void aDirectMessageToAColleagueIsTwoTapsAndPickingThemAgainOpensTheSameConversation() {
        Organisation org = newOrg();
        Person alice = person(org, Role.CLINICIAN, "Alice Adams");
        Person bob = person(org, Role.NURSE, "Bob Brown");
        signIn(alicesBrowser, alice);

        String first = directByDialog(bob);
        assertThat(alicesBrowser.find(By.id("thread-title")).getText()).isEqualTo("Bob Brown");
        assertThat(alicesBrowser.all(By.id("new-topic"))).as("no topic asked").isEmpty();
        alicesBrowser.type(By.id("message-input"), "Are you on the ward?");
        alicesBrowser.pressEnter(By.id("message-input"));
        alicesBrowser.waitForText(By.cssSelector(".msg.own .msg-body"), "Are you on the ward?");
        assertAccessible(alicesBrowser, "a direct conversation made from the dialog");

        alicesBrowser.phone();
        alicesBrowser.script("location.hash = '#/'");
        String again = directByDialog(bob);
        assertThat(again).isEqualTo(first);
        alicesBrowser.waitForText(By.cssSelector(".msg.own .msg-body"), "Are you on the ward?");
        assertAccessible(alicesBrowser, "the direct conversation on a phone");
        assertThat(jdbc.sql("SELECT COUNT(*) FROM conversation WHERE org_id = ? AND kind = 'direct'")
                        .param(org.id())
                        .query(Long.class)
                        .single())
                .isEqualTo(1L);
    }

    @Test
    void aConversationAboutAPatientIsStaffOnlyWhileOneWithThePatientSaysSoAndShowsTheirMessagesApart() {
        Organisation org = newOrg();
        Person admin = person(org, Role.ADMIN, "Ada Admin");
        Person alice = person(org, Role.CLINICIAN, "Alice Adams");
        Person bob = person(org, Role.NURSE, "Bob Brown");
        Patient john = patient(admin, "MRN-7201", "John", "Bloggs");
        signIn(alicesBrowser, alice);

        alicesBrowser.click(By.cssSelector("button.new-conversation"));
        alicesBrowser.click(By.cssSelector("input[name=audience][value=about]"));
        alicesBrowser.type(By.id("new-patient-search"), "Blo");
        alicesBrowser.click(By.cssSelector("#new-patient-search-results button[data-id='" + john.id() + "']"));
        alicesBrowser.type(By.id("new-topic"), "Safeguarding concern");
        alicesBrowser.type(By.id("new-staff-search"), "Bob");
        alicesBrowser.click(By.cssSelector("#new-staff-search-results button[data-id='" + bob.id() + "']"));
        assertAccessible(alicesBrowser, "the dialog for a staff-only conversation about a patient");
        alicesBrowser.click(By.cssSelector("dialog button[type=submit]"));

        alicesBrowser.waitForText(By.id("thread-title"), "Safeguarding concern");
        assertThat(alicesBrowser.find(By.cssSelector(".thread-patient")).getText())
                .isEqualTo("John Bloggs");
        assertThat(alicesBrowser.all(By.cssSelector(".audience-note"))).isEmpty();
        alicesBrowser.find(By.cssSelector(".composer .urgent-toggle"));
        JsonNode about = get(alice.staff(), "/api/v1/conversations/" + openConversation())
                .json()
                .get("conversation");
        assertThat(about.get("audience").asString()).isEqualTo("staff");
        assertThat(about.get("patientId").asString()).isEqualTo(john.id());
        Staff johnsAccount = patientAccount(john);
        assertThat(get(johnsAccount, "/api/v1/conversations/" + openConversation())
                        .status())
                .as("the patient cannot open it")
                .isEqualTo(404);

        String withJohn = conversation(alice, "Your medication", john, bob);
        sendText(johnsAccount, withJohn, "Can I take it with food?");
        for (boolean phone : new boolean[] {false, true}) {
            if (phone) {
                alicesBrowser.phone();
            }
            alicesBrowser.open(base() + "/#/c/" + withJohn);
            WebElement fromJohn = alicesBrowser.waitForText(By.cssSelector(".msg.other"), "Can I take it with food?");
            assertThat(fromJohn.getAttribute("class")).contains("from-patient");
            assertThat(fromJohn.findElement(By.cssSelector(".patient-mark")).getText())
                    .isEqualTo("Patient");
            assertThat(alicesBrowser.find(By.cssSelector(".audience-note")).getText())
                    .isEqualTo("John Bloggs can see this conversation");
            assertThat(alicesBrowser.all(By.cssSelector(".composer .urgent-toggle")))
                    .as("no Urgent toggle where the server refuses urgent messages")
                    .isEmpty();
            Screenshots.save(alicesBrowser, (phone ? "mobile" : "desktop") + "-patient-can-see");
            assertAccessible(alicesBrowser, "a conversation the patient can see");
        }
    }

    /** Opens the dialog, picks the colleague (the second tap) and returns the conversation that opens. */
    private String directByDialog(Person colleague) {
        alicesBrowser.click(By.cssSelector("button.new-conversation"));
        alicesBrowser.type(By.id("new-staff-search"), colleague.staff().name().substring(0, 3));
        alicesBrowser.click(By.cssSelector("#new-staff-search-results button[data-id='" + colleague.id() + "']"));
        alicesBrowser.waitUntilGone(By.cssSelector("dialog"));
        alicesBrowser.waitForText(By.id("thread-title"), colleague.staff().name());
        return openConversation();
    }

    private String openConversation() {
        String url = alicesBrowser.driver.getCurrentUrl();
        return url.substring(url.indexOf("#/c/") + 4);
    }

    @Test
    void onAPhoneThePatientsInTheResultsAndThePickedPatientAreReadable() {
        Organisation org = newOrg();
        Person admin = person(org, Role.ADMIN, "Ada Admin");
        Person alice = person(org, Role.CLINICIAN, "Alice Adams");
        Patient john = patient(admin, "MRN-7101", "John", "Bloggs");
        alicesBrowser.phone();
        signIn(alicesBrowser, alice);

        alicesBrowser.click(By.cssSelector("button.new-conversation"));
        alicesBrowser.click(By.cssSelector("input[name=audience][value=patient]"));
        alicesBrowser.type(By.id("new-patient-search"), "Blo");
        WebElement result =
                alicesBrowser.find(By.cssSelector("#new-patient-search-results button[data-id='" + john.id() + "']"));
        assertReadable(result.findElement(By.cssSelector(".pick-label")), "John Bloggs");
        assertReadable(result.findElement(By.cssSelector(".pick-detail")), "ID MRN-7101 · born 1956-04-12");
        result.click();

        WebElement chip = alicesBrowser.find(By.cssSelector("ul.chips li.chip[data-id='" + john.id() + "'] span"));
        assertReadable(chip, "John Bloggs");
        Screenshots.save(alicesBrowser, "mobile-new-conversation");
        assertAccessible(alicesBrowser, "the new-conversation dialog on a phone");
    }

    /** Shown in full: a label clipped to one pixel (visually hidden) has its text but nobody can read it. */
    private static void assertReadable(WebElement element, String text) {
        assertThat(element.getText()).isEqualTo(text);
        assertThat(element.getRect().getWidth()).as("width of '%s'", text).isGreaterThan(20);
        assertThat(element.getRect().getHeight()).as("height of '%s'", text).isGreaterThan(8);
    }
}
