package org.carechat.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Locale;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.carechat.identity.Role;
import org.carechat.org.Organisation;
import org.carechat.testing.MutableClock;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.springframework.beans.factory.annotation.Autowired;

/** An organisation that requires a second factor: enrolment with recovery codes, then the code at sign-in. */
class SecondFactorBrowserTest extends BrowserTest {

    @Autowired
    MutableClock clock;

    @Test
    void staffEnrolWithTheShownKeyKeepTheirRecoveryCodesAndAreAskedForACodeAtTheNextSignIn() throws Exception {
        Organisation org = newOrg();
        transactions.write(() -> orgs.updateSettings(org.id(), true, null, null));
        Person alice = person(org, Role.CLINICIAN, "Alice Adams");
        alicesBrowser.open(base() + "/");
        alicesBrowser.type(By.id("username"), alice.username());
        alicesBrowser.type(By.id("password"), PASSWORD);
        alicesBrowser.click(By.cssSelector("form button[type=submit]"));

        alicesBrowser.waitForText(By.cssSelector(".gate h1"), "Set up your second factor");
        assertAccessible(alicesBrowser, "the second-factor enrolment page");
        String secret = alicesBrowser.find(By.cssSelector("code.secret")).getText();
        assertThat(alicesBrowser
                        .find(By.cssSelector(".gate a[href^='otpauth://']"))
                        .isDisplayed())
                .isTrue();
        alicesBrowser.type(By.id("enrol-code"), totp(secret, clock.millis()));
        alicesBrowser.click(By.cssSelector("form button[type=submit]"));

        alicesBrowser.waitForText(By.cssSelector(".gate h1"), "Your recovery codes");
        List<String> codes = alicesBrowser.all(By.cssSelector(".recovery-codes code")).stream()
                .map(WebElement::getText)
                .toList();
        assertThat(codes).hasSize(10).doesNotHaveDuplicates();
        alicesBrowser.click(By.cssSelector(".gate button"));
        alicesBrowser.waitForText(By.cssSelector(".connection"), "Connected");

        alicesBrowser.click(By.cssSelector("button.sign-out"));
        alicesBrowser.type(By.id("username"), alice.username());
        alicesBrowser.type(By.id("password"), PASSWORD);
        alicesBrowser.click(By.cssSelector("form button[type=submit]"));
        alicesBrowser.waitForText(By.cssSelector(".gate h1"), "Second factor");
        assertAccessible(alicesBrowser, "the second-factor code page");
        alicesBrowser.type(By.id("code"), "000000");
        alicesBrowser.click(By.cssSelector("form button[type=submit]"));
        assertThat(alicesBrowser.find(By.cssSelector("form .error")).getText()).isNotBlank();
        alicesBrowser.type(By.id("code"), codes.getFirst());
        alicesBrowser.click(By.cssSelector("form button[type=submit]"));
        alicesBrowser.waitForText(By.cssSelector(".connection"), "Connected");
        assertThat(alicesBrowser.find(By.cssSelector(".me")).getText()).isEqualTo("Alice Adams");
    }

    /** What an authenticator app shows: RFC 6238, HMAC-SHA1, 30 s steps, 6 digits, from the base32 key. */
    static String totp(String base32Secret, long epochMillis) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA1");
        mac.init(new SecretKeySpec(base32(base32Secret), "HmacSHA1"));
        byte[] hash =
                mac.doFinal(ByteBuffer.allocate(8).putLong(epochMillis / 30_000).array());
        int offset = hash[hash.length - 1] & 0xf;
        int value = ((hash[offset] & 0x7f) << 24)
                | ((hash[offset + 1] & 0xff) << 16)
                | ((hash[offset + 2] & 0xff) << 8)
                | (hash[offset + 3] & 0xff);
        return String.format(Locale.ROOT, "%06d", value % 1_000_000);
    }

    private static byte[] base32(String text) {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int buffer = 0;
        int bits = 0;
        for (char ch : text.replaceAll("[\\s=]", "").toUpperCase(Locale.ROOT).toCharArray()) {
            buffer = (buffer << 5) | alphabet.indexOf(ch);
            bits += 5;
            if (bits >= 8) {
                out.write((buffer >> (bits - 8)) & 0xff);
                bits -= 8;
            }
        }
        return out.toByteArray();
    }
}
