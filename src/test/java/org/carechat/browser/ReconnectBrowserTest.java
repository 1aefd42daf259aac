package org.carechat.browser;

import static org.assertj.core.api.Assertions.assertThat;

import org.carechat.identity.Role;
import org.carechat.org.Organisation;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.web.server.WebServer;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import tools.jackson.databind.JsonNode;

/** The server goes away and comes back: the indicator follows, and a message typed meanwhile arrives once. */
class ReconnectBrowserTest extends BrowserTest {

    @Autowired
    WebServerApplicationContext context;

    @Test
    void aMessageTypedWhileTheServerIsStoppedIsDeliveredExactlyOnceWhenItComesBack() {
        Organisation org = newOrg();
        Person alice = person(org, Role.CLINICIAN, "Alice Adams");
        Person bob = person(org, Role.NURSE, "Bob Brown");
        String ward = conversation(alice, "Night shift", null, bob);
        signIn(alicesBrowser, alice);
        signIn(bobsBrowser, bob);
        alicesBrowser.click(LiveChatBrowserTest.row(ward));
        bobsBrowser.click(LiveChatBrowserTest.row(ward));
        alicesBrowser.find(By.id("message-input"));

        WebServer server = context.getWebServer();
        server.stop();
        try {
            alicesBrowser.until(
                    d -> d.findElement(By.cssSelector(".connection")).getText().equals("Not connected"));
            bobsBrowser.until(
                    d -> !d.findElement(By.cssSelector(".connection")).getText().equals("Connected"));
            alicesBrowser.type(By.id("message-input"), "Typed while the server was away");
            alicesBrowser.pressEnter(By.id("message-input"));
            alicesBrowser.waitForText(By.cssSelector(".msg.pending .msg-state"), "Sending…");
            Screenshots.save(alicesBrowser, "desktop-offline");
        } finally {
            server.start();
        }

        alicesBrowser.waitForText(By.cssSelector(".connection"), "Connected");
        bobsBrowser.waitForText(By.cssSelector(".connection"), "Connected");
        bobsBrowser.waitForText(By.cssSelector(".msg.other .msg-body"), "Typed while the server was away");
        alicesBrowser.waitUntilGone(By.cssSelector(".msg.pending"));

        // A later message arrives after any duplicate of the first would have: then count.
        send(alice, ward, "Marker after reconnect");
        bobsBrowser.waitForText(By.cssSelector(".msg.other .msg-body"), "Marker after reconnect");
        alicesBrowser.waitForText(By.cssSelector(".msg.own .msg-body"), "Marker after reconnect");
        assertThat(bodies(bobsBrowser, ".msg.other"))
                .containsExactly("Typed while the server was away", "Marker after reconnect");
        assertThat(bodies(alicesBrowser, ".msg.own"))
                .containsExactly("Typed while the server was away", "Marker after reconnect");
        JsonNode history = get(alice.staff(), "/api/v1/conversations/" + ward + "/messages")
                .json();
        long stored = 0;
        for (JsonNode entry : history) {
            if ("Typed while the server was away".equals(entry.path("body").asString(null))) {
                stored++;
            }
        }
        assertThat(stored).isEqualTo(1);
    }

    @Test
    void aConversationChosenWhileTheServerIsStoppedOpensWhenItComesBack() {
        Organisation org = newOrg();
        Person alice = person(org, Role.CLINICIAN, "Alice Adams");
        Person bob = person(org, Role.NURSE, "Bob Brown");
        String ward = conversation(alice, "Night shift", null, bob);
        send(alice, ward, "Written before the outage");
        signIn(bobsBrowser, bob);
        // the thread's modules are imported when a conversation first opens: none kept from an earlier test
        bobsBrowser.asyncScript("caches.delete('carechat-app-files').then(() => arguments[0]())");

        WebServer server = context.getWebServer();
        server.stop();
        try {
            bobsBrowser.until(
                    d -> !d.findElement(By.cssSelector(".connection")).getText().equals("Connected"));
            bobsBrowser.click(LiveChatBrowserTest.row(ward));
            bobsBrowser.waitForText(By.cssSelector(".thread-error"), "cannot be reached");
        } finally {
            server.start();
        }

        bobsBrowser.waitForText(By.cssSelector(".connection"), "Connected");
        // A browser that keeps a failed module download until a reload (Chromium 150) offers the reload; a newer one
        // downloads the view again and opens the conversation by itself.
        bobsBrowser.until(d -> !d.findElements(By.cssSelector(".msg.other .msg-body, .thread-error button"))
                .isEmpty());
        if (!bobsBrowser.all(By.cssSelector(".thread-error button")).isEmpty()) {
            bobsBrowser.click(By.cssSelector(".thread-error button"));
        }
        bobsBrowser.waitForText(By.cssSelector(".msg.other .msg-body"), "Written before the outage");
        bobsBrowser.find(By.id("message-input"));
        assertThat(bobsBrowser.all(By.cssSelector(".thread-error"))).isEmpty();
    }

    static java.util.List<String> bodies(Browser browser, String css) {
        return browser.all(By.cssSelector(css + " .msg-body")).stream()
                .map(WebElement::getText)
                .toList();
    }
}
