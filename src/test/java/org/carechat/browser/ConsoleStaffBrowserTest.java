package org.carechat.browser;

import static org.assertj.core.api.Assertions.assertThat;

import org.carechat.identity.Role;
import org.carechat.org.Organisation;
import org.carechat.team.CareTeamService;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.springframework.beans.factory.annotation.Autowired;

/** The console's staff and care-team pages: an account made in the console signs in; teams gain and lose members. */
class ConsoleStaffBrowserTest extends BrowserTest {

    @Autowired
    CareTeamService teams;

    @Test
    void anAdminAddsAStaffMemberWhoSignsInWithTheOneTimePasswordShownOnceThenChoosesTheirOwn() {
        Organisation org = newOrg();
        Person admin = person(org, Role.ADMIN, "Ada Admin");
        person(org, Role.NURSE, "Nina Nurse");
        signIn(alicesBrowser, admin);
        alicesBrowser.click(By.cssSelector(".main-nav .nav-console"));
        alicesBrowser.waitForText(By.cssSelector(".console-title"), "Staff");
        alicesBrowser.waitForText(By.cssSelector(".staff-table"), "Nina Nurse");
        assertAccessible(alicesBrowser, "the console's staff page");

        alicesBrowser.click(By.id("add-staff"));
        alicesBrowser.type(By.id("staff-name"), "Carl Carer");
        alicesBrowser.type(By.id("staff-username"), "carl.carer");
        alicesBrowser.script("const s = document.getElementById('staff-role'); s.value = 'clinician';");
        assertAccessible(alicesBrowser, "the add-staff dialog");
        alicesBrowser.click(By.cssSelector("dialog form button[type=submit]"));
        String oneTimePassword =
                alicesBrowser.find(By.cssSelector(".one-time-password code")).getText();
        assertThat(oneTimePassword).matches("[A-Za-z0-9]{5}(-[A-Za-z0-9]{5}){3}");
        Screenshots.save(alicesBrowser, "desktop-console-one-time-password");
        alicesBrowser.click(By.cssSelector("dialog .dialog-actions button"));
        alicesBrowser.waitForText(By.cssSelector(".staff-table"), "Carl Carer");
        assertThat(alicesBrowser.find(By.cssSelector(".staff-table")).getText())
                .contains("Active, one-time password")
                .contains("never");
        Screenshots.save(alicesBrowser, "desktop-console-staff");

        bobsBrowser.open(base() + "/");
        bobsBrowser.type(By.id("username"), "carl.carer");
        bobsBrowser.type(By.id("password"), oneTimePassword);
        bobsBrowser.click(By.cssSelector("form button[type=submit]"));
        bobsBrowser.waitForText(By.cssSelector(".gate h1"), "Choose your password");
        bobsBrowser.type(By.id("new-password"), "carl's own long passphrase");
        bobsBrowser.type(By.id("new-password-again"), "carl's own long passphrase");
        bobsBrowser.click(By.cssSelector("form button[type=submit]"));
        bobsBrowser.waitForText(By.cssSelector(".connection"), "Connected");
        assertThat(bobsBrowser.find(By.cssSelector(".me")).getText()).isEqualTo("Carl Carer");
        assertThat(bobsBrowser.all(By.cssSelector(".nav-console")))
                .as("no console for a clinician")
                .isEmpty();

        alicesBrowser.type(By.id("staff-search"), "carl");
        alicesBrowser.until(
                d -> !d.findElement(By.cssSelector(".staff-table")).getText().contains("Nina Nurse"));
        assertThat(alicesBrowser.find(By.cssSelector(".staff-table")).getText())
                .doesNotContain("one-time password")
                .doesNotContain("Nina Nurse");
    }

    @Test
    void anAdminMakesACareTeamAddsAMemberAndTakesThemOffAgain() {
        Organisation org = newOrg();
        Person admin = person(org, Role.ADMIN, "Ada Admin");
        person(org, Role.NURSE, "Nina Nurse");
        signIn(alicesBrowser, admin);
        alicesBrowser.open(base() + "/#/console/teams");
        alicesBrowser.waitForText(By.cssSelector(".console-title"), "Care teams");
        alicesBrowser.click(By.id("add-team"));
        alicesBrowser.type(By.id("team-name"), "Ward 4 nurses");
        alicesBrowser.click(By.cssSelector("dialog form button[type=submit]"));
        alicesBrowser.waitForText(By.cssSelector(".team-list"), "No members yet.");

        alicesBrowser.type(By.cssSelector(".team-list input[type=search]"), "Nina");
        alicesBrowser.click(By.cssSelector(".team-list .search-results button.pick"));
        alicesBrowser.waitForText(By.cssSelector(".team-list .member-list"), "Nina Nurse");
        assertThat(alicesBrowser.find(By.cssSelector(".console-status")).getText())
                .isEqualTo("Nina Nurse joined Ward 4 nurses.");
        assertAccessible(alicesBrowser, "the console's care teams page");
        Screenshots.save(alicesBrowser, "desktop-console-teams");

        alicesBrowser.click(By.cssSelector(".team-list .member-list button"));
        alicesBrowser.waitForText(By.cssSelector(".team-list"), "No members yet.");
        assertThat(teams.list(asCurrent(admin.staff())).getFirst().memberIds()).isEmpty();
    }
}
