package org.carechat.browser;

import static org.assertj.core.api.Assertions.assertThat;

import org.carechat.identity.Role;
import org.carechat.org.Organisation;
import org.carechat.patient.Patient;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/** The New conversation dialog: who a conversation is with, on a desktop and on a phone. */
class NewConversationBrowserTest extends BrowserTest {

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
