package org.carechat.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.SoftAssertions;
import org.carechat.testing.BrowserSession;
import org.carechat.testing.RawWebSocket;
import org.carechat.testing.Response;
import org.carechat.testing.Staff;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * T-HDR-01 (in place of a ZAP baseline, which cannot run here): every API route of the access table, the pages and
 * the operational endpoints answer with the hardening headers; cookies carry their flags; TRACE, debug endpoints,
 * repository files and version banners are not to be had.
 */
@Timeout(300)
abstract class WebHardeningScenarios extends AccessFixture {

    static final List<String> PAGES = List.of(
            "/",
            "/index.html",
            "/app/main.js",
            "/app/styles.css",
            "/api-docs.html",
            "/patient/",
            "/patient/main.js",
            "/patient/patient.css",
            "/patient/manifest.webmanifest",
            "/shared/dom.js",
            "/v3/api-docs",
            "/actuator/health",
            "/no-such-page",
            "/api/v1/no-such-route");

    @Test
    void everyRouteAndPageAnswersWithTheHardeningHeadersWhateverItsStatus() {
        Staff systemAdmin = newSystemAdmin(orgA);
        SoftAssertions s = new SoftAssertions();
        List<String> checked = new ArrayList<>();
        for (ApiRoute route : routes()) {
            Staff caller = switch (route.guard) {
                case PUBLIC -> null;
                case ADMIN -> adminA;
                case SYSTEM_ADMIN -> systemAdmin;
                case SIGNED_IN, PATIENT -> alice;
            };
            for (Probe probe : route.probes(targetsOnConversationA(caller == null ? alice : caller))) {
                Response r = exec(probe, caller);
                assertHardened(s, probe.toString(), r.headers(), true);
                checked.add(route.key);
            }
            Response anonymous =
                    exec(route.probes(targetsOnConversationA(alice)).getFirst(), null);
            assertHardened(s, route.key + " anonymously", anonymous.headers(), true);
        }
        for (String page : PAGES) {
            Response r = send(HttpRequest.newBuilder(URI.create(url(page))).build());
            assertHardened(s, page, r.headers(), page.startsWith("/api/"));
            s.assertThat(r.text()).as(page).doesNotContain("Exception", "org.springframework", "Tomcat");
        }
        s.assertThat(checked)
                .as("routes crawled")
                .containsAll(routes().stream().map(r -> r.key).toList());
        s.assertAll();
    }

    void assertHardened(SoftAssertions s, String what, HttpHeaders h, boolean api) {
        s.assertThat(h.firstValue("X-Content-Type-Options")).as(what).contains("nosniff");
        s.assertThat(h.firstValue("X-Frame-Options")).as(what).contains("DENY");
        s.assertThat(h.firstValue("Referrer-Policy")).as(what).contains("no-referrer");
        s.assertThat(h.firstValue("Cross-Origin-Opener-Policy")).as(what).contains("same-origin");
        String csp = h.firstValue("Content-Security-Policy").orElse("");
        if (csp.startsWith("sandbox;")) {
            // A served attachment: stricter than the app's policy (no scripts, no plugins, not framed, no origin).
            s.assertThat(csp).as(what).contains("default-src 'none'", "frame-ancestors 'none'");
        } else {
            s.assertThat(csp)
                    .as(what)
                    .contains(
                            "default-src 'self'",
                            "script-src 'self'",
                            "frame-ancestors 'none'",
                            "object-src 'none'",
                            "base-uri 'self'");
        }
        s.assertThat(csp)
                .as(what + ": scripts only from the server's own files")
                .doesNotContain("script-src 'self' 'unsafe");
        s.assertThat(h.firstValue("X-Request-Id")).as(what).isPresent();
        s.assertThat(h.firstValue("Server")).as(what + ": no version banner").isEmpty();
        s.assertThat(h.firstValue("X-Powered-By")).as(what).isEmpty();
        if (api) {
            s.assertThat(h.firstValue("Cache-Control").orElse(""))
                    .as(what + ": never cached")
                    .contains("no-store");
        }
    }

