package org.carechat.browser;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.LuminanceSource;
import com.google.zxing.RGBLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import java.net.URI;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.carechat.identity.Role;
import org.carechat.org.Organisation;
import org.carechat.testing.MutableClock;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.springframework.beans.factory.annotation.Autowired;

/** Account settings of a staff member: a second factor from the QR code, and ending another session of theirs. */
class AccountBrowserTest extends BrowserTest {

    private static final Pattern MODULE = Pattern.compile("M(\\d+) (\\d+)h1v1h-1z");

    @Autowired
    MutableClock clock;

    @Test
    void aStaffMemberEnrolsTotpFromTheQrCodeAndSignsInWithACodeFromIt() throws Exception {
        Organisation org = newOrg();
        Person alice = person(org, Role.CLINICIAN, "Alice Adams");
        signIn(alicesBrowser, alice);
        alicesBrowser.click(By.cssSelector(".main-nav .nav-account"));
        alicesBrowser.waitForText(By.cssSelector(".console-title"), "Your account, Alice Adams");
        assertAccessible(alicesBrowser, "the account page");
        Screenshots.save(alicesBrowser, "desktop-account");

        alicesBrowser.click(By.id("start-second-factor"));
        WebElement qr = alicesBrowser.find(By.cssSelector("svg.qr-code"));
        String uri = decode(qr.findElement(By.tagName("path")).getAttribute("d"));
        assertThat(uri).startsWith("otpauth://totp/CareChat%3A" + alice.username() + "?secret=");
        String secret = URI.create(uri).getQuery().replaceAll(".*secret=([A-Z2-7]+).*", "$1");
        assertThat(alicesBrowser.find(By.cssSelector("code.secret")).getText()).isEqualTo(secret);
        assertAccessible(alicesBrowser, "the QR code of the second factor");
        Screenshots.save(alicesBrowser, "desktop-account-second-factor");
        alicesBrowser.type(By.id("account-enrol-code"), SecondFactorBrowserTest.totp(secret, clock.millis()));
        alicesBrowser.click(By.cssSelector(".second-factor form button[type=submit]"));
        List<String> codes = alicesBrowser.until(d -> {
            List<String> shown = d.findElements(By.cssSelector(".second-factor .recovery-codes code")).stream()
                    .map(WebElement::getText)
                    .toList();
            return shown.size() == 10 ? shown : null;
        });
        assertThat(codes).doesNotHaveDuplicates();
        alicesBrowser.click(By.xpath("//div[contains(@class,'second-factor')]//button[.='I have saved them']"));
        alicesBrowser.waitForText(By.cssSelector(".second-factor"), "You sign in with a code");

        alicesBrowser.click(By.cssSelector("button.sign-out"));
        alicesBrowser.type(By.id("username"), alice.username());
        alicesBrowser.type(By.id("password"), PASSWORD);
        alicesBrowser.click(By.cssSelector("form button[type=submit]"));
        alicesBrowser.waitForText(By.cssSelector(".gate h1"), "Second factor");
        clock.advance(java.time.Duration.ofSeconds(30)); // the enrolment's code is used up: the next one
        alicesBrowser.type(By.id("code"), SecondFactorBrowserTest.totp(secret, clock.millis()));
        alicesBrowser.click(By.cssSelector("form button[type=submit]"));
        alicesBrowser.waitForText(By.cssSelector(".connection"), "Connected");
        assertThat(alicesBrowser.find(By.cssSelector(".me")).getText()).isEqualTo("Alice Adams");
    }

    @Test
    void endingAnotherSessionFromTheAccountPageShowsThatBrowserTheSignedOutPage() {
        Organisation org = newOrg();
        Person alice = person(org, Role.NURSE, "Alice Adams");
        signIn(bobsBrowser, alice); // her other browser: the ward's PC
        signIn(alicesBrowser, alice);
        alicesBrowser.open(base() + "/#/account");
        alicesBrowser.waitForText(By.cssSelector(".sessions-table"), "This browser");
        alicesBrowser.type(By.id("account-mobile"), "+44 20 7946 0000"); // a landline: no SMS reaches it
        alicesBrowser.click(By.xpath("//button[.='Save number']"));
        alicesBrowser.waitForText(By.cssSelector("form .error"), "'mobile' is not a valid mobile number");
        alicesBrowser.type(By.id("account-mobile"), "07400 123456");
        alicesBrowser.click(By.xpath("//button[.='Save number']"));
        alicesBrowser.waitForText(By.cssSelector(".console-status"), "Saved as +447400123456.");

        List<WebElement> end = alicesBrowser.all(By.xpath(
                "//table[contains(@class,'sessions-table')]//tr[contains(.," + "'Browser session')]//button[.='End']"));
        assertThat(end).as("one other browser session").hasSize(1);
        end.getFirst().click();
        alicesBrowser.waitForText(By.cssSelector(".console-status"), "That session has ended");

        bobsBrowser.waitForText(By.cssSelector(".gate h1"), "Your session has ended");
        assertAccessible(bobsBrowser, "the page shown where the session was ended");
        assertThat(alicesBrowser.find(By.cssSelector(".connection")).getText()).isEqualTo("Connected");
    }

    /** Reads the QR code the page drew: its squares back into an image, decoded by ZXing like a phone's camera. */
    private static String decode(String path) throws Exception {
        Matcher m = MODULE.matcher(path);
        int scale = 4;
        int max = 0;
        List<int[]> modules = new java.util.ArrayList<>();
        while (m.find()) {
            int x = Integer.parseInt(m.group(1));
            int y = Integer.parseInt(m.group(2));
            modules.add(new int[] {x, y});
            max = Math.max(max, Math.max(x, y));
        }
        int size = (max + 5) * scale;
        int[] pixels = new int[size * size];
        java.util.Arrays.fill(pixels, 0xFFFFFFFF);
        for (int[] module : modules) {
            for (int dy = 0; dy < scale; dy++) {
                for (int dx = 0; dx < scale; dx++) {
                    pixels[(module[1] * scale + dy) * size + module[0] * scale + dx] = 0xFF000000;
                }
            }
        }
        LuminanceSource source = new RGBLuminanceSource(size, size, pixels);
        return new QRCodeReader()
                .decode(new BinaryBitmap(new HybridBinarizer(source)))
                .getText();
    }
}
