package org.carechat.identity.sso;

import com.nimbusds.jwt.SignedJWT;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.http.OAuth2HttpRequest;
import no.nav.security.mock.oauth2.http.OAuth2HttpResponse;
import no.nav.security.mock.oauth2.http.Route;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;
import okhttp3.Headers;
import tools.jackson.databind.json.JsonMapper;

/**
 * A real OpenID Connect provider in-process (mock-oauth2-server on loopback), and a browser's walk through single
 * sign-on as plain HTTP: start at CareChat, the provider's authorisation endpoint, back to CareChat's callback.
 */
final class OidcProvider implements AutoCloseable {

    static final String CLIENT_ID = "carechat-test";
    static final String CLIENT_SECRET = "a client secret for the tests";

    private final ForgedTokenAnswer forged = new ForgedTokenAnswer();
    private final MockOAuth2Server server = new MockOAuth2Server(forged);
    private final HttpClient http = HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    OidcProvider() {
        server.start();
    }

    String issuer(String issuerId) {
        String url = server.issuerUrl(issuerId).toString();
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    /** The next token the provider issues is for {@code subject} with these extra claims. */
    void nextPerson(String issuerId, String subject, Map<String, Object> claims) {
        server.enqueueCallback(
                new DefaultOAuth2TokenCallback(issuerId, subject, "JWT", List.of(CLIENT_ID), claims, 3600));
    }

    /** An ID token signed by the provider's key for {@code issuerId}. */
    SignedJWT token(String issuerId, String subject, Map<String, Object> claims, long expirySeconds) {
        return server.issueToken(
                issuerId,
                CLIENT_ID,
                new DefaultOAuth2TokenCallback(issuerId, subject, "JWT", List.of(CLIENT_ID), claims, expirySeconds));
    }

    /** The provider's token endpoint answers its next request with this ID token (and nothing it made itself). */
    void answerTokenRequestWith(String idToken) {
        String body = JsonMapper.builder()
                .build()
                .writeValueAsString(Map.of(
                        "access_token",
                        idToken,
                        "token_type",
                        "Bearer",
                        "expires_in",
                        3600,
                        "scope",
                        "openid profile email",
                        "id_token",
                        idToken));
        forged.next.set(body);
    }

    /** A route in front of the provider's own: the next token request gets the answer set in {@link #next}. */
    private static final class ForgedTokenAnswer implements Route {
        final AtomicReference<String> next = new AtomicReference<>();

        @Override
        public boolean match(OAuth2HttpRequest request) {
            return request.getUrl().encodedPath().endsWith("/token") && next.get() != null;
        }

        @Override
        public OAuth2HttpResponse invoke(OAuth2HttpRequest request) {
            String body = next.getAndSet(null);
            return new OAuth2HttpResponse(
                    Headers.of("Content-Type", "application/json"), 200, body, body.getBytes(StandardCharsets.UTF_8));
        }
    }

    /** One hop of a browser: the status, where it is sent next, and the cookies set. */
    record Hop(int status, String location, List<String> setCookies) {
        String cookie(String name) {
            return setCookies.stream()
                    .filter(c -> c.startsWith(name + "="))
                    .findFirst()
                    .orElse(null);
        }
    }

    Hop get(String url, String cookie) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30));
        if (cookie != null) {
            request.header("Cookie", cookie);
        }
        try {
            HttpResponse<String> r = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Hop(
                    r.statusCode(),
                    r.headers().firstValue("Location").orElse(null),
                    r.headers().allValues("Set-Cookie"));
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static Map<String, String> query(String url) {
        String query = URI.create(url).getRawQuery();
        return Arrays.stream(query.split("&"))
                .map(p -> p.split("=", 2))
                .collect(Collectors.toMap(
                        p -> p[0], p -> p.length > 1 ? URLDecoder.decode(p[1], StandardCharsets.UTF_8) : ""));
    }

    @Override
    public void close() {
        server.shutdown();
    }
}
