package org.carechat.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneOffset;
import org.awaitility.Awaitility;
import org.carechat.identity.Role;
import org.carechat.notification.PatientNotices;
import org.carechat.org.NoticeRules;
import org.carechat.org.Organisation;
import org.carechat.patient.Patient;
import org.carechat.testing.Patients;
import org.carechat.testing.Smsc;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.springframework.beans.factory.annotation.Autowired;

/** The console's settings: a change is saved, audited and in force at once — here the patients' notice window. */
class ConsoleSettingsBrowserTest extends BrowserTest {

    @Autowired
    PatientNotices notices;

    @Autowired
    Clock clock;

    @Test
    void widenedNoticeWindowLetsTheWaitingNoticeGoOutOnTheNextRoundWithoutARestart() {
        // a practice's name rather than a generated one: this page is the README's screenshot of the settings
        Organisation org = transactions.write(
                () -> orgs.create("Riverside Practice " + ContactRequestBrowserTest.digits(4), null, null));
        Person admin = person(org, Role.ADMIN, "Ada Admin");
        String mobile = Patients.mobile();
        Patient record = patients.create(
                asCurrent(admin.staff()),
                new org.carechat.patient.NewPatient(
                        "NW-" + java.util.UUID.randomUUID().toString().substring(0, 8),
                        "Nell",
                        "Window",
                        "1970-01-01",
                        mobile,
                        null));
        patientAccount(record);
        String c = conversation(admin, "Results", record);
        send(admin, c, "Your results are in");
        LocalTime now = LocalTime.ofInstant(clock.instant(), ZoneOffset.UTC);
        String later = now.plusHours(2).withSecond(0).withNano(0).toString();
        String laterStill = now.plusHours(3).withSecond(0).withNano(0).toString();
        transactions.write(() -> orgs.updateNoticeRules(
                org.id(), new NoticeRules(java.util.List.of("sms"), later, laterStill, null, null, "UTC"), null, null));
        notices.runOnce();
        assertThat(Smsc.shared().to(mobile)).as("outside the window: no notice").isEmpty();

        signIn(alicesBrowser, admin);
        alicesBrowser.open(base() + "/#/console/settings");
        alicesBrowser.waitForText(By.cssSelector(".console-title"), "Settings");
        alicesBrowser.waitForText(By.cssSelector("#settings-notices"), "Notices from");
        alicesBrowser.waitForText(By.cssSelector("#settings-urgent"), "Escalate to");
        assertAccessible(alicesBrowser, "the console's settings page");
        Screenshots.save(alicesBrowser, "desktop-console-settings");
        String start = now.minusHours(1).withSecond(0).withNano(0).toString();
        String end = now.plusHours(1).withSecond(0).withNano(0).toString();
        alicesBrowser.script(
                "document.getElementById('notice-window-start').value = arguments[0];"
                        + "document.getElementById('notice-window-end').value = arguments[1];",
                start,
                end);
        alicesBrowser.click(By.cssSelector("#settings-notices form button[type=submit]"));
        alicesBrowser.waitForText(By.cssSelector("#settings-notices .console-status"), "Saved.");
        assertThat(orgs.noticeRules(org.id()).windowStart()).isEqualTo(start);

        notices.runOnce();
        Awaitility.await()
                .atMost(Duration.ofSeconds(15))
                .until(() -> !Smsc.shared().to(mobile).isEmpty());
        assertThat(Smsc.shared().to(mobile).getFirst().text()).startsWith("You have a new secure message from ");
        assertThat(jdbcCount(org.id(), "SETTINGS_CHANGED")).isPositive();

        alicesBrowser.script("document.getElementById('notice-window-start').value = '09:00';"
                + "document.getElementById('notice-window-end').value = '09:00';");
        alicesBrowser.click(By.cssSelector("#settings-notices form button[type=submit]"));
        alicesBrowser.waitForText(By.cssSelector("#settings-notices .error"), "must differ");
        assertThat(orgs.noticeRules(org.id()).windowStart())
                .as("a refused change stores nothing")
                .isEqualTo(start);
    }

    @Autowired
    org.springframework.jdbc.core.simple.JdbcClient jdbc;

    private long jdbcCount(String orgId, String type) {
        return jdbc.sql("SELECT COUNT(*) FROM audit_event WHERE org_id = ? AND type = ? AND outcome = 'success'")
                .params(orgId, type)
                .query(Long.class)
                .single();
    }
}
