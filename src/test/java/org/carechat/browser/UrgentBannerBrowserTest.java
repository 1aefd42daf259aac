package org.carechat.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.carechat.identity.Role;
import org.carechat.org.Organisation;
import org.carechat.testing.Response;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * The urgent banner says which conversation and quotes the start of the message; on a phone, where the open thread
 * covers the banner, the urgent message itself offers Acknowledge, and acknowledging clears the banner too.
 */
class UrgentBannerBrowserTest extends BrowserTest {

    @Test
    void theBannerNamesTheConversationAndOnAPhoneTheUrgentMessageItselfIsAcknowledged() {
        Organisation org = newOrg();
        Person alice = person(org, Role.CLINICIAN, "Alice Adams");
        Person bob = person(org, Role.NURSE, "Bob Brown");
        String ward = conversation(alice, "Ward 4 handover", null, bob);
        send(alice, ward, "Morning all");
        signIn(bobsBrowser, bob);

        Response sent = post(
                alice.staff(),
                "/api/v1/conversations/" + ward + "/messages",
                Map.of(
                        "clientMsgId",
                        UUID.randomUUID().toString(),
                        "body",
                        "Bed 12 is deteriorating, NEWS 7, please come now",
                        "urgent",
                        true));
        assertThat(sent.status()).as(sent.text()).isEqualTo(201);
        long seq = sent.json().get("seq").asLong();

        By banner = By.cssSelector(".urgent-panel .urgent-item");
        WebElement item = bobsBrowser.waitForText(banner, "Bed 12 is deteriorating");
        assertThat(item.findElement(By.cssSelector(".urgent-where")).getText()).isEqualTo("in Ward 4 handover");
        assertThat(item.findElement(By.cssSelector(".urgent-from")).getText()).startsWith("From Alice Adams");
        assertAccessible(bobsBrowser, "the urgent banner with its conversation and preview");
        Screenshots.save(bobsBrowser, "desktop-urgent-banner");

        bobsBrowser.phone();
        bobsBrowser.waitForText(banner, "in Ward 4 handover");
        bobsBrowser.waitUntilGone(By.cssSelector(".toast")); // the toasts name the sender only, for 5 s
        Screenshots.save(bobsBrowser, "mobile-urgent-banner");
        bobsBrowser.click(LiveChatBrowserTest.row(ward));
        WebElement urgent = bobsBrowser.waitForText(By.cssSelector(".msg.other.urgent"), "Bed 12 is deteriorating");
        WebElement acknowledge = urgent.findElement(By.cssSelector("button.acknowledge-here"));
        assertThat(acknowledge.isDisplayed()).isTrue();
        assertThat((Boolean) bobsBrowser.script(
                        "const r = arguments[0].getBoundingClientRect(); const at = document.elementFromPoint("
                                + "r.left + r.width / 2, r.top + r.height / 2); return at === arguments[0];",
                        acknowledge))
                .as("nothing covers Acknowledge on the phone")
                .isTrue();
        assertThat(bobsBrowser.all(By.cssSelector(".msg[data-seq='" + (seq - 1) + "'] button.acknowledge-here")))
                .as("only the urgent message offers it")
                .isEmpty();
        assertAccessible(bobsBrowser, "an urgent message to acknowledge on a phone");
        Screenshots.save(bobsBrowser, "mobile-urgent-acknowledge");
        acknowledge.click();
        bobsBrowser.waitUntilGone(By.cssSelector("button.acknowledge-here"));
        bobsBrowser.waitForText(By.cssSelector("li.system"), "Bob Brown acknowledged the urgent message");
        bobsBrowser.desktop();
        bobsBrowser.waitUntilGone(banner);
    }

    /** Counts the `change` listeners added to the urgent panel from now on and not removed since. */
    private static final String COUNT_URGENT_LISTENERS = """
            const listening = new Set();
            const add = EventTarget.prototype.addEventListener;
            const remove = EventTarget.prototype.removeEventListener;
            const isPanel = target => target.constructor?.name === 'UrgentPanel';
            EventTarget.prototype.addEventListener = function (type, listener, options) {
                if (type === 'change' && isPanel(this)) listening.add(listener);
                return add.call(this, type, listener, options);
            };
            EventTarget.prototype.removeEventListener = function (type, listener, options) {
                if (type === 'change' && isPanel(this)) listening.delete(listener);
                return remove.call(this, type, listener, options);
            };
            window.urgentListenersOfThreads = () => listening.size;
            """;

    @Test
    void aThreadStopsListeningToTheUrgentPanelWhenItClosesSoOpeningManyLeavesNoneBehind() {
        Organisation org = newOrg();
        Person alice = person(org, Role.CLINICIAN, "Alice Adams");
        Person bob = person(org, Role.NURSE, "Bob Brown");
        List<String> threads = List.of(
                conversation(alice, "Ward 1 handover", null, bob),
                conversation(alice, "Ward 2 handover", null, bob),
                conversation(alice, "Ward 3 handover", null, bob),
                direct(alice, bob));
        threads.forEach(c -> send(alice, c, "Morning"));
        signIn(bobsBrowser, bob);
        bobsBrowser.find(By.cssSelector(LiveChatBrowserTest.rowCss(threads.getLast())));
        bobsBrowser.script(COUNT_URGENT_LISTENERS);

        for (String c : threads) {
            bobsBrowser.click(LiveChatBrowserTest.row(c));
            bobsBrowser.find(By.cssSelector("section.thread[data-id='" + c + "'] .msg"));
        }
        assertThat(bobsBrowser.script("return urgentListenersOfThreads()"))
                .as("only the open thread listens")
                .isEqualTo(1L);

        bobsBrowser.script("location.hash = '#/'");
        bobsBrowser.waitUntilGone(By.cssSelector("section.thread"));
        assertThat(bobsBrowser.script("return urgentListenersOfThreads()"))
                .as("no thread open, none listens")
                .isEqualTo(0L);
    }
}
