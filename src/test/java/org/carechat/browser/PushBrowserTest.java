package org.carechat.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.carechat.identity.Role;
import org.carechat.org.Organisation;
import org.carechat.testing.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.interactions.Actions;
import tools.jackson.databind.JsonNode;

/**
 * The staff app's service worker in Chromium: it registers, shows a push delivered through the DevTools protocol
 * ({@code ServiceWorker.deliverPushMessage}), its Acknowledge button acknowledges the urgent message without the app
 * (the click is driven by calling the worker's own {@code clickNotification} — what its {@code notificationclick}
 * listener calls — through the DevTools protocol in the worker's target: no test hook in the app), and Cache Storage
 * holds the app's files and never an API answer. The one-time explanation before the browser's permission prompt
 * and the alert settings are checked at desktop size and at 390×844 with axe-core.
 */
class PushBrowserTest extends BrowserTest {

    private static final String WORKER_READY = "const done = arguments[arguments.length - 1];"
            + "navigator.serviceWorker.ready.then(r => done(r.active && r.active.scriptURL));";
    private static final String NOTIFICATIONS = "const done = arguments[arguments.length - 1];"
            + "navigator.serviceWorker.ready.then(r => r.getNotifications()).then(ns => done(ns.map(n => ("
            + "{title: n.title, body: n.body, tag: n.tag, requireInteraction: n.requireInteraction,"
            + " actions: n.actions.map(a => a.action).join(',')}))));";
    /** How many times the push is delivered at most before the test gives up on seeing it shown. */
    private static final int PUSH_DELIVERIES = 3;

    void allowNotifications(Browser browser) {
        browser.notifications(base(), "granted");
    }

    @Test
    void anUrgentPushShowsANotificationWhoseAcknowledgeButtonAcknowledgesWithoutTheApp() throws Exception {
        Organisation org = newOrg();
        Person alice = person(org, Role.CLINICIAN, "Alice Adams");
        Person bob = person(org, Role.NURSE, "Bob Brown");
        String direct = direct(alice.staff(), bob.staff());
        allowNotifications(bobsBrowser);
        signIn(bobsBrowser, bob);
        assertThat(bobsBrowser.asyncScript(WORKER_READY)).isEqualTo(base() + "/sw.js");

        Response sent = post(
                alice.staff(),
                "/api/v1/conversations/" + direct + "/messages",
                Map.of("clientMsgId", UUID.randomUUID().toString(), "body", "Potassium 6.9", "urgent", true));
        assertThat(sent.status()).as(sent.text()).isEqualTo(201);
        long seq = sent.json().get("seq").asLong();
        String tag = "urgent-" + direct + "-" + seq;
        String payload = JSON.writeValueAsString(Map.of(
                "kind",
                "urgent",
                "title",
                "Urgent message from Alice Adams",
                "body",
                "Needs your acknowledgement",
                "tag",
                tag,
                "c",
                direct,
                "seq",
                seq));

        List<Map<String, Object>> shown = List.of();
        int deliveries = 0;
        try (DevTools page = DevTools.attach(bobsBrowser, "page", base())) {
            page.call("ServiceWorker.enable", Map.of());
            // A registration a sign-out's Clear-Site-Data removed may still be reported: push to each live one.
            List<String> live = registrationsOf(page, base() + "/");
            // Headless Chromium now and then loses a push the DevTools protocol delivers to an active worker with
            // permission granted (about 1 in 36 in a row here: nothing shown after 30 s) and shows the same push
            // delivered again. A push service keeps a message until the browser has taken it, so a second delivery
            // is what a phone would get; the same tag makes it replace the first, never a second notification.
            while (shown.isEmpty() && deliveries < PUSH_DELIVERIES) {
                for (String registrationId : live) {
                    page.call(
                            "ServiceWorker.deliverPushMessage",
                            Map.of("origin", base(), "registrationId", registrationId, "data", payload));
                }
                deliveries++;
                shown = awaitNotifications(1, Duration.ofSeconds(5));
            }
        }
        assertThat(shown)
                .as("notifications shown after %d deliveries; the worker says %s", deliveries, workerState())
                .hasSize(1);
        assertThat(shown.getFirst())
                .containsEntry("title", "Urgent message from Alice Adams")
                .containsEntry("tag", tag)
                .containsEntry("requireInteraction", true)
                .containsEntry("actions", "acknowledge,open");

        try (DevTools worker = DevTools.attach(bobsBrowser, "service_worker", base() + "/sw.js")) {
            worker.evaluate("self.registration.getNotifications({tag: '" + tag + "'})"
                    + ".then(ns => clickNotification(ns[0], 'acknowledge')).then(() => true)");
        }
        assertThat(awaitNotifications(0)).isEmpty();
        assertThat(get(bob.staff(), "/api/v1/urgent").json())
                .as("Bob's pending urgent alerts")
                .isEmpty();
        bobsBrowser.open(base() + "/#/c/" + direct);
        bobsBrowser.waitForText(By.cssSelector("li.system"), "Bob Brown acknowledged the urgent message");
    }

