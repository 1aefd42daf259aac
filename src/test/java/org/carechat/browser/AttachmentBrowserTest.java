package org.carechat.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.carechat.identity.Role;
import org.carechat.org.Organisation;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

/** Seed 004's pasted blood result: attached from the clipboard, held back without text, seen live by a colleague. */
class AttachmentBrowserTest extends BrowserTest {

    /** Draws a 400 × 300 "lab result" on a canvas and puts it on the system clipboard as a PNG. */
    static final String COPY_IMAGE = """
            const done = arguments[arguments.length - 1];
            const canvas = document.createElement('canvas');
            canvas.width = 400;
            canvas.height = 300;
            const g = canvas.getContext('2d');
            g.fillStyle = '#fff';
            g.fillRect(0, 0, 400, 300);
            g.fillStyle = '#b91c1c';
            g.fillRect(20, 20, 360, 40);
            canvas.toBlob(blob => navigator.clipboard.write([new ClipboardItem({'image/png': blob})])
                .then(() => done('copied'), e => done('not copied: ' + e)), 'image/png');
            """;

    @Test
    void aPastedImageWaitsForTextThenReachesTheColleagueLiveAsAThumbnailThatOpensFullSize() {
        Organisation org = newOrg();
        Person alice = person(org, Role.CLINICIAN, "Alice Adams");
        Person bob = person(org, Role.NURSE, "Bob Brown");
        String ward = conversation(alice, "Bloods bed 7", null, bob);
        signIn(alicesBrowser, alice);
        signIn(bobsBrowser, bob);
        bobsBrowser.click(LiveChatBrowserTest.row(ward));
        bobsBrowser.find(By.id("message-input"));
        alicesBrowser.click(LiveChatBrowserTest.row(ward));

        // Copy an image to the clipboard and paste it into the message box with Ctrl+V.
        alicesBrowser.driver.executeCdpCommand(
                "Browser.grantPermissions",
                Map.of("origin", base(), "permissions", List.of("clipboardReadWrite", "clipboardSanitizedWrite")));
        WebElement box = alicesBrowser.find(By.id("message-input"));
        box.click();
        alicesBrowser.driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(10));
        assertThat(alicesBrowser.driver.executeAsyncScript(COPY_IMAGE)).isEqualTo("copied");
        box.sendKeys(Keys.chord(Keys.CONTROL, "v"));
        alicesBrowser.until(
                d -> !d.findElements(By.cssSelector(".tray-item.ready")).isEmpty());
        assertThat(alicesBrowser
                        .find(By.cssSelector(".tray-item .tray-preview"))
                        .getAttribute("src"))
                .startsWith("blob:");
        assertThat(box.getAttribute("value"))
                .as("the image is attached, not pasted as text")
                .isEmpty();

        // Without text the message is held back: the button is disabled, Enter sends nothing, the hint says why.
        WebElement send = alicesBrowser.find(By.cssSelector("button.send"));
        assertThat(send.isEnabled()).isFalse();
        assertThat(alicesBrowser.find(By.cssSelector(".attach-hint")).getText())
                .isEqualTo("Add a message to send with the file.");
        box.sendKeys(Keys.ENTER);
        assertThat(alicesBrowser.all(By.cssSelector(".msg.own, .msg.pending"))).isEmpty();
        Screenshots.save(alicesBrowser, "desktop-attachment-waiting-for-text");
        assertAccessible(alicesBrowser, "the composer with a pasted image");

        box.sendKeys("Potassium 6.1, see result");
        assertThat(send.isEnabled()).isTrue();
        box.sendKeys(Keys.ENTER);
        alicesBrowser.waitForText(By.cssSelector(".msg.own .msg-body"), "Potassium 6.1");
        assertThat(alicesBrowser.all(By.cssSelector(".tray-item"))).isEmpty();

        // Bob, in the conversation, sees it arrive with its thumbnail loaded, and opens the full image.
        WebElement thumb = bobsBrowser.until(d -> d.findElements(By.cssSelector(".msg.other .attachments img")).stream()
                .findFirst()
                .orElse(null));
        bobsBrowser.until(d -> ((Number) bobsBrowser.script(
                                "return arguments[0].complete ? " + "arguments[0].naturalWidth : 0", thumb))
                        .intValue()
                > 0);
        assertThat(thumb.getAttribute("src")).endsWith("/thumbnail");
        assertThat(((Number) bobsBrowser.script("return arguments[0].naturalWidth", thumb)).intValue())
                .isLessThanOrEqualTo(320);
        assertThat(bobsBrowser.find(By.cssSelector(".msg.other .msg-body")).getText())
                .isEqualTo("Potassium 6.1, see result");
        Screenshots.save(bobsBrowser, "desktop-attachment-thumbnail");
        bobsBrowser.click(By.cssSelector(".msg.other .attachments .thumb"));
        WebElement full = bobsBrowser.find(By.cssSelector("dialog.viewer .viewer-image"));
        bobsBrowser.until(d ->
                ((Number) bobsBrowser.script("return arguments[0].complete ? " + "arguments[0].naturalWidth : 0", full))
                                .intValue()
                        == 400);
        assertThat(full.getAttribute("src")).doesNotEndWith("/thumbnail");
        Screenshots.save(bobsBrowser, "desktop-attachment-viewer");
        assertAccessible(bobsBrowser, "the image viewer");
        bobsBrowser.find(By.cssSelector("dialog.viewer .close")).click();
        bobsBrowser.waitUntilGone(By.cssSelector("dialog.viewer"));
    }

    /**
     * An upload whose answer never comes ends within its limit: the file leaves the tray with a sentence saying so,
     * and the message box sends again.
     */
    @Test
    void anUploadNotAnsweredInTimeLeavesTheTrayWithASentenceAndTheBoxSendsAgain() throws Exception {
        Organisation org = newOrg();
        Person alice = person(org, Role.CLINICIAN, "Alice Adams");
        Person bob = person(org, Role.NURSE, "Bob Brown");
        String ward = conversation(alice, "Bloods bed 8", null, bob);
        signIn(alicesBrowser, alice);
        alicesBrowser.click(LiveChatBrowserTest.row(ward));
        alicesBrowser.driver.executeCdpCommand(
                "Browser.grantPermissions",
                Map.of("origin", base(), "permissions", List.of("clipboardReadWrite", "clipboardSanitizedWrite")));
        WebElement box = alicesBrowser.find(By.id("message-input"));
        box.click();
        alicesBrowser.driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(10));
        assertThat(alicesBrowser.driver.executeAsyncScript(COPY_IMAGE)).isEqualTo("copied");
        HeldAnswers.Held held = heldAnswers.holdNext("POST", path -> path.endsWith("/attachments"));
        timeLimits(alicesBrowser, Map.of("requestMs", 2_000, "uploadBytesPerSecond", 1_000_000_000));

        box.sendKeys(Keys.chord(Keys.CONTROL, "v"));
        held.awaitServed();
        assertThat(alicesBrowser
                        .waitForText(By.cssSelector(".attach-error"), "in time")
                        .getText())
                .endsWith(": The upload did not finish in time. Check the connection and try again.");
        assertThat(alicesBrowser.all(By.cssSelector(".tray-item"))).isEmpty();

        box.sendKeys("Potassium 6.1, result to follow");
        box.sendKeys(Keys.ENTER);
        alicesBrowser.waitForText(By.cssSelector(".msg.own .msg-body"), "Potassium 6.1, result to follow");
    }
}