    @Test
    void theAppsFilesAreRevalidatedOnEachLoadWhileApiAnswersAreNeverStored() {
        for (String file : List.of("/", "/app/main.js", "/app/styles.css")) {
            Response r = send(HttpRequest.newBuilder(URI.create(url(file)))
                    .header("Cookie", "__Host-carechat_session=cc_not-a-session")
                    .build());
            assertThat(r.status()).as(file + " needs no session").isEqualTo(200);
            assertThat(r.headers().firstValue("Cache-Control").orElse(""))
                    .as(file)
                    .contains("no-cache")
                    .doesNotContain("no-store");
            assertThat(r.headers().firstValue("Last-Modified")).as(file).isPresent();
        }
        assertThat(get(alice, "/api/v1/inbox")
                        .headers()
                        .firstValue("Cache-Control")
                        .orElse(""))
                .contains("no-store");
    }

    @Test
    void behindATlsProxyEveryAnswerCarriesStrictTransportSecurityForAYearWithSubdomains() {
        for (String path : List.of("/", "/api/v1/auth/me")) {
            Response r = send(HttpRequest.newBuilder(URI.create(url(path)))
                    .header("X-Forwarded-Proto", "https")
                    .header("Authorization", "Bearer " + alice.token())
                    .build());
            String hsts = r.headers().firstValue("Strict-Transport-Security").orElse("");
            assertThat(hsts).as(path).contains("includeSubDomains");
            assertThat(Long.parseLong(hsts.replaceAll(".*max-age=(\\d+).*", "$1")))
                    .isGreaterThanOrEqualTo(31_536_000);
        }
        assertThat(get(alice, "/api/v1/auth/me").headers().firstValue("Strict-Transport-Security"))
                .as("not over plain HTTP")
                .isEmpty();
    }

    @Test
    void aMalformedOriginOnAnUpgradeIsRefusedWithoutAServerErrorOrItsInternals() throws Exception {
        for (String origin : List.of("http://[bad", "::::", "http://a b", "https://", "null")) {
            try (RawWebSocket ws = RawWebSocket.open(
                    port, "/api/v1/ws", Map.of("Authorization", "Bearer " + alice.token(), "Origin", origin))) {
                String body = ws.status == 101 ? "" : ws.body();
                assertThat(ws.status).as(origin + ": " + body).isIn(400, 403);
                assertThat(body).as(origin).doesNotContain("Exception", "at org.", "java.");
            }
        }
    }

    @Test
    void answersRefusedByTomcatOrTheSecurityFirewallAndHeadAnswersCarryTheHardeningHeaders() throws Exception {
        SoftAssertions s = new SoftAssertions();
        for (String path : List.of(
                "/api/v1/inbox;jsessionid=x", // refused by Spring Security's firewall
                "/api//v1/inbox",
                "/api/v1/%2e%2e/inbox",
                "/api/v1/a%2Fb", // refused by Tomcat
                "/api/v1/%zz")) {
            RawHttp answer = RawHttp.get(port, "GET", path, alice.token());
            s.assertThat(answer.status()).as(path + ": " + answer.body()).isBetween(400, 499);
            assertHardened(s, "GET " + path, answer.headers(), true);
            s.assertThat(answer.body()).as(path).doesNotContain("Exception", "Tomcat", "at org.");
        }
        for (String path : List.of("/", "/app/main.js", "/api/v1/inbox", "/api/v1/auth/me", "/actuator/health")) {
            RawHttp head = RawHttp.get(port, "HEAD", path, alice.token());
            s.assertThat(head.status()).as("HEAD " + path).isEqualTo(200);
            assertHardened(s, "HEAD " + path, head.headers(), path.startsWith("/api/"));
        }
        s.assertAll();
    }