    private String workerState() {
        try (DevTools worker = DevTools.attach(bobsBrowser, "service_worker", base() + "/sw.js")) {
            return worker.evaluate(
                            "self.registration.getNotifications().then(ns => 'permission=' + Notification.permission"
                                    + " + ' shown=' + ns.length + ' scope=' + self.registration.scope)")
                    .toString();
        } catch (Exception e) {
            return e.toString();
        }
    }

    /** The ids of the live registrations whose scope is {@code scope} (the patient app's worker has its own). */
    private static List<String> registrationsOf(DevTools page, String scope) throws InterruptedException {
        Map<String, Boolean> live = new java.util.LinkedHashMap<>();
        JsonNode update = page.awaitEvent("ServiceWorker.workerRegistrationUpdated", Duration.ofSeconds(10));
        long until = System.nanoTime() + Duration.ofMillis(1_500).toNanos();
        while (update != null) {
            for (JsonNode registration : update.get("registrations")) {
                if (registration.path("scopeURL").asString().equals(scope)) {
                    live.put(
                            registration.get("registrationId").asString(),
                            !registration.path("isDeleted").asBoolean());
                }
            }
            update = System.nanoTime() < until
                    ? page.pollEvent("ServiceWorker.workerRegistrationUpdated", Duration.ofMillis(300))
                    : null;
        }
        List<String> ids = live.entrySet().stream()
                .filter(Map.Entry::getValue)
                .map(Map.Entry::getKey)
                .toList();
        assertThat(ids).as("live registrations of the staff app's worker").isNotEmpty();
        return ids;
    }

    private List<Map<String, Object>> awaitNotifications(int count) throws InterruptedException {
        return awaitNotifications(count, Duration.ofSeconds(10));
    }

    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> awaitNotifications(int count, Duration within) throws InterruptedException {
        long until = System.nanoTime() + within.toNanos();
        List<Map<String, Object>> shown = List.of();
        do {
            shown = (List<Map<String, Object>>) bobsBrowser.asyncScript(NOTIFICATIONS);
            if (shown.size() == count) {
                return shown;
            }
            Thread.sleep(100);
        } while (System.nanoTime() < until);
        return shown;
    }

    @Test
    void cacheStorageHoldsTheAppsFilesAndNoApiAnswer() throws InterruptedException {
        Organisation org = newOrg();
        Person bob = person(org, Role.NURSE, "Bob Brown");
        Person alice = person(org, Role.CLINICIAN, "Alice Adams");
        String direct = direct(alice.staff(), bob.staff());
        sendText(alice.staff(), direct, "Bed 4 needs a review");
        signIn(bobsBrowser, bob);
        bobsBrowser.asyncScript(WORKER_READY);
        bobsBrowser.driver.navigate().refresh(); // a load controlled by the worker: its files go through it
        bobsBrowser.open(base() + "/#/c/" + direct);
        bobsBrowser.waitForText(By.cssSelector(".msg"), "Bed 4 needs a review");

        List<String> cached = List.of();
        for (int i = 0; i < 100 && !cached.contains("/app/app.js"); i++) {
            cached = cachedPaths();
            Thread.sleep(100);
        }
        assertThat(cached).isNotEmpty().contains("/app/app.js").noneMatch(path -> path.startsWith("/api/"));
        // Cache Storage belongs to the origin, which both apps share: this browser may have run the patient app's
        // worker in an earlier test (the browsers live for the whole run), so its files may be there too.
        assertThat(cached).allMatch(path -> path.equals("/") || path.matches("/(app|shared|patient)/[\\w.-]*"));
    }

