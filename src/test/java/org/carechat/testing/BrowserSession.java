package org.carechat.testing;

/**
 * A browser's sign-in as the tests hold it: the session cookie ({@code name=value}), its CSRF token, and the
 * sign-in answer.
 */
public record BrowserSession(String cookie, String csrf, Response response) {

    /** The {@code Cookie} request header value. */
    public String cookieHeader() {
        return cookie.split(";")[0];
    }
}
