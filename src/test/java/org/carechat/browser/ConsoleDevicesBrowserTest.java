package org.carechat.browser;

import static org.assertj.core.api.Assertions.assertThat;

import org.carechat.identity.Role;
import org.carechat.org.Organisation;
import org.carechat.testing.Response;
import org.carechat.testing.Staff;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

/** The console's staff page: a nurse's lost tablet is wiped, and the admin sees it pending, then wiped. */
class ConsoleDevicesBrowserTest extends BrowserTest {

    @Test
    void anAdminWipesALostTabletAndSeesItPendingUntilItComesBackWiped() {
        Organisation org = newOrg();
        Person admin = person(org, Role.ADMIN, "Ada Admin");
        Person nurse = person(org, Role.NURSE, "Nina Nurse");
        var tablet = tokens.issueDeviceToken(nurse.staff().user(), "ward tablet");
        signIn(alicesBrowser, admin);
        alicesBrowser.click(By.cssSelector(".main-nav .nav-console"));
        alicesBrowser.waitForText(By.cssSelector(".staff-table"), "Nina Nurse");

        alicesBrowser.click(By.xpath("//tr[contains(., 'Nina Nurse')]//button[.='Devices']"));
        alicesBrowser.waitForText(By.cssSelector(".devices-body"), "ward tablet");
        assertAccessible(alicesBrowser, "a staff member's devices");
        alicesBrowser.click(By.xpath("//tr[contains(., 'ward tablet')]//button[.='Wipe']"));
        alicesBrowser.waitForText(By.cssSelector("dialog.confirm"), "Wipe this device of Nina Nurse?");
        alicesBrowser.click(By.xpath("//dialog[contains(@class,'confirm')]//button[.='Wipe']"));
        alicesBrowser.waitForText(By.cssSelector(".devices-body"), "wipe pending: not seen since");
        Screenshots.save(alicesBrowser, "desktop-console-devices");

        Response fromTablet = get(new Staff(nurse.staff().user(), tablet.secret()), "/api/v1/inbox");
        assertThat(fromTablet.status()).isEqualTo(401);
        assertThat(fromTablet.headers().firstValue("Clear-Site-Data")).isPresent();

        alicesBrowser.click(By.cssSelector("dialog .dialog-head button"));
        alicesBrowser.click(By.xpath("//tr[contains(., 'Nina Nurse')]//button[.='Devices']"));
        alicesBrowser.waitForText(By.cssSelector(".devices-body .device-state.wiped"), "wiped");
    }
}
