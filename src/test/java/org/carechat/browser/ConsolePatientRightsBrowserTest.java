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

/** The console's patients page: a patient's export downloads, their discharge, and an erasure confirmed by name. */
class ConsolePatientRightsBrowserTest extends BrowserTest {

    @Test
    void anAdminExportsDischargesAndErasesAPatientTheErasureConfirmedByTheirName() {
        Organisation org = newOrg();
        Person admin = person(org, Role.ADMIN, "Ada Admin");
        Patient erin = patientRecord(org, "Erin", "Erasable", "1966-06-16", null, "erin@example.org");
        String ward = conversations
                .create(
                        asCurrent(admin.staff()),
                        new NewConversation(
                                Conversation.Kind.GROUP,
                                Conversation.Audience.STAFF,
                                "Ward 5",
                                erin.id(),
                                true,
                                List.of(),
                                null))
                .id();
        sendText(admin.staff(), ward, "Erin's wound is healing");
        signIn(alicesBrowser, admin);
        alicesBrowser.click(By.cssSelector(".main-nav .nav-console"));
        alicesBrowser.click(By.cssSelector(".console-nav a[href='#/console/patients']"));
        alicesBrowser.type(By.id("patient-search"), "Erasable");
        alicesBrowser.pressEnter(By.id("patient-search"));
        alicesBrowser.waitForText(By.cssSelector(".patient-results"), "Erin Erasable");

        assertThat(alicesBrowser
                        .find(By.cssSelector("[data-action=export-patient]"))
                        .getAttribute("download"))
                .isEqualTo("carechat-patient-" + erin.id() + ".zip");
        Object exported = alicesBrowser.driver.executeAsyncScript("const done = arguments[arguments.length - 1]; "
                + "fetch(document.querySelector('[data-action=export-patient]').href)"
                + ".then(r => r.arrayBuffer().then(b => done(r.status + ' ' + r.headers.get('content-type') + ' '"
                + " + new Uint8Array(b).slice(0, 2).join(','))))");
        assertThat(exported).as("a zip, downloaded with the admin's session").isEqualTo("200 application/zip 80,75");

        alicesBrowser.click(By.xpath("//div[contains(@class,'patient-results')]//button[.='Discharge']"));
        alicesBrowser.waitForText(By.cssSelector("dialog.confirm"), "Discharge Erin Erasable?");
        alicesBrowser.click(By.xpath("//dialog//button[.='Discharge']"));
        alicesBrowser.waitForText(By.cssSelector(".console-status"), "Erin Erasable was discharged: 1 conversation");

        alicesBrowser.click(By.xpath("//div[contains(@class,'patient-results')]//button[.='Erase']"));
        alicesBrowser.waitForText(By.id("erase-warning"), "Erase Erin Erasable (patient ID " + erin.mrn() + ")?");
        assertAccessible(alicesBrowser, "the erasure's confirmation");
        Screenshots.save(alicesBrowser, "desktop-console-patient-erase");
        alicesBrowser.type(By.id("erase-reason"), "Erasure request 2027-031");
        alicesBrowser.click(By.cssSelector("dialog form button[type=submit]"));
        alicesBrowser.waitForText(By.cssSelector(".console-status"), "Erin Erasable was erased: 1 conversation");

        assertThat(patients.search(asCurrent(admin.staff()), "Erasable")).isEmpty();
        assertThat(patients.require(org.id(), erin.id()).email()).isNull();
    }
}
