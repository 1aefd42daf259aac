package org.carechat.browser;

import static org.assertj.core.api.Assertions.assertThat;

import org.carechat.identity.Role;
import org.carechat.org.Organisation;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.Rectangle;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

/**
 * The staff app's dense parts: a collapsible statistics row, a labelled "New" button, toasts clear of Send, and on a
 * phone a list that starts near the top with the user's own controls behind "More".
 */
class DensityBrowserTest extends BrowserTest {

    private static final By STATS_TOGGLE = By.cssSelector(".stats-toggle");
    private static final By FIGURES = By.id("statistics-figures");
    private static final By MORE = By.cssSelector(".topbar-more-toggle");

    @Test
    void theStatisticsRowCollapsesAndStaysSoForTheTabOnly() {
        Organisation org = newOrg();
        Person bob = person(org, Role.NURSE, "Bob Brown");
        signIn(bobsBrowser, bob);
        for (boolean phone : new boolean[] {false, true}) {
            if (phone) {
                bobsBrowser.phone();
            }
            assertThat(bobsBrowser.find(FIGURES).isDisplayed()).isTrue();
            bobsBrowser.click(STATS_TOGGLE);
            assertThat(bobsBrowser.find(STATS_TOGGLE).getAttribute("aria-expanded"))
                    .isEqualTo("false");
            assertThat(bobsBrowser.find(STATS_TOGGLE).getText()).isEqualTo("Show statistics");
            bobsBrowser.open(base() + "/");
            WebElement toggle = bobsBrowser.find(STATS_TOGGLE);
            assertThat(toggle.getAttribute("aria-expanded"))
                    .as("after a reload")
                    .isEqualTo("false");
            assertThat(bobsBrowser.script("return localStorage.getItem('carechat.stats')"))
                    .as("not kept beyond the tab")
                    .isNull();
            assertAccessible(bobsBrowser, phone ? "statistics collapsed on a phone" : "statistics collapsed");
            bobsBrowser.click(STATS_TOGGLE);
            assertThat(bobsBrowser.find(FIGURES).isDisplayed()).isTrue();
            if (phone) {
                bobsBrowser.desktop();
            }
        }
    }

    @Test
    void theNewConversationButtonShowsAWordAndToastsNeverCoverSendAtBothWidths() {
        Organisation org = newOrg();
        Person alice = person(org, Role.CLINICIAN, "Alice Adams");
        Person bob = person(org, Role.NURSE, "Bob Brown");
        String ward = conversation(alice, "Ward round", null, bob);
        send(alice, ward, "Morning");
        signIn(bobsBrowser, bob);
        for (boolean phone : new boolean[] {false, true}) {
            if (phone) {
                bobsBrowser.phone();
            }
            WebElement label = bobsBrowser.find(By.cssSelector(".topbar .new-conversation > span"));
            assertThat(label.getText()).isEqualTo("New conversation");
            assertThat(label.getSize().getWidth()).as("the label is visible").isGreaterThan(20);
            bobsBrowser.open(base() + "/#/c/" + ward);
            WebElement sendButton = bobsBrowser.find(By.cssSelector("button.send"));
            bobsBrowser.script("const t = document.createElement('p'); t.className = 'toast';"
                    + " t.textContent = 'New message from Alice Adams in Ward round';"
                    + " document.querySelector('.toasts').appendChild(t);");
            Rectangle toast = bobsBrowser.find(By.cssSelector(".toasts .toast")).getRect();
            Rectangle send = sendButton.getRect();
            boolean overlaps = toast.x < send.x + send.width
                    && send.x < toast.x + toast.width
                    && toast.y < send.y + send.height
                    && send.y < toast.y + toast.height;
            assertThat(overlaps).as("toast %s over Send %s", toast, send).isFalse();
            bobsBrowser.script("document.querySelector('.toasts .toast').remove()");
            if (phone) {
                bobsBrowser.desktop();
            }
        }
    }

