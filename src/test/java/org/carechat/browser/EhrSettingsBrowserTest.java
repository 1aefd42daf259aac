package org.carechat.browser;

import static org.assertj.core.api.Assertions.assertThat;

import org.carechat.fhir.EhrPatients;
import org.carechat.fhir.EhrTokenServer;
import org.carechat.fhir.FhirTestServer;
import org.carechat.identity.Role;
import org.carechat.org.Organisation;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.Select;

/**
 * The console's EHR section in a real browser, against a real FHIR server and token endpoint in-process: an admin
 * connects the organisation, sees a failing check's state and last error, fixes the address and sees it connected.
 */
class EhrSettingsBrowserTest extends BrowserTest {

    private static EhrTokenServer tokenServer;
    private static FhirTestServer fhir;

    @BeforeAll
    static void startEhr() {
        tokenServer = new EhrTokenServer();
        fhir = new FhirTestServer(new EhrPatients());
    }

    @AfterAll
    static void stopEhr() {
        fhir.close();
        tokenServer.close();
    }

    @Test
    void anAdminConnectsTheEhrSeesTheLastErrorOfAFailingCheckAndThenAWorkingConnection() {
        Organisation org = newOrg();
        Person admin = person(org, Role.ADMIN, "Ada Admin");
        signIn(alicesBrowser, admin);
        alicesBrowser.open(base() + "/#/console/settings");
        alicesBrowser.waitForText(By.cssSelector("#settings-ehr"), "Not connected to an EHR.");
        alicesBrowser.click(By.id("ehr-enabled"));
        alicesBrowser.type(By.id("ehr-base-url"), fhir.baseUrl());
        alicesBrowser.type(By.id("ehr-token-url"), "http://127.0.0.1:9/oauth2/token");
        alicesBrowser.type(By.id("ehr-client-id"), "carechat-backend");
        alicesBrowser.click(By.cssSelector("#settings-ehr form button[type=submit]"));
        alicesBrowser.waitForText(By.cssSelector("#settings-ehr .console-status"), "Saved. The sync starts");
        alicesBrowser.waitForText(By.id("ehr-key"), "/api/v1/public/fhir/" + org.id() + "/jwks");

        alicesBrowser.click(By.id("ehr-check"));
        alicesBrowser.waitForText(
                By.id("ehr-last-error"),
                "Last error: token: the token endpoint http://127.0.0.1:9/oauth2/token did not answer");
        alicesBrowser.waitForText(By.id("ehr-state"), "State: failing (1 in a row)");
        assertAccessible(alicesBrowser, "the console's EHR section with a failing connection");

        alicesBrowser.type(By.id("ehr-token-url"), tokenServer.tokenUrl());
        alicesBrowser.click(By.cssSelector("#settings-ehr form button[type=submit]"));
        alicesBrowser.waitForText(By.id("ehr-state"), "State: waiting for its first run.");
        alicesBrowser.click(By.id("ehr-check"));
        alicesBrowser.waitForText(By.cssSelector("#settings-ehr .console-status"), "Connected: FHIR 4.0.1");
        alicesBrowser.waitForText(By.id("ehr-state"), "State: working");
    }

    @Test
    void anAdminChoosesToFileAsADocumentOnADesktopAndOnAPhone() {
        Organisation org = newOrg();
        Person admin = person(org, Role.ADMIN, "Ada Admin");
        signIn(alicesBrowser, admin);
        for (boolean phone : new boolean[] {false, true}) {
            if (phone) {
                alicesBrowser.phone();
            }
            alicesBrowser.open(base() + "/#/console/settings");
            alicesBrowser.waitForText(By.cssSelector("#settings-ehr label[for=ehr-file-as]"), "File to record as");
            alicesBrowser.type(By.id("ehr-base-url"), fhir.baseUrl());
            alicesBrowser.type(By.id("ehr-token-url"), tokenServer.tokenUrl());
            alicesBrowser.type(By.id("ehr-client-id"), "carechat-backend");
            alicesBrowser.type(By.id("ehr-scopes"), "system/Patient.read system/DocumentReference.write");
            String choice = phone ? "communications" : "document";
            new Select(alicesBrowser.find(By.id("ehr-file-as"))).selectByValue(choice);
            alicesBrowser.click(By.id("ehr-encounter-access"));
            assertAccessible(
                    alicesBrowser, "the console's EHR section with the way to file" + (phone ? " on a phone" : ""));
            alicesBrowser.click(By.cssSelector("#settings-ehr form button[type=submit]"));
            alicesBrowser.waitForText(By.cssSelector("#settings-ehr .console-status"), "Saved.");

            assertThat(call(admin.staff(), "GET", "/api/v1/orgs/current/fhir", null)
                            .text())
                    .contains("\"fileAs\":\"" + choice + "\"")
                    .contains("\"encounterAccess\":" + !phone);
        }
        alicesBrowser.open(base() + "/#/console/settings");
        alicesBrowser.waitForText(By.cssSelector("#settings-ehr label[for=ehr-file-as]"), "File to record as");
        assertThat(new Select(alicesBrowser.find(By.id("ehr-file-as")))
                        .getFirstSelectedOption()
                        .getAttribute("value"))
                .as("the saved choice shown again")
                .isEqualTo("communications");
    }
}
