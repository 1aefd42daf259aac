package org.carechat.identity;

import java.time.Duration;
import org.springframework.http.ResponseCookie;

/**
 * The browser session cookie, for every sign-in route that sets one (staff and patients): host-only, Secure,
 * HttpOnly, SameSite=Strict, for the whole site. A cookie-authenticated change also needs the session's CSRF token.
 */
public final class SessionCookie {

    private SessionCookie() {}

    /** The {@code Set-Cookie} value that carries a new session's secret. */
    public static String carrying(String secret) {
        return ResponseCookie.from(TokenAuthenticationFilter.COOKIE, secret)
                .httpOnly(true)
                .secure(true)
                .sameSite("Strict")
                .path("/")
                .build()
                .toString();
    }

    /** The {@code Set-Cookie} value that removes the session cookie (sign-out). */
    public static String cleared() {
        return ResponseCookie.from(TokenAuthenticationFilter.COOKIE, "")
                .httpOnly(true)
                .secure(true)
                .sameSite("Strict")
                .path("/")
                .maxAge(Duration.ZERO)
                .build()
                .toString();
    }
}