    @Test
    void yourOwnStatusShowsItsEndAfterAReloadAndThePickersAreNotCutOffAtBothWidths() {
        Organisation org = newOrg();
        Person bob = person(org, Role.NURSE, "Bob Brown");
        signIn(bobsBrowser, bob);
        new Select(bobsBrowser.find(By.cssSelector(".status-select"))).selectByValue("unavailable");
        bobsBrowser.until(d -> bobsBrowser.find(By.cssSelector(".status-for")).isEnabled());
        new Select(bobsBrowser.find(By.cssSelector(".status-for"))).selectByValue("120");
        bobsBrowser.until(d -> new Select(bobsBrowser.find(By.cssSelector(".status-for")))
                .getFirstSelectedOption()
                .getText()
                .startsWith("until "));
        for (boolean phone : new boolean[] {false, true}) {
            if (phone) {
                bobsBrowser.phone();
            }
            bobsBrowser.open(base() + "/");
            if (phone) {
                bobsBrowser.click(MORE);
            }
            bobsBrowser.until(d -> new Select(bobsBrowser.find(By.cssSelector(".status-for")))
                    .getFirstSelectedOption()
                    .getText()
                    .matches("until \\d{1,2}:\\d{2}.*"));
            assertThat(new Select(bobsBrowser.find(By.cssSelector(".status-select")))
                            .getFirstSelectedOption()
                            .getAttribute("value"))
                    .isEqualTo("unavailable");
            Object cut = bobsBrowser.script("return Array.from(document.querySelectorAll('.status-selector select'))"
                    + ".filter(s => { const c = s.cloneNode(true); c.style.position = 'absolute';"
                    + " c.value = s.value; document.body.append(c); const natural = c.offsetWidth; c.remove();"
                    + " return s.offsetWidth + 1 < natural; }).map(s => s.className)");
            assertThat((java.util.List<?>) cut)
                    .as("pickers narrower than their text")
                    .isEmpty();
            assertAccessible(bobsBrowser, phone ? "own status after a reload on a phone" : "own status after a reload");
            if (phone) {
                bobsBrowser.desktop();
            }
        }
    }

    @Test
    void onAPhoneTheListStartsNearTheTopAndStatusAlertsAndSignOutAreBehindMore() {
        Organisation org = newOrg();
        Person alice = person(org, Role.CLINICIAN, "Alice Adams");
        Person bob = person(org, Role.NURSE, "Bob Brown");
        String ward = conversation(alice, "Ward round", null, bob);
        send(alice, ward, "Morning");
        bobsBrowser.phone();
        signIn(bobsBrowser, bob);
        WebElement row = bobsBrowser.find(LiveChatBrowserTest.row(ward));
        assertThat(row.getRect().y)
                .as("the first conversation's top on an 844 px screen")
                .isLessThan(330);
        assertThat(shown(FIGURES))
                .as("statistics hidden on a phone until asked for")
                .isFalse();
        By[] behindMore = {
            By.cssSelector(".status-select"),
            By.cssSelector("button.alerts-toggle"),
            By.cssSelector("button.sign-out"),
            By.cssSelector(".forwarding-open")
        };
        for (By control : behindMore) {
            assertThat(shown(control)).as("%s before More", control).isFalse();
        }
        bobsBrowser.click(MORE);
        assertThat(bobsBrowser.find(MORE).getAttribute("aria-expanded")).isEqualTo("true");
        for (By control : behindMore) {
            assertThat(bobsBrowser.find(control).isDisplayed())
                    .as("%s after More", control)
                    .isTrue();
        }
        assertAccessible(bobsBrowser, "the top bar's More open on a phone");
        bobsBrowser.find(By.cssSelector(".status-select")).sendKeys(Keys.ESCAPE);
        assertThat(bobsBrowser.driver.findElement(MORE).getAttribute("aria-expanded"))
                .isEqualTo("false");
        assertThat(shown(By.cssSelector("button.sign-out"))).isFalse();

        bobsBrowser.desktop();
        assertThat(shown(MORE)).as("no More on a wide screen").isFalse();
        for (By control : behindMore) {
            assertThat(bobsBrowser.find(control).isDisplayed())
                    .as("%s on a desktop", control)
                    .isTrue();
        }
    }

    private boolean shown(By by) {
        return bobsBrowser.driver.findElement(by).isDisplayed();
    }
}
