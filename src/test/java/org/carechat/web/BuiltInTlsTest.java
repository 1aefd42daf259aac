package org.carechat.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.carechat.CareChatApplication;
import org.carechat.identity.NewUser;
import org.carechat.identity.Role;
import org.carechat.identity.TokenService;
import org.carechat.identity.User;
import org.carechat.identity.UserService;
import org.carechat.org.OrgService;
import org.carechat.storage.Transactions;
import org.carechat.system.CareChatProperties;
import org.carechat.system.Version;
import org.carechat.testing.TestCertificates;
import org.carechat.testing.WsClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Built-in TLS (T-TLS-01): a server started as an operator would, with a generated certificate given by path, talks
 * HTTPS and WSS, sends HSTS, redirects plain HTTP, and serves a replaced certificate without a restart.
 */
class BuiltInTlsTest {

    @TempDir
    static Path dir;

    static ConfigurableApplicationContext server;
    static int tlsPort;
    static int plainPort;
    static Path certificate;
    static Path key;
    static final Set<X509Certificate> trusted = ConcurrentHashMap.newKeySet();

    @BeforeAll
    static void start() {
        certificate = dir.resolve("server.pem");
        key = dir.resolve("server.key");
        TestCertificates.Pem first =
                TestCertificates.selfSigned("localhost", Clock.systemUTC().instant());
        first.writeTo(certificate, key);
        trusted.add(first.certificate());
        tlsPort = freePort();
        plainPort = freePort();
        server = SpringApplication.run(
                CareChatApplication.class,
                "--carechat.data-dir=" + dir.resolve("data"),
                "--carechat.tls.certificate=" + certificate,
                "--carechat.tls.private-key=" + key,
                "--carechat.tls.port=" + tlsPort,
                "--carechat.tls.redirect-port=" + plainPort,
                "--spring.ssl.bundle.watch.file.quiet-period=200ms",
                "--logging.level.root=WARN");
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void httpsServesTheAppsFilesOverHttp2() throws Exception {
        HttpResponse<String> page = client().send(
                        HttpRequest.newBuilder(URI.create("https://localhost:" + tlsPort + "/"))
                                .version(HttpClient.Version.HTTP_2)
                                .build(),
                        body());
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.version()).isEqualTo(HttpClient.Version.HTTP_2);
    }

    @Test
    void aRequestOverARawHttp2ConnectionIsAnswered() throws Exception {
        try (RawHttp2Connection h2 = RawHttp2Connection.open(sslContext(), tlsPort)) {
            h2.get(1, "/actuator/health");
            RawHttp2Connection.Frame answer = firstOnStream(h2, 1, RawHttp2Connection.HEADERS);
            assertThat(answer.answersStatus200()).isTrue();
        }
    }

    /**
     * HTTP/2 "rapid reset" (CVE-2023-44487): a client that opens streams and resets them at once is cut off by Tomcat's
     * overhead protection, with the reset cost {@link Http2ResetCost} lowers for browsers' resets of answered streams.
     */
    @Test
    void aClientThatOnlyOpensAndResetsStreamsIsCutOffWithEnhanceYourCalm() throws Exception {
        try (RawHttp2Connection h2 = RawHttp2Connection.open(sslContext(), tlsPort)) {
            try {
                for (int stream = 1; stream < 400; stream += 2) {
                    h2.get(stream, "/actuator/health");
                    h2.reset(stream);
                }
            } catch (IOException closedWhileWriting) {
                // the server closed the connection part-way: its GOAWAY is already in the socket's buffer
            }
            RawHttp2Connection.Frame goAway = firstOnStream(h2, 0, RawHttp2Connection.GOAWAY);
            assertThat(goAway.errorCode()).isEqualTo(RawHttp2Connection.ENHANCE_YOUR_CALM);
            assertThat(goAway.lastStreamId())
                    .as("the last stream the server took before closing")
                    .isLessThan(100);
        }
    }

