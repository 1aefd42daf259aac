package org.carechat.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.carechat.identity.Role;
import org.carechat.org.Organisation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;

/** The console's patients page: the CSV import checked before anything is written, search, correction, account. */
class ConsolePatientsBrowserTest extends BrowserTest {

    @TempDir
    Path files;

    @Test
    void aCsvWithABadLineIsRefusedWithTheLineNamedAndNothingWrittenThenTheCorrectedFileImports() throws IOException {
        Organisation org = newOrg();
        Person admin = person(org, Role.ADMIN, "Ada Admin");
        signIn(alicesBrowser, admin);
        alicesBrowser.click(By.cssSelector(".main-nav .nav-console"));
        alicesBrowser.click(By.cssSelector(".console-nav a[href='#/console/patients']"));
        alicesBrowser.waitForText(By.cssSelector(".console-title"), "Patients");
        assertAccessible(alicesBrowser, "the console's patients page");

        Path bad = csv("bad.csv", """
                mrn,given_name,family_name,birth_date,mobile,email
                CSV-1,Olive,Oakley,1950-01-02,+447412900201,
                CSV-2,Percy,Pine,1950-02-31,,
                CSV-3,,Quill,1950-03-04,,
                """);
        alicesBrowser.find(By.id("import-file")).sendKeys(bad.toString());
        alicesBrowser.waitForText(By.cssSelector(".import-problems"), "Line 3: birth_date is not a real date");
        assertThat(alicesBrowser.find(By.cssSelector(".import-problems")).getText())
                .contains("Line 4: given_name must not be blank")
                .doesNotContain("Line 2");
        assertThat(alicesBrowser.find(By.cssSelector(".import-outcome")).getText())
                .contains("Nothing can be imported yet: 2 lines are bad");
        assertThat(alicesBrowser.all(By.id("import-confirm")).getFirst().isDisplayed())
                .isFalse();
        assertAccessible(alicesBrowser, "the import check naming the bad lines");
        Screenshots.save(alicesBrowser, "desktop-console-import-check");
        assertThat(patients.search(asCurrent(admin.staff()), "CSV-"))
                .as("nothing written")
                .isEmpty();

        Path good = csv("good.csv", """
                mrn,given_name,family_name,birth_date,mobile,email
                CSV-1,Olive,Oakley,1950-01-02,+447412900201,
                CSV-2,Percy,Pine,1950-02-28,,percy@example.org
                """);
        alicesBrowser.find(By.id("import-file")).sendKeys(good.toString());
        alicesBrowser.waitForText(By.id("import-confirm"), "Import 2 patients");
        assertThat(patients.search(asCurrent(admin.staff()), "CSV-"))
                .as("nothing written yet")
                .isEmpty();
        alicesBrowser.click(By.id("import-confirm"));
        alicesBrowser.waitForText(By.cssSelector(".import-outcome"), "2 patients were imported.");
        assertThat(patients.search(asCurrent(admin.staff()), "CSV-")).hasSize(2);

        alicesBrowser.type(By.id("patient-search"), "percy@example.org");
        alicesBrowser.pressEnter(By.id("patient-search"));
        alicesBrowser.waitForText(By.cssSelector(".patient-results"), "Percy Pine");
        alicesBrowser.click(By.cssSelector(".patient-results .row-actions button"));
        alicesBrowser.type(By.id("patient-family"), "Pinewood");
        alicesBrowser.click(By.cssSelector("dialog form button[type=submit]"));
        alicesBrowser.waitForText(By.cssSelector(".console-status"), "Percy Pinewood was saved.");
        alicesBrowser.waitForText(By.cssSelector(".patient-results"), "Percy Pinewood");

        alicesBrowser.click(By.xpath("//div[contains(@class,'patient-results')]//button[.='Account and notices']"));
        alicesBrowser.waitForText(By.cssSelector("dialog .profile"), "not yet");
        assertAccessible(alicesBrowser, "a patient's account and notices");
        Screenshots.save(alicesBrowser, "desktop-console-patient-account");
    }

    private Path csv(String name, String text) throws IOException {
        Path file = files.resolve(name);
        Files.writeString(file, text, StandardCharsets.UTF_8);
        return file;
    }
}
