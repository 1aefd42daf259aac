package org.carechat.browser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.carechat.identity.Role;
import org.carechat.org.Organisation;
import org.carechat.patient.NewPatient;
import org.carechat.patient.Patient;
import org.carechat.testing.Patients;
import org.carechat.testing.Response;
import org.carechat.testing.Smsc;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Nothing stays on phones (docs/retention.md): after both apps were used, the browser's persistent storage — Cache
 * Storage, IndexedDB, localStorage — holds no message text; and a remote wipe makes the browser's next request clear
 * what it holds, and the app shows the signed-out page.
 */
class NothingOnPhonesBrowserTest extends BrowserTest {

    /** Every persistent store of the page's origin, as text: localStorage, each IndexedDB store, each cached answer. */
    static final String SCAN = """
            const done = arguments[arguments.length - 1];
            (async () => {
                const out = [];
                for (let i = 0; i < localStorage.length; i++) {
                    const key = localStorage.key(i);
                    out.push(`local:${key}=${localStorage.getItem(key)}`);
                }
                for (const info of (await indexedDB.databases())) {
                    const db = await new Promise((ok, fail) => {
                        const open = indexedDB.open(info.name);
                        open.onsuccess = () => ok(open.result);
                        open.onerror = () => fail(open.error);
                    });
                    for (const store of db.objectStoreNames) {
                        const all = await new Promise(ok => {
                            const get = db.transaction(store).objectStore(store).getAll();
                            get.onsuccess = () => ok(get.result);
                        });
                        out.push(`idb:${info.name}/${store}=${JSON.stringify(all)}`);
                    }
                    db.close();
                }
                for (const name of await caches.keys()) {
                    const cache = await caches.open(name);
                    for (const request of await cache.keys()) {
                        const answer = await cache.match(request);
                        out.push(`cache:${name}:${request.url}=${await answer.text()}`);
                    }
                }
                return out.join('\\n');
            })().then(done, error => done(`scan failed: ${error}`));
            """;

    @Autowired
    JdbcClient jdbc;

    @Test
    void afterBothAppsNoStoreHoldsMessageTextAndARemoteWipeClearsTheBrowserAtItsNextRequest() {
        Organisation org = newOrg();
        Person admin = person(org, Role.ADMIN, "Ada Admin");
        Person nurse = person(org, Role.NURSE, "Nina Nurse");
        String mobile = Patients.mobile();
        Patient rita = patients.create(
                asCurrent(admin.staff()),
                new NewPatient("MRN-9901", "Rita", "Phoneless", "1956-04-12", mobile.replace("+44", "0"), null));
        String results = conversation(nurse, "Your scan", rita);
        send(nurse, results, "Scan shows a small cyst, nothing urgent");

        signInByCode(bobsBrowser, mobile, "1956-04-12");
        bobsBrowser.open(base() + "/patient/#/c/" + results);
        bobsBrowser.waitForText(By.cssSelector(".msg.other .msg-body"), "small cyst");
        bobsBrowser.type(By.id("message-input"), "Relieved to hear about the cyst");
        bobsBrowser.pressEnter(By.id("message-input"));
        bobsBrowser.waitForText(By.cssSelector(".msg.own .msg-body"), "Relieved to hear");

        signIn(alicesBrowser, nurse);
        alicesBrowser.click(LiveChatBrowserTest.row(results));
        alicesBrowser.waitForText(By.cssSelector(".msg.other .msg-body"), "Relieved to hear");
        alicesBrowser.type(By.id("message-input"), "Draft about the cyst, not sent");

        for (Browser browser : new Browser[] {alicesBrowser, bobsBrowser}) {
            String stored = scan(browser);
            assertThat(stored).doesNotStartWith("scan failed");
            assertThat(stored).doesNotContain("cyst", "Relieved", "Your scan", "Phoneless");
        }

        // The nurse's phone is lost: the admin wipes its session. Its socket closes; its next request clears it.
        alicesBrowser.script("localStorage.setItem('wipe-probe', 'still here')");
        String session = jdbc.sql(
                        "SELECT id FROM auth_token WHERE user_id = ? AND kind = 'session' " + "AND revoked_at IS NULL")
                .param(nurse.id())
                .query(String.class)
                .single();
        Response wiped = post(admin.staff(), "/api/v1/users/" + nurse.id() + "/wipe", Map.of("tokenId", session));
        assertThat(wiped.status()).as(wiped.text()).isEqualTo(200);

        alicesBrowser.waitForText(By.tagName("h1"), "Your session has ended");
        alicesBrowser.click(By.xpath("//button[.='Sign in again']"));
        alicesBrowser.find(By.id("username"));
        assertThat(alicesBrowser.script("return localStorage.length")).isEqualTo(0L);
        assertThat(alicesBrowser.driver.executeAsyncScript("const done = arguments[arguments.length - 1];"
                        + "fetch('/api/v1/auth/me').then(r => done(r.status + ' '"
                        + " + (r.headers.get('Clear-Site-Data') === null ? 'no cookie sent' : 'cookie still sent')))"))
                .as("the session cookie is gone")
                .isEqualTo("401 no cookie sent");
        assertThat(get(admin.staff(), "/api/v1/users/" + nurse.id() + "/devices")
                        .json()
                        .get(0)
                        .get("state")
                        .asString())
                .isEqualTo("wiped");
    }

    static String scan(Browser browser) {
        return String.valueOf(browser.driver.executeAsyncScript(SCAN));
    }

    private void signInByCode(Browser browser, String mobile, String birthDate) {
        browser.phone();
        browser.open(base() + "/patient/");
        browser.type(By.id("contact"), mobile);
        typeBirthDate(browser, birthDate);
        browser.click(By.cssSelector("form button[type=submit]"));
        browser.find(By.id("code"));
        await().atMost(Duration.ofSeconds(20))
                .until(() -> !Smsc.shared().to(mobile).isEmpty());
        Matcher code = Pattern.compile("(\\d{6})")
                .matcher(Smsc.shared().to(mobile).getLast().text());
        assertThat(code.find()).isTrue();
        browser.type(By.id("code"), code.group(1));
        browser.click(By.cssSelector("form button[type=submit]"));
        browser.waitForText(By.cssSelector(".connection"), "Up to date");
    }
}