    @SuppressWarnings("unchecked")
    private List<String> cachedPaths() {
        return (List<String>) bobsBrowser.asyncScript("const done = arguments[arguments.length - 1];"
                + "caches.keys().then(names => Promise.all(names.map(n => caches.open(n).then(c => c.keys()))))"
                + ".then(lists => done(lists.flat().map(r => new URL(r.url).pathname)));");
    }

    @Test
    void theExplanationComesOnceBeforeThePermissionPromptAndIsAccessibleOnDesktopAndPhone() {
        Organisation org = newOrg();
        Person bob = person(org, Role.NURSE, "Bob Brown");
        bobsBrowser.notifications(base(), "prompt"); // never asked on this device
        signIn(bobsBrowser, bob);

        bobsBrowser.waitForText(By.cssSelector("dialog.push-explain"), "never what");
        assertAccessible(bobsBrowser, "the alerts explanation at desktop size");
        bobsBrowser.phone();
        assertAccessible(bobsBrowser, "the alerts explanation at 390×844");
        bobsBrowser.click(By.id("push-not-now"));
        bobsBrowser.waitUntilGone(By.cssSelector("dialog.push-explain"));

        bobsBrowser.open(base() + "/");
        bobsBrowser.waitForText(By.cssSelector(".connection"), "Connected");
        assertThat(bobsBrowser.all(By.cssSelector("dialog.push-explain")))
                .as("asked once")
                .isEmpty();
    }

    @Test
    void onAPhoneTheExplanationTakesFocusWithoutMakingThePageInertAndEscapeInItClosesIt() {
        Organisation org = newOrg();
        Person bob = person(org, Role.NURSE, "Bob Brown");
        bobsBrowser.notifications(base(), "prompt"); // never asked on this device
        bobsBrowser.phone();
        signIn(bobsBrowser, bob);

        bobsBrowser.waitForText(By.cssSelector("dialog.push-explain"), "never what");
        assertThat(bobsBrowser.script("return document.activeElement.closest('dialog.push-explain') !== null"))
                .as("focus moved into the explanation")
                .isEqualTo(true);
        assertThat(bobsBrowser.script("return document.querySelector('dialog.push-explain').matches(':modal')"))
                .as("not modal: opening it does not make the whole page inert (and restyle it) on a first start")
                .isEqualTo(false);
        assertThat(bobsBrowser.script("const r = document.querySelector('dialog.push-explain')"
                        + ".getBoundingClientRect(); return r.top >= 0 && r.left >= 0 && r.bottom <= innerHeight"
                        + " && r.right <= innerWidth;"))
                .as("the whole explanation within the 390×844 screen")
                .isEqualTo(true);
        assertAccessible(bobsBrowser, "the alerts explanation at 390×844");

        bobsBrowser.click(By.cssSelector("button.new-conversation")); // the page behind it still works
        bobsBrowser.waitForText(By.cssSelector("dialog.wide"), "New conversation");
        new Actions(bobsBrowser.driver).sendKeys(Keys.ESCAPE).perform();
        bobsBrowser.waitUntilGone(By.cssSelector("dialog.wide"));
        assertThat(bobsBrowser.all(By.cssSelector("dialog.push-explain")))
                .as("Escape in the dialog opened over it closes only that one")
                .hasSize(1);

        bobsBrowser.find(By.cssSelector("dialog.push-explain button.close")).sendKeys(Keys.ESCAPE);
        bobsBrowser.waitUntilGone(By.cssSelector("dialog.push-explain"));
    }

