package org.carechat.browser;

import static org.assertj.core.api.Assertions.assertThat;

import org.carechat.identity.Role;
import org.carechat.org.Organisation;
import org.carechat.retention.RetentionPurge;
import org.carechat.retention.RetentionService;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The console's retention section (issue #16): shows the organisation's periods, saves a change, shows a refusal. */
class RetentionSettingsBrowserTest extends BrowserTest {

    @Autowired
    RetentionService retention;

    @Autowired
    RetentionPurge purge;

    @Autowired
    JdbcClient jdbc;

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

    @Test
    void anAdminPlacesALegalHoldOnAConversationSeesItListedAndReleasesItWithAReason() {
        Organisation org = newOrg();
        Person admin = person(org, Role.ADMIN, "Ada Admin");
        Person nurse = person(org, Role.NURSE, "Nina Nurse");
        String conversation = direct(nurse, admin);
        signIn(alicesBrowser, admin);
        alicesBrowser.open(base() + "/#/console/settings");
        alicesBrowser.waitForText(By.cssSelector("#settings-legal-holds"), "Nothing is held");

        alicesBrowser.type(By.id("legal-hold-target"), conversation);
        alicesBrowser.type(By.id("legal-hold-reason"), "Case 2027-114");
        alicesBrowser.click(By.cssSelector("#settings-legal-holds form button[type=submit]"));
        alicesBrowser.waitForText(By.cssSelector("#settings-legal-holds table"), "Case 2027-114");
        assertThat(retention.holds(org.id())).singleElement().satisfies(hold -> {
            assertThat(hold.targetType()).isEqualTo("conversation");
            assertThat(hold.targetId()).isEqualTo(conversation);
        });
        assertAccessible(alicesBrowser, "the console's legal holds");

        alicesBrowser.click(By.cssSelector("#settings-legal-holds table button"));
        alicesBrowser.type(By.id("legal-hold-release-reason"), "Case closed");
        alicesBrowser.click(By.cssSelector("dialog form button[type=submit]"));
        alicesBrowser.waitForText(By.cssSelector("#settings-legal-holds"), "Nothing is held");
        assertThat(retention.holds(org.id())).isEmpty();
    }

    @Test
    void anOwnerShortensAConversationsPeriodInItsDetailsIsToldOnlyAnAdminKeepsItLongerAndGoesBackToThePolicy() {
        Organisation org = newOrg();
        Person alice = person(org, Role.NURSE, "Alice Adams");
        Person bob = person(org, Role.CLINICIAN, "Bob Brown");
        String conversation = conversation(alice, "Night shift", null, bob);
        send(alice, conversation, "Handover at 7");
        signIn(alicesBrowser, alice);
        alicesBrowser.open(base() + "/#/c/" + conversation);
        alicesBrowser.click(By.cssSelector(".thread-actions .edit"));
        alicesBrowser.waitForText(By.id("edit-retention-summary"), "Kept 90 days after the last activity");
        assertThat(alicesBrowser.find(By.id("edit-retention-hint")).getText())
                .contains("only an admin can keep it longer");
        assertAccessible(alicesBrowser, "the edit dialog's retention section");

        alicesBrowser.script("document.getElementById('edit-retention-days').value = '14';");
        alicesBrowser.click(By.id("edit-retention-save"));
        alicesBrowser.waitForText(
                By.id("edit-retention-summary"), "Kept 14 days after the last activity (its own period");
        assertThat(jdbc.sql("SELECT days FROM conversation_retention WHERE conversation_id = ?")
                        .param(conversation)
                        .query(Integer.class)
                        .single())
                .isEqualTo(14);

        alicesBrowser.script("document.getElementById('edit-retention-days').value = '120';");
        alicesBrowser.click(By.id("edit-retention-save"));
        alicesBrowser.waitForText(By.cssSelector("dialog .error"), "Only an admin can keep a conversation longer");
        assertThat(jdbc.sql("SELECT days FROM conversation_retention WHERE conversation_id = ?")
                        .param(conversation)
                        .query(Integer.class)
                        .single())
                .as("a refused change stores nothing")
                .isEqualTo(14);

        alicesBrowser.click(By.id("edit-retention-reset"));
        alicesBrowser.waitForText(
                By.id("edit-retention-summary"), "Kept 90 days after the last activity (the organisation");
        assertThat(jdbc.sql("SELECT COUNT(*) FROM conversation_retention WHERE conversation_id = ?")
                        .param(conversation)
                        .query(Long.class)
                        .single())
                .isZero();
    }

    @Test
    void anOpenConversationDropsItsMessagesAndShowsTheTombstoneWhenItIsPurged() {
        Organisation org = newOrg();
        Person alice = person(org, Role.NURSE, "Alice Adams");
        Person bob = person(org, Role.CLINICIAN, "Bob Brown");
        String conversation = direct(alice, bob);
        send(bob, conversation, "Bed 4 needs a review");
        signIn(alicesBrowser, alice);
        alicesBrowser.open(base() + "/#/c/" + conversation);
        alicesBrowser.waitForText(By.cssSelector(".msg.other .msg-body"), "Bed 4 needs a review");

        // An old conversation: its last activity 91 days ago, past the default 90 days for staff.
        jdbc.sql("UPDATE conversation SET last_activity_at = last_activity_at - ? WHERE id = ?")
                .params(java.time.Duration.ofDays(91).toMillis(), conversation)
                .update();
        purge.run();

        alicesBrowser.waitForText(By.cssSelector("li.system"), "Messages purged on");
        alicesBrowser.until(d -> d.findElements(By.cssSelector(".msg-body")).isEmpty());
        assertThat(alicesBrowser.find(By.cssSelector("li.system:last-child")).getText())
                .contains("by the organisation's retention policy");
    }
}