    @Test
    void permessageDeflateOfferedAtTheUpgradeIsNotAgreedAndACompressedFrameIsAProtocolError() throws Exception {
        try (RawWebSocket ws = RawWebSocket.open(
                port,
                "/api/v1/ws",
                Map.of(
                        "Authorization",
                        "Bearer " + alice.token(),
                        "Sec-WebSocket-Extensions",
                        "permessage-deflate; client_max_window_bits"))) {
            assertThat(ws.status).isEqualTo(101);
            assertThat(ws.headers).doesNotContainKey("sec-websocket-extensions");

            // A ping frame compressed as permessage-deflate would send it, with RSV1 set: a server that had agreed
            // to compression would answer it with a pong.
            ws.send(0x80 | 0x40 | 0x1, deflated("{\"type\":\"ping\",\"id\":\"p1\"}"));
            List<RawWebSocket.Frame> frames = new ArrayList<>();
            for (RawWebSocket.Frame f = ws.read(); f != null; f = ws.read()) {
                frames.add(f);
                if (f.opcode() == 8) {
                    break;
                }
            }
            assertThat(frames).noneMatch(f -> f.text().contains("pong"));
            assertThat(frames).last().extracting(RawWebSocket.Frame::closeCode).isEqualTo(1002);
        }
    }

    static byte[] deflated(String text) {
        java.util.zip.Deflater deflater = new java.util.zip.Deflater(java.util.zip.Deflater.DEFAULT_COMPRESSION, true);
        deflater.setInput(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        byte[] buffer = new byte[256];
        int n = deflater.deflate(buffer, 0, buffer.length, java.util.zip.Deflater.SYNC_FLUSH);
        deflater.end();
        return java.util.Arrays.copyOf(buffer, n - 4); // without the empty block's 00 00 ff ff (RFC 7692 7.2.1)
    }

    @Test
    void theSessionCookieIsHostOnlySecureHttpOnlyStrictAndSignOutClearsItAndTheSiteData() {
        String username = newUserWithPassword(orgA, PASSWORD, false);
        BrowserSession session = login(username, PASSWORD);
        assertThat(session.cookie())
                .startsWith("__Host-carechat_session=cc_")
                .contains("HttpOnly", "Secure", "SameSite=Strict", "Path=/")
                .doesNotContain("Domain=");
        Response out = withCookie(session, "POST", "/api/v1/auth/logout", null, true);
        assertThat(out.headers().firstValue("Set-Cookie").orElse("")).contains("Max-Age=0");
        assertThat(out.headers().firstValue("Clear-Site-Data").orElse("")).contains("\"cache\"", "\"storage\"");
    }

    @Test
    void traceDebugEndpointsRepositoryFilesAndApiDocsSecretsAreNotToBeHad() {
        SoftAssertions s = new SoftAssertions();
        for (String path : List.of("/api/v1/inbox", "/", "/actuator/health")) {
            Response trace = send(HttpRequest.newBuilder(URI.create(url(path)))
                    .header("Authorization", "Bearer " + alice.token())
                    .method("TRACE", HttpRequest.BodyPublishers.noBody())
                    .build());
            s.assertThat(trace.status()).as("TRACE " + path).isIn(403, 405);
        }
        for (String path : List.of(
                "/actuator/env",
                "/actuator/heapdump",
                "/actuator/beans",
                "/actuator/mappings",
                "/actuator/threaddump",
                "/actuator/configprops",
                "/actuator/loggers",
                "/.git/config",
                "/.env",
                "/application.yml",
                "/WEB-INF/web.xml")) {
            Response asAdmin = send(HttpRequest.newBuilder(URI.create(url(path)))
                    .header("Authorization", "Bearer " + adminA.token())
                    .build());
            s.assertThat(asAdmin.status()).as(path + " even for an admin").isIn(403, 404);
        }
        s.assertThat(send(HttpRequest.newBuilder(URI.create(url("/actuator/prometheus")))
                                .header("Authorization", "Bearer " + bob.token())
                                .build())
                        .status())
                .as("metrics for non-admins")
                .isEqualTo(403);
        s.assertThat(send(HttpRequest.newBuilder(URI.create(url("/actuator/prometheus")))
                                .header("Authorization", "Bearer " + adminA.token())
                                .build())
                        .text())
                .as("metrics carry no clinical text")
                .doesNotContain(textA, topicA);
        Response health =
                send(HttpRequest.newBuilder(URI.create(url("/actuator/health"))).build());
        s.assertThat(health.text()).as("health shows no details anonymously").doesNotContain("diskSpace", "db");
        s.assertAll();
    }
}