    /** Run in every document of the tab before its own scripts: notes whether the list was there when it opened. */
    private static final String WATCH_THE_EXPLANATION = "new MutationObserver(() => {"
            + " if (window.explainedAfterList === undefined && document.querySelector('dialog.push-explain')) {"
            + "  window.explainedAfterList = performance.getEntriesByName('carechat:list-ready').length > 0; }"
            + "}).observe(document, {childList: true, subtree: true});";

    /** As above, and puts the user in the search box as soon as the list's first row is on the page. */
    private static final String WATCH_WITH_FOCUS_IN_THE_SEARCH = WATCH_THE_EXPLANATION
            + "new MutationObserver((changes, observer) => {"
            + " if (document.querySelector('#conversation-list .conv')) {"
            + "  document.getElementById('conversation-search')?.focus(); observer.disconnect(); }"
            + "}).observe(document, {childList: true, subtree: true});";

    /** The script {@link #signInOnAPhoneNeverAskedWatching} put in each new page of Bob's tab (a DevTools id). */
    private Object watching;

    /** Bob's browser serves the next test class too: no page of it may run this class's watching script. */
    @AfterEach
    void stopWatching() {
        if (watching != null) {
            bobsBrowser.driver.executeCdpCommand(
                    "Page.removeScriptToEvaluateOnNewDocument", Map.of("identifier", watching));
            watching = null;
        }
    }

    /** Bob, never asked on this device, with a conversation, signs in at 390×844 with {@code watch} in each page. */
    private void signInOnAPhoneNeverAskedWatching(String watch) {
        Organisation org = newOrg();
        Person alice = person(org, Role.CLINICIAN, "Alice Adams");
        Person bob = person(org, Role.NURSE, "Bob Brown");
        conversation(alice, "Ward 4", null, bob);
        bobsBrowser.notifications(base(), "prompt");
        bobsBrowser.phone();
        watching = bobsBrowser
                .driver
                .executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source", watch))
                .get("identifier");
        signIn(bobsBrowser, bob);
        bobsBrowser.waitForText(By.cssSelector("dialog.push-explain"), "never what");
    }

    @Test
    void onAPhoneTheExplanationWaitsForTheListThenTakesFocus() {
        signInOnAPhoneNeverAskedWatching(WATCH_THE_EXPLANATION);

        assertThat(bobsBrowser.script("return window.explainedAfterList"))
                .as("opened once the first screen (the list) was shown, not over a page still arriving")
                .isEqualTo(true);
        assertThat(bobsBrowser.script("return document.activeElement.closest('dialog.push-explain') !== null"))
                .as("focus moved into it: the user was not yet anywhere on the page")
                .isEqualTo(true);
        assertAccessible(bobsBrowser, "the alerts explanation at 390×844, after the list");
    }

    @Test
    void theExplanationLeavesFocusWhereTheUserAlreadyIsAndIsAnnouncedInstead() {
        signInOnAPhoneNeverAskedWatching(WATCH_WITH_FOCUS_IN_THE_SEARCH);

        assertThat(bobsBrowser.script("return document.activeElement.id"))
                .as("the search box the user is in keeps focus")
                .isEqualTo("conversation-search");
        assertThat(bobsBrowser.script("return [...document.querySelectorAll('[aria-live]')]"
                        + ".some(region => region.textContent.includes('Alerts on this device'))"))
                .as("a screen reader is told the question is open")
                .isEqualTo(true);
        assertAccessible(bobsBrowser, "the alerts explanation at 390×844, focus left in the search box");

        bobsBrowser.find(By.cssSelector("dialog.push-explain button.close")).sendKeys(Keys.ESCAPE);
        bobsBrowser.waitUntilGone(By.cssSelector("dialog.push-explain"));
    }