    private static RawHttp2Connection.Frame firstOnStream(RawHttp2Connection h2, int streamId, int type)
            throws IOException {
        for (var frame = h2.next(10_000); frame.isPresent(); frame = h2.next(10_000)) {
            if (frame.get().type() == type && frame.get().streamId() == streamId) {
                return frame.get();
            }
        }
        throw new AssertionError(
                "no frame of type " + type + " on stream " + streamId + " before the connection ended");
    }

    @Test
    void httpsAnswersWithHstsAndTheBannerAddressIsTheRealHttpsUrl() throws Exception {
        HttpResponse<String> health =
                client().send(request("https://localhost:" + tlsPort + "/actuator/health"), body());
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.version()).isIn(HttpClient.Version.HTTP_1_1, HttpClient.Version.HTTP_2);
        assertThat(health.headers().firstValue("Strict-Transport-Security"))
                .hasValueSatisfying(
                        hsts -> assertThat(hsts).contains("max-age=31536000").contains("includeSubDomains"));
        assertThat(server.getBean(CareChatProperties.class).publicUrl()).isEqualTo("https://localhost:" + tlsPort);
        HttpResponse<String> info = client().send(request("https://localhost:" + tlsPort + "/actuator/info"), body());
        assertThat(info.body()).contains("\"version\":\"" + Version.current() + "\"");
    }

    @Test
    void aWebSocketOverTlsCarriesFrames() throws Exception {
        String token = deviceToken();
        try (WsClient socket = WsClient.connect(client(), "wss://localhost:" + tlsPort + "/api/v1/ws", token)) {
            socket.send(Map.of("type", "ping", "id", "p1"));
            assertThat(socket.awaitType("pong", 10)).isNotNull();
        }
    }

    @Test
    void plainHttpIsRedirectedToTheSamePathOverHttps() throws Exception {
        HttpResponse<String> plain =
                client().send(request("http://localhost:" + plainPort + "/api/v1/auth/me?x=1"), body());
        assertThat(plain.statusCode()).isEqualTo(302);
        assertThat(plain.headers().firstValue("Location"))
                .hasValue("https://localhost:" + tlsPort + "/api/v1/auth/me?x=1");
        assertThat(plain.body()).isEmpty();
    }

    @Test
    void aReplacedCertificateIsServedWithoutARestart() {
        assertThat(servedCertificate()).isIn(trusted);
        TestCertificates.Pem renewed =
                TestCertificates.selfSigned("localhost", Clock.systemUTC().instant());
        trusted.add(renewed.certificate());
        renewed.writeTo(certificate, key);
        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(250))
                .until(() -> servedCertificate().equals(renewed.certificate()));
    }

    private static X509Certificate servedCertificate() {
        try (SSLSocket socket = (SSLSocket) sslContext().getSocketFactory().createSocket("localhost", tlsPort)) {
            socket.startHandshake();
            return (X509Certificate) socket.getSession().getPeerCertificates()[0];
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String deviceToken() {
        Transactions transactions = server.getBean(Transactions.class);
        User user = transactions.write(() -> {
            String org = server.getBean(OrgService.class)
                    .create("TLS Clinic", null, null)
                    .id();
            return server.getBean(UserService.class)
                    .createByOperator(org, new NewUser("tlsuser", "Tess Tls", Role.CLINICIAN, null, false), false);
        });
        return server.getBean(TokenService.class).issueDeviceToken(user, "test").secret();
    }

    private static HttpClient client() {
        return HttpClient.newBuilder()
                .sslContext(sslContext())
                .connectTimeout(Duration.ofSeconds(5))
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /** Trusts exactly the certificates this test made (so a handshake with any other fails). */
    private static SSLContext sslContext() {
        TrustManager onlyOurs = new X509TrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) {
                throw new UnsupportedOperationException("no client certificates here");
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType)
                    throws java.security.cert.CertificateException {
                if (!trusted.contains(chain[0])) {
                    throw new java.security.cert.CertificateException("not a certificate this test made");
                }
            }

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return trusted.toArray(X509Certificate[]::new);
            }
        };
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {onlyOurs}, new SecureRandom());
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static HttpRequest request(String url) {
        return HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(10))
                .build();
    }

    private static HttpResponse.BodyHandler<String> body() {
        return HttpResponse.BodyHandlers.ofString();
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
