package org.carechat.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.carechat.identity.Role;
import org.carechat.org.Organisation;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/** "Read by" with times, opened from the receipt of one's own message, on a desktop and on a phone. */
class ReadByBrowserTest extends BrowserTest {

    @Test
    void theReceiptOfAnOwnMessageOpensWhoReadItAndWhenAtBothWidths() {
        Organisation org = newOrg();
        Person alice = person(org, Role.CLINICIAN, "Alice Adams");
        Person bob = person(org, Role.NURSE, "Bob Brown");
        Person cat = person(org, Role.NURSE, "Cat Cole");
        String ward = conversation(alice, "Ward 4", null, bob, cat);
        long seq = send(alice, ward, "Bed 7 obs due at 10");
        for (Person reader : new Person[] {bob, cat}) {
            assertThat(post(reader.staff(), "/api/v1/conversations/" + ward + "/read", Map.of("upTo", seq))
                            .status())
                    .isEqualTo(204);
        }
        signIn(alicesBrowser, alice);
        for (boolean phone : new boolean[] {false, true}) {
            if (phone) {
                alicesBrowser.phone();
                alicesBrowser.open(base() + "/#/c/" + ward);
            } else {
                alicesBrowser.click(LiveChatBrowserTest.row(ward));
            }
            WebElement badge =
                    alicesBrowser.until(d -> d.findElements(By.cssSelector(".msg.own .receipt.read")).stream()
                            .findFirst()
                            .orElse(null));
            badge.click();
            WebElement list = alicesBrowser.until(d -> {
                var readers = d.findElements(By.cssSelector(".receipt-wrap.open .readers .reader"));
                return readers.size() == 2 ? d.findElement(By.cssSelector(".receipt-wrap.open .readers")) : null;
            });
            assertThat(list.isDisplayed()).isTrue();
            assertThat(list.findElements(By.cssSelector(".reader-name")))
                    .extracting(WebElement::getText)
                    .containsExactly("Bob Brown", "Cat Cole");
            assertThat(list.findElements(By.cssSelector(".reader time")))
                    .extracting(t -> t.getText())
                    .allMatch(text -> text.matches(".*\\d{1,2}:\\d{2}.*"));
            assertThat((Boolean) alicesBrowser.script(
                            "const r = arguments[0].getBoundingClientRect();"
                                    + " return r.left >= 0 && r.top >= 0 && r.right <= innerWidth;",
                            list))
                    .as("the list is inside the screen")
                    .isTrue();
            assertAccessible(alicesBrowser, phone ? "read by, on a phone" : "read by");
            badge.click();
        }
    }
}
