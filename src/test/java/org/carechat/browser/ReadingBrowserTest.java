package org.carechat.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.carechat.identity.Role;
import org.carechat.org.Organisation;
import org.carechat.testing.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.springframework.beans.factory.annotation.Autowired;

/** Reading a thread: a separator for each day, and "New messages" where the unread ones start. */
class ReadingBrowserTest extends BrowserTest {

    private static final By JUMP = By.cssSelector(".jump-unread");

    @Autowired
    MutableClock clock;

    @AfterEach
    void clockBack() {
        clock.reset();
    }

    @Test
    void aThreadNamesEachDayOnceAndOpensWithANewMessagesDividerThatTheJumpButtonBringsIntoSight() {
        Organisation org = newOrg();
        Person alice = person(org, Role.CLINICIAN, "Alice Adams");
        Person bob = person(org, Role.NURSE, "Bob Brown");
        clock.advance(Duration.ofDays(-3));
        String c = conversation(alice, "Ward 4", null, bob);
        send(alice, c, "Three days ago");
        send(bob, c, "Seen, thanks"); // Bob's read marker moves to his own message
        clock.reset();
        sendRounds(alice, c, "Obs round");
        signIn(bobsBrowser, bob);

        bobsBrowser.click(LiveChatBrowserTest.row(c));
        bobsBrowser.waitForText(By.cssSelector(".msg .msg-body"), "Obs round 24");
        List<String> days = bobsBrowser.all(By.cssSelector(".messages .day-separator")).stream()
                .map(WebElement::getText)
                .toList();
        assertThat(days).hasSize(2).last().isEqualTo("Today");
        assertThat(days.getFirst()).isNotIn("Today", "Yesterday").matches("[A-Z][a-z]+day,? .*\\d{4}");
        assertThat(bobsBrowser.all(By.cssSelector(".msg time")))
                .extracting(WebElement::getText)
                .allMatch(
                        time -> time.matches("\\d{1,2}:\\d{2}( [AP]M)?"),
                        "a time of day, the day being in the separator");
        assertFirstUnread("Obs round 1");
        jumpToFirstUnread();
        Screenshots.save(bobsBrowser, "desktop-unread-divider");
        assertAccessible(bobsBrowser, "a thread with day separators and the unread divider");

        bobsBrowser.phone();
        bobsBrowser.click(By.cssSelector(".thread-header .back"));
        bobsBrowser.waitUntilGone(By.cssSelector(".thread-pane"));
        sendRounds(alice, c, "Night round");
        bobsBrowser.click(LiveChatBrowserTest.row(c));
        bobsBrowser.waitForText(By.cssSelector(".msg .msg-body"), "Night round 24");
        assertFirstUnread("Night round 1");
        assertThat(bobsBrowser.all(By.cssSelector(".unread-divider"))).hasSize(1);
        jumpToFirstUnread();
        Screenshots.save(bobsBrowser, "mobile-unread-divider");
        assertAccessible(bobsBrowser, "the unread divider on a phone");
    }

    private void sendRounds(Person from, String c, String text) {
        for (int i = 1; i <= 24; i++) {
            send(from, c, text + " " + i);
        }
    }

    private void assertFirstUnread(String body) {
        assertThat(bobsBrowser.script("return document.querySelector('.unread-divider')"
                        + ".nextElementSibling.querySelector('.msg-body').textContent"))
                .isEqualTo(body);
        assertThat(bobsBrowser.find(JUMP).getText()).isEqualTo("Jump to first unread");
        assertThat(dividerInSight())
                .as("opened at the newest: the divider is above")
                .isFalse();
    }

    private void jumpToFirstUnread() {
        bobsBrowser.click(JUMP);
        bobsBrowser.waitUntilGone(JUMP);
        assertThat(dividerInSight()).isTrue();
    }

    private boolean dividerInSight() {
        return (Boolean)
                bobsBrowser.script("const d = document.querySelector('.unread-divider').getBoundingClientRect();"
                        + "const s = document.querySelector('.scroller').getBoundingClientRect();"
                        + "return d.top >= s.top && d.bottom <= s.bottom;");
    }
}
