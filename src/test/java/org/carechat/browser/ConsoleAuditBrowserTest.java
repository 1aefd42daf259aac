package org.carechat.browser;

import static org.assertj.core.api.Assertions.assertThat;

import org.carechat.identity.Role;
import org.carechat.org.Organisation;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

/** The console's audit trail, reports and system pages. */
class ConsoleAuditBrowserTest extends BrowserTest {

    @Test
    void anAdminSearchesTheAuditTrailOpensARowExportsItAndVerifiesTheChainInWords() {
        Organisation org = newOrg();
        Person admin = person(org, Role.ADMIN, "Ada Admin");
        Person nurse = person(org, Role.NURSE, "Nina Nurse");
        signIn(bobsBrowser, nurse);
        signIn(alicesBrowser, admin);
        alicesBrowser.open(base() + "/#/console/audit");
        alicesBrowser.waitForText(By.cssSelector(".console-title"), "Audit trail");

        alicesBrowser.script(
                "const who = document.getElementById('audit-user'); who.value = arguments[0];"
                        + "document.getElementById('audit-type').value = 'SIGN_IN';",
                nurse.id());
        alicesBrowser.click(By.cssSelector(".audit-search button[type=submit]"));
        alicesBrowser.waitForText(By.cssSelector(".audit-table"), "SIGN_IN");
        String rows = alicesBrowser.find(By.cssSelector(".audit-table tbody")).getText();
        assertThat(rows).contains("Nina Nurse").doesNotContain("Ada Admin");
        assertThat(alicesBrowser.find(By.cssSelector(".console-status")).getText())
                .isEqualTo("1 row found, newest first.");
        assertAccessible(alicesBrowser, "the console's audit page");
        Screenshots.save(alicesBrowser, "desktop-console-audit");

        alicesBrowser.click(By.xpath("//table[contains(@class,'audit-table')]//button[.='Details']"));
        alicesBrowser.waitForText(By.cssSelector("dialog .audit-detail"), nurse.id());
        assertThat(alicesBrowser.find(By.cssSelector("dialog .audit-detail")).getText())
                .contains("success")
                .contains("session");
        alicesBrowser.click(By.cssSelector("dialog .close"));

        String href = alicesBrowser.find(By.cssSelector("a.export-csv")).getAttribute("href");
        assertThat(href).contains("format=csv").contains("type=SIGN_IN").contains("userId=" + nurse.id());
        String csv = (String) alicesBrowser.driver.executeAsyncScript(
                "const done = arguments[arguments.length - 1];"
                        + "fetch(arguments[0], {credentials: 'same-origin'}).then(r => r.text()).then(done);",
                href);
        assertThat(csv.lines().toList()).hasSize(2);
        assertThat(csv).startsWith("id,org_id,occurred_at,type").contains(",SIGN_IN,success," + nurse.id());
        String json = (String) alicesBrowser.driver.executeAsyncScript(
                "const done = arguments[arguments.length - 1];"
                        + "fetch(arguments[0], {credentials: 'same-origin'}).then(r => r.text()).then(done);",
                alicesBrowser.find(By.cssSelector("a.export-json")).getAttribute("href"));
        assertThat(json).startsWith("[{").contains("\"type\":\"SIGN_IN\"");

        alicesBrowser.click(By.id("verify-chain"));
        alicesBrowser.waitForText(By.cssSelector(".verify-answer"), "The audit trail is intact");
        assertThat(alicesBrowser.find(By.cssSelector(".verify-answer")).getText())
                .matches("The audit trail is intact: all [\\d,]+ rows in [\\d,]+ chains? carry their seals, none is "
                        + "missing and none was changed.");
        Screenshots.save(alicesBrowser, "desktop-console-audit-verified");
    }

    @Test
    void reportsShowTheOrganisationsFiguresAndTheSystemPageItsDatabaseAndChannels() {
        Organisation org = newOrg();
        Person admin = person(org, Role.ADMIN, "Ada Admin");
        Person nurse = person(org, Role.NURSE, "Nina Nurse");
        String c = conversation(admin, "Bed 4", null, nurse);
        send(admin, c, "Obs stable");
        send(admin, c, "Obs still stable");
        signIn(alicesBrowser, admin);
        alicesBrowser.open(base() + "/#/console/reports");
        alicesBrowser.waitForText(By.cssSelector(".console-title"), "Reports");
        String figures = alicesBrowser.find(By.cssSelector(".figures")).getText();
        assertThat(figures).contains("Conversations\n1").contains("Messages\n2").contains("Unread\n2");
        alicesBrowser.waitForText(By.cssSelector(".urgent-report"), "No urgent messages in this period.");
        assertAccessible(alicesBrowser, "the console's reports page");
        Screenshots.save(alicesBrowser, "desktop-console-reports");

        alicesBrowser.click(By.cssSelector(".console-nav a[href='#/console/system']"));
        alicesBrowser.waitForText(By.cssSelector(".console-title"), "System");
        String page = alicesBrowser.find(By.cssSelector(".console-page")).getText();
        assertThat(page)
                .contains("SQLite file (one node)")
                .contains("E-mail (SMTP server)")
                .contains("SMS (SMS centre)");
        assertAccessible(alicesBrowser, "the console's system page");
        Screenshots.save(alicesBrowser, "desktop-console-system");
    }
}
