package org.carechat.identity;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Authenticates each request from its bearer token ({@code Authorization: Bearer cc_...}) or its session cookie.
 *
 * <p>A cookie is sent by the browser on its own, so a cookie-authenticated request that changes something must
 * also carry the session's CSRF token in {@code X-CSRF-Token}; without it the request is treated as anonymous.
 * While a user still has a one-time password, only the password change, "who am I" and sign-out work; while their
 * organisation requires a second factor they have not set up, only setting it up (and those) work.
 */
class TokenAuthenticationFilter extends OncePerRequestFilter {

    static final String COOKIE = "__Host-carechat_session";
    static final String CSRF_HEADER = "X-CSRF-Token";
    static final String MUST_CHANGE_PASSWORD = "carechat.mustChangePassword";
    static final String CSRF_MISSING = "carechat.csrfMissing";
    /** Set when a token or cookie came with the request but does not work (unknown, ended, expired, disabled). */
    static final String CREDENTIALS_REJECTED = "carechat.credentialsRejected";
    /** The user behind a credential that works but may not be used for this request (CSRF, first password). */
    static final String REFUSED_USER = "carechat.refusedUser";

    private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS");
    static final String MUST_ENROL_SECOND_FACTOR = "carechat.mustEnrolSecondFactor";
    private static final Set<String> ALLOWED_BEFORE_PASSWORD_CHANGE =
            Set.of("/api/v1/auth/password", "/api/v1/auth/me", "/api/v1/auth/logout");
    private static final Set<String> ALLOWED_BEFORE_SECOND_FACTOR = Set.of(
            "/api/v1/auth/second-factor/setup",
            "/api/v1/auth/second-factor/confirm",
            "/api/v1/auth/password",
            "/api/v1/auth/me",
            "/api/v1/auth/logout");

    /** The WebSocket endpoint (realtime/WebSocketConfig). */
    private static final String SOCKET_PATH = "/api/v1/ws";

    private final TokenService tokens;
    private final DeviceWipes wipes;

    TokenAuthenticationFilter(TokenService tokens, DeviceWipes wipes) {
        this.tokens = tokens;
        this.wipes = wipes;
    }

    /**
     * The app's own files (pages, scripts, styles) need no caller: a browser sends the session cookie with each of
     * them, and looking the session up for every file would cost a query each and count as use of the session.
     */
    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = request.getRequestURI();
        return !path.startsWith("/api/") && !path.startsWith("/actuator/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String ip = request.getRemoteAddr();
        Optional<String> bearer = bearer(request);
        Optional<String> cookie = cookie(request);
        // An upgrade's use of its session is recorded by its socket, batched with every other socket's (SessionWatch).
        boolean deferUse = isWebSocketUpgrade(request) && SOCKET_PATH.equals(request.getRequestURI());
        Optional<TokenService.Authenticated> authenticated = bearer.flatMap(
                        secret -> tokens.authenticate(secret, ip, deferUse))
                .or(() -> cookie.flatMap(secret -> tokens.authenticate(secret, ip, deferUse))
                        .filter(a -> {
                            boolean ok = csrfSatisfied(request, a);
                            if (!ok) {
                                request.setAttribute(CSRF_MISSING, true);
                                request.setAttribute(REFUSED_USER, a.user());
                            }
                            return ok;
                        }));
        if (authenticated.isEmpty()
                && request.getAttribute(CSRF_MISSING) == null
                && (bearer.isPresent() || cookie.isPresent())) {
            request.setAttribute(CREDENTIALS_REJECTED, true);
            // A device marked for wiping came back: its browser deletes what it holds of this site (DeviceWipes).
            if (bearer.filter(secret -> wipes.cameBack(secret, ip)).isPresent()
                    || cookie.filter(secret -> wipes.cameBack(secret, ip)).isPresent()) {
                response.setHeader("Clear-Site-Data", DeviceWipes.CLEAR_SITE_DATA);
            }
        }
        authenticated.ifPresent(a -> {
            if (a.mustChangePassword() && !ALLOWED_BEFORE_PASSWORD_CHANGE.contains(request.getRequestURI())) {
                request.setAttribute(MUST_CHANGE_PASSWORD, true);
                request.setAttribute(REFUSED_USER, a.user());
                return;
            }
            if (a.mustEnrolSecondFactor() && !ALLOWED_BEFORE_SECOND_FACTOR.contains(request.getRequestURI())) {
                request.setAttribute(MUST_ENROL_SECOND_FACTOR, true);
                request.setAttribute(REFUSED_USER, a.user());
                return;
            }
            var authentication = new UsernamePasswordAuthenticationToken(
                    a.user(),
                    a,
                    List.of(new SimpleGrantedAuthority("ROLE_" + a.user().role().name())));
            SecurityContextHolder.getContext().setAuthentication(authentication);
        });
        chain.doFilter(request, response);
    }

    private static Optional<String> bearer(HttpServletRequest request) {
        String header = request.getHeader("Authorization");
        if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Optional.of(header.substring(7).strip());
        }
        return Optional.empty();
    }

    private static Optional<String> cookie(HttpServletRequest request) {
        Cookie[] cookies = request.getCookies();
        if (cookies == null) {
            return Optional.empty();
        }
        for (Cookie cookie : cookies) {
            if (COOKIE.equals(cookie.getName())) {
                return Optional.of(cookie.getValue());
            }
        }
        return Optional.empty();
    }

    private static boolean csrfSatisfied(HttpServletRequest request, TokenService.Authenticated a) {
        if (SAFE_METHODS.contains(request.getMethod()) || isWebSocketUpgrade(request)) {
            return true; // the WebSocket handshake is guarded by the Origin allow-list instead
        }
        String sent = request.getHeader(CSRF_HEADER);
        return sent != null
                && a.csrfToken() != null
                && MessageDigest.isEqual(
                        sent.getBytes(StandardCharsets.UTF_8), a.csrfToken().getBytes(StandardCharsets.UTF_8));
    }

    private static boolean isWebSocketUpgrade(HttpServletRequest request) {
        return "websocket".equalsIgnoreCase(request.getHeader("Upgrade"));
    }
}
