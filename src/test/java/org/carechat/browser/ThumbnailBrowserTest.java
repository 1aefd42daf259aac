package org.carechat.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.imageio.ImageIO;
import org.carechat.identity.Role;
import org.carechat.org.Organisation;
import org.carechat.testing.Response;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/** Thumbnails keep their place before they load, so a thread whose newest message is a photo opens at the bottom. */
class ThumbnailBrowserTest extends BrowserTest {

    @Test
    void aThreadEndingInAPhotoOpensAtTheNewestMessageAtBothWidths() {
        Organisation org = newOrg();
        Person alice = person(org, Role.CLINICIAN, "Alice Adams");
        Person bob = person(org, Role.NURSE, "Bob Brown");
        String ward = conversation(alice, "Wound care", null, bob);
        for (int i = 1; i <= 25; i++) {
            send(alice, ward, "Dressing note " + i);
        }
        sendPhoto(alice, ward, 300, 900);
        signIn(bobsBrowser, bob);
        for (boolean phone : new boolean[] {false, true}) {
            if (phone) {
                bobsBrowser.phone();
                bobsBrowser.open(base() + "/#/c/" + ward);
            } else {
                bobsBrowser.click(LiveChatBrowserTest.row(ward));
            }
            WebElement img = bobsBrowser.find(By.cssSelector(".msg .attachments .thumb img"));
            // the photo is 1:3; its longest side fits 160 px
            assertThat(Integer.parseInt(img.getAttribute("height"))).isBetween(150, 160);
            assertThat(Integer.parseInt(img.getAttribute("width"))).isBetween(50, 55);
            bobsBrowser.until(d -> (Boolean) bobsBrowser.script("return arguments[0].complete", img));
            Long gap = (Long) bobsBrowser.script("const s = document.querySelector('.scroller');"
                    + " return Math.round(s.scrollHeight - s.scrollTop - s.clientHeight);");
            assertThat(gap).as("pixels below the view once the photo is in").isLessThanOrEqualTo(1L);
            assertAccessible(bobsBrowser, phone ? "a photo in a thread on a phone" : "a photo in a thread");
            if (phone) {
                bobsBrowser.desktop();
            }
        }
    }

    private void sendPhoto(Person from, String conversation, int width, int height) {
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        try {
            ImageIO.write(new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB), "png", png);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Response uploaded =
                send(HttpRequest.newBuilder(URI.create(url("/api/v1/conversations/" + conversation + "/attachments")))
                        .header("Authorization", "Bearer " + from.staff().token())
                        .header("X-File-Name", "wound.png")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(png.toByteArray()))
                        .build());
        assertThat(uploaded.status()).as(uploaded.text()).isEqualTo(201);
        Response sent = post(
                from.staff(),
                "/api/v1/conversations/" + conversation + "/messages",
                Map.of(
                        "clientMsgId",
                        UUID.randomUUID().toString(),
                        "body",
                        "Wound photo, day 3",
                        "attachments",
                        List.of(uploaded.string("id"))));
        assertThat(sent.status()).as(sent.text()).isEqualTo(201);
    }
}
