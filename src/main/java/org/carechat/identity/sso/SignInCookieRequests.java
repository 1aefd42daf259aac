package org.carechat.identity.sso;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import org.carechat.crypto.SecretBox;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseCookie;
import org.springframework.security.oauth2.client.web.AuthorizationRequestRepository;
import org.springframework.security.oauth2.core.endpoint.OAuth2AuthorizationRequest;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import tools.jackson.databind.json.JsonMapper;

/**
 * Keeps a started single sign-on (state, nonce, PKCE verifier) in a sealed, short-lived cookie of the browser that
 * started it: the server stays without HTTP sessions, any node can finish the sign-in, and a provider's answer taken
 * to another browser finds no matching request there. The cookie is SameSite=Lax because the provider's redirect back
 * is a cross-site navigation; it is HttpOnly, Secure, limited to the callback path and ten minutes.
 */
class SignInCookieRequests implements AuthorizationRequestRepository<OAuth2AuthorizationRequest> {

    static final String COOKIE = "carechat_sso";
    static final Duration LIFETIME = Duration.ofMinutes(10);
    private static final String PURPOSE = "sso-request";

    private final SecretBox secrets;
    private final JsonMapper json;
    private final Clock clock;

    SignInCookieRequests(SecretBox secrets, JsonMapper json, Clock clock) {
        this.secrets = secrets;
        this.json = json;
        this.clock = clock;
    }

    /** What the cookie holds: the request's fields, and when it was made. */
    record Stored(
            String authorizationUri,
            String clientId,
            String redirectUri,
            List<String> scopes,
            String state,
            Map<String, Object> additionalParameters,
            Map<String, Object> attributes,
            String authorizationRequestUri,
            long createdAt) {}

    @Override
    public OAuth2AuthorizationRequest loadAuthorizationRequest(HttpServletRequest request) {
        String state = request.getParameter(OAuth2ParameterNames.STATE);
        if (state == null || request.getCookies() == null) {
            return null;
        }
        return Arrays.stream(request.getCookies())
                .filter(c -> COOKIE.equals(c.getName()))
                .map(Cookie::getValue)
                .map(this::open)
                .filter(s ->
                        s != null && s.state().equals(state) && clock.millis() - s.createdAt() < LIFETIME.toMillis())
                .findFirst()
                .map(SignInCookieRequests::rebuild)
                .orElse(null);
    }

    @Override
    public void saveAuthorizationRequest(
            OAuth2AuthorizationRequest authorizationRequest, HttpServletRequest request, HttpServletResponse response) {
        if (authorizationRequest == null) {
            response.addHeader(HttpHeaders.SET_COOKIE, cookie("", Duration.ZERO));
            return;
        }
        Stored stored = new Stored(
                authorizationRequest.getAuthorizationUri(),
                authorizationRequest.getClientId(),
                authorizationRequest.getRedirectUri(),
                List.copyOf(authorizationRequest.getScopes()),
                authorizationRequest.getState(),
                authorizationRequest.getAdditionalParameters(),
                authorizationRequest.getAttributes(),
                authorizationRequest.getAuthorizationRequestUri(),
                clock.millis());
        String sealed = secrets.seal(PURPOSE, "browser", json.writeValueAsBytes(stored));
        response.addHeader(
                HttpHeaders.SET_COOKIE, cookie(sealed.replace('+', '-').replace('/', '_'), LIFETIME));
    }

    @Override
    public OAuth2AuthorizationRequest removeAuthorizationRequest(
            HttpServletRequest request, HttpServletResponse response) {
        OAuth2AuthorizationRequest found = loadAuthorizationRequest(request);
        if (found != null) {
            response.addHeader(HttpHeaders.SET_COOKIE, cookie("", Duration.ZERO));
        }
        return found;
    }

    private Stored open(String value) {
        try {
            byte[] plain =
                    secrets.open(PURPOSE, "browser", value.replace('-', '+').replace('_', '/'));
            return json.readValue(new String(plain, StandardCharsets.UTF_8), Stored.class);
        } catch (RuntimeException e) {
            return null; // altered, from another installation, or from an older format: no request
        }
    }

    private static OAuth2AuthorizationRequest rebuild(Stored s) {
        return OAuth2AuthorizationRequest.authorizationCode()
                .authorizationUri(s.authorizationUri())
                .clientId(s.clientId())
                .redirectUri(s.redirectUri())
                .scopes(new LinkedHashSet<>(s.scopes()))
                .state(s.state())
                .additionalParameters(new LinkedHashMap<>(s.additionalParameters()))
                .attributes(new LinkedHashMap<>(s.attributes()))
                .authorizationRequestUri(s.authorizationRequestUri())
                .build();
    }

    private static String cookie(String value, Duration maxAge) {
        return ResponseCookie.from(COOKIE, value)
                .httpOnly(true)
                .secure(true)
                .sameSite("Lax")
                .path(OrgClientRegistrations.CALLBACK)
                .maxAge(maxAge)
                .build()
                .toString();
    }
}
