package org.carechat.browser;

import static org.assertj.core.api.Assertions.assertThat;

import org.carechat.identity.Role;
import org.carechat.org.Organisation;
import org.carechat.retention.RetentionService;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.springframework.beans.factory.annotation.Autowired;

/** The console's retention section (issue #16): shows the organisation's periods, saves a change, shows a refusal. */
class RetentionSettingsBrowserTest extends BrowserTest {

    @Autowired
    RetentionService retention;

    @Test
    void anAdminSeesTheDefaultPeriodsSavesAShorterOneAndIsToldWhyAnOutOfRangeOneIsRefused() {
        Organisation org = newOrg();
        Person admin = person(org, Role.ADMIN, "Ada Admin");
        signIn(alicesBrowser, admin);
        alicesBrowser.open(base() + "/#/console/settings");
        alicesBrowser.waitForText(By.cssSelector("#settings-retention"), "Staff-only conversations");
        assertThat(alicesBrowser.script("return document.getElementById('retention-staff-days').value"))
                .isEqualTo("90");

        alicesBrowser.script("document.getElementById('retention-staff-days').value = '30';");
        alicesBrowser.click(By.cssSelector("#settings-retention form button[type=submit]"));
        alicesBrowser.waitForText(By.cssSelector("#settings-retention .console-status"), "Saved.");
        assertThat(retention.policy(org.id()).staffDays()).isEqualTo(30);

        alicesBrowser.script("document.getElementById('retention-discharge-grace-days').value = '400';");
        alicesBrowser.click(By.cssSelector("#settings-retention form button[type=submit]"));
        alicesBrowser.waitForText(By.cssSelector("#settings-retention .error"), "dischargeGraceDays");
        assertThat(retention.policy(org.id()).dischargeGraceDays())
                .as("a refused change stores nothing")
                .isEqualTo(7);
        assertAccessible(alicesBrowser, "the console's retention settings");
    }
}
