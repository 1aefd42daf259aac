package org.carechat.browser;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.servlet.Filter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.carechat.CareChatApplication;
import org.carechat.identity.CurrentUser;
import org.carechat.identity.NewUser;
import org.carechat.identity.Role;
import org.carechat.identity.User;
import org.carechat.identity.UserService;
import org.carechat.org.OrgService;
import org.carechat.org.Organisation;
import org.carechat.storage.Transactions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.support.GenericApplicationContext;

/**
 * The staff app as deployed with the server's own TLS, where Tomcat speaks HTTP/2 (docs/operations.md): a Chromium
 * that trusts the server's certificate by its key, as a browser trusts a real one, signs in, finds its conversations,
 * sends a message, and starts the app again and again from its service worker over the same HTTP/2 connection: each
 * start revalidates every file of the app, and Chromium resets each stream answered 304, which Tomcat's overhead
 * protection used to answer by closing the connection with the files in flight ({@code web/Http2ResetCost}). The
 * server records the HTTP/2 connection of every request it serves ({@code org.apache.coyote.connectionID}).
 */
@Timeout(300)
class Http2BrowserTest {

    private static final String PASSWORD = BrowserTest.PASSWORD;
    private static final By BOX = By.id("message-input");
    private static final String API_PROTOCOLS = "return performance.getEntriesByType('resource')"
            + ".filter(e => new URL(e.name).pathname.startsWith('/api/')).map(e => e.nextHopProtocol)";

    @TempDir
    static Path dir;

    static ConfigurableApplicationContext server;
    static Browser browser;
    static String base;
    static String ward;
    static final Set<String> connections = ConcurrentHashMap.newKeySet();

    @BeforeAll
    static void start() throws Exception {
        int port = LighthouseAudit.freePort();
        base = "https://localhost:" + port;
        List<String> arguments =
                new ArrayList<>(List.of("--carechat.data-dir=" + dir.resolve("data"), "--logging.level.root=WARN"));
        String trustTheCertificate = LighthouseAudit.servedOverTls(dir, port, arguments);
        SpringApplication application = new SpringApplication(CareChatApplication.class);
        application.addInitializers(context -> ((GenericApplicationContext) context)
                .registerBean(
                        "http2Connections",
                        FilterRegistrationBean.class,
                        () -> new FilterRegistrationBean<>(recordingConnections())));
        server = application.run(arguments.toArray(String[]::new));
        ward = seed();
        browser = Browser.start("https", trustTheCertificate);
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void theStaffAppWorksOverHttp2AndStartsAgainAndAgainFromItsServiceWorkerOnTheSameConnection() {
        browser.reset(base); // notifications refused: no "Alerts on this device" explanation over the list
        browser.signIn(base, "dr.lee", PASSWORD);
        assertThat(browser.script("return performance.getEntriesByType('navigation')[0].nextHopProtocol"))
                .as("the first load, before the service worker controls the page")
                .isEqualTo("h2");
        assertThat(apiProtocols()).isNotEmpty().containsOnly("h2");
        browser.click(LiveChatBrowserTest.row(ward));
        browser.type(BOX, "Ward round moved to 10");
        browser.pressEnter(BOX);
        browser.waitForText(By.cssSelector(".msg.own .msg-body"), "Ward round moved to 10");

        startFromTheServiceWorker(1);
        Set<String> afterTheFirstStart = Set.copyOf(connections);
        for (int start = 2; start <= 8; start++) {
            startFromTheServiceWorker(start);
        }
        assertThat(connections)
                .as("the HTTP/2 connections of seven more starts: the server closed none of them")
                .isEqualTo(afterTheFirstStart);
        assertThat(browser.consoleErrors()).isEmpty();
    }

    private static void startFromTheServiceWorker(int start) {
        browser.open("about:blank");
        browser.open(base + "/#/");
        browser.click(LiveChatBrowserTest.row(ward));
        browser.waitForText(By.cssSelector(".msg.own .msg-body"), "Ward round moved to 10");
        assertThat(browser.script("return navigator.serviceWorker.controller !== null"))
                .as("start %d from the service worker", start)
                .isEqualTo(true);
        assertThat(apiProtocols()).as("start %d", start).isNotEmpty().containsOnly("h2");
    }

    private static Filter recordingConnections() {
        return (request, response, chain) -> {
            Object connection = request.getAttribute("org.apache.coyote.connectionID");
            if (connection != null) { // null over HTTP/1.1 (the WebSocket)
                connections.add(connection.toString());
            }
            chain.doFilter(request, response);
        };
    }

    private static List<String> apiProtocols() {
        return ((List<?>) browser.script(API_PROTOCOLS))
                .stream().map(String::valueOf).toList();
    }

    /** Dr Lee, signing in with {@link #PASSWORD}, and a conversation of theirs with a nurse; returns its id. */
    private static String seed() {
        Transactions tx = server.getBean(Transactions.class);
        UserService users = server.getBean(UserService.class);
        Organisation org = tx.write(() -> server.getBean(OrgService.class).create("Riverside Practice", null, null));
        User lee = tx.write(() -> users.createByOperator(
                org.id(), new NewUser("dr.lee", "Dr Lee", Role.CLINICIAN, PASSWORD, false), false));
        User nurse = tx.write(() -> users.createByOperator(
                org.id(), new NewUser("nurse.okafor", "Nurse Okafor", Role.NURSE, null, false), false));
        CurrentUser asLee =
                new CurrentUser(lee.id(), org.id(), lee.displayName(), lee.role(), false, "test", "127.0.0.1");
        return LighthouseAudit.staffGroup(server, asLee, "Ward round", nurse.id());
    }
}