    @Test
    void alertsAreOnByDefaultForStaffAndANewMessagesToneFollowsTheSoundSetting() {
        Organisation org = newOrg();
        Person alice = person(org, Role.CLINICIAN, "Alice Adams");
        Person bob = person(org, Role.NURSE, "Bob Brown");
        String ward = conversation(alice, "Ward 4", null, bob);
        String rota = conversation(alice, "Rota", null, bob);
        signIn(bobsBrowser, bob);
        bobsBrowser.waitForText(By.cssSelector("button.alerts-toggle"), "Alerts on");
        assertThat(bobsBrowser.find(By.cssSelector("button.alerts-toggle")).getAttribute("aria-pressed"))
                .as("on without ever being turned on")
                .isEqualTo("true");
        assertThat(get(bob.staff(), "/api/v1/account/preferences")
                        .json()
                        .get("messageAlerts")
                        .asBoolean())
                .isTrue();

        send(alice, ward, "Bed 4 obs stable");
        assertThat(bobsBrowser
                        .waitForText(By.cssSelector(".toast[data-sound]"), "New message from Alice Adams")
                        .getAttribute("data-sound"))
                .as("the tone played")
                .isEqualTo("played");
        assertAccessible(bobsBrowser, "a new message's alert at desktop size");

        bobsBrowser.open(base() + "/#/account");
        bobsBrowser.waitForText(By.cssSelector(".account"), "Alerts");
        bobsBrowser.click(By.cssSelector("label[for=alert-sound]"));
        bobsBrowser.click(By.xpath("//button[normalize-space()='Save alert settings']"));
        bobsBrowser.waitForText(By.cssSelector(".console-status"), "Saved.");
        assertThat(get(bob.staff(), "/api/v1/push/settings").json().get("sound").asBoolean())
                .isFalse();
        bobsBrowser.waitUntilGone(By.cssSelector(".toast"));
        bobsBrowser.phone();
        bobsBrowser.open(base() + "/"); // a new start knows the setting from this browser at once
        bobsBrowser.waitForText(By.cssSelector(".connection"), "Connected");
        send(alice, rota, "Who covers Saturday?");
        assertThat(bobsBrowser
                        .waitForText(By.cssSelector(".toast[data-sound]"), "New message from Alice Adams")
                        .getAttribute("data-sound"))
                .as("no sound: the account's alert settings say so, known from the first moment of a new start")
                .isEqualTo("silent");
        assertAccessible(bobsBrowser, "a silent new message's alert at 390×844");

        bobsBrowser.waitUntilGone(By.cssSelector(".toast"));
        bobsBrowser.script("localStorage.removeItem('carechat.alerts.sound');"); // as on another device
        bobsBrowser.open(base() + "/");
        bobsBrowser.waitForText(By.cssSelector(".connection"), "Connected");
        send(alice, ward, "Obs due at 6");
        assertThat(bobsBrowser
                        .waitForText(By.cssSelector(".toast[data-sound]"), "New message from Alice Adams")
                        .getAttribute("data-sound"))
                .as("no sound in a browser that never read the setting: the tone waits for the account's answer")
                .isEqualTo("silent");
    }

    @Test
    void alertSettingsAreSavedWithTheAccountAndAccessible() {
        Organisation org = newOrg();
        Person bob = person(org, Role.NURSE, "Bob Brown");
        signIn(bobsBrowser, bob);
        bobsBrowser.open(base() + "/#/account");
        bobsBrowser.waitForText(By.cssSelector(".account"), "Alerts");
        bobsBrowser.script("document.getElementById('alert-scope').value = 'urgent_and_direct';");
        bobsBrowser.click(By.cssSelector("label[for=alert-quiet]"));
        assertAccessible(bobsBrowser, "the alert settings at desktop size");
        bobsBrowser.phone();
        assertAccessible(bobsBrowser, "the alert settings at 390×844");
        bobsBrowser.click(By.xpath("//button[normalize-space()='Save alert settings']"));
        bobsBrowser.waitForText(By.cssSelector(".console-status"), "Quiet hours hold back");

        JsonNode saved = get(bob.staff(), "/api/v1/push/settings").json();
        assertThat(saved.get("push").asString()).isEqualTo("urgent_and_direct");
        assertThat(saved.get("quietHours").get("from").asInt()).isEqualTo(22 * 60);
        assertThat(saved.get("quietHours").get("to").asInt()).isEqualTo(7 * 60);
    }
}
