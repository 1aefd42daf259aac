package org.carechat.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.IOException;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Puts the hardening headers on every answer before anything else runs, so that they are there whatever answers:
 * a controller, the static files, Spring Security's firewall refusing a request ({@code ;}, {@code //}, an encoded
 * dot or slash), an error page, a HEAD request answered without a body. Spring Security writes the same values again
 * for the requests it lets through; an answer with its own stricter policy (a served attachment's sandbox CSP)
 * replaces them. API answers are never stored.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
public class HardeningHeaders extends OncePerRequestFilter {

    /** The app's Content-Security-Policy: scripts only from the server's own files, never framed. */
    public static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
            + "img-src 'self' data: blob:; connect-src 'self'; object-src 'none'; base-uri 'self'; "
            + "frame-ancestors 'none'; form-action 'self'";

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        apply(request.getRequestURI(), response);
        chain.doFilter(request, new Replacing(response));
    }

    /** An answer that adds one of these headers (a served attachment's own policy) replaces the early value. */
    private static final class Replacing extends HttpServletResponseWrapper {

        private static final java.util.Set<String> SET_EARLY = java.util.Set.of(
                "x-content-type-options",
                "x-frame-options",
                "referrer-policy",
                "cross-origin-opener-policy",
                "content-security-policy",
                "cache-control");

        Replacing(HttpServletResponse response) {
            super(response);
        }

        @Override
        public void addHeader(String name, String value) {
            if (SET_EARLY.contains(name.toLowerCase(java.util.Locale.ROOT))) {
                super.setHeader(name, value);
            } else {
                super.addHeader(name, value);
            }
        }
    }

    @Override
    protected boolean shouldNotFilterErrorDispatch() {
        return false;
    }

    /** Sets the headers on {@code response} (an answer to {@code path}) unless an answer has set its own already. */
    public static void apply(String path, HttpServletResponse response) {
        setIfAbsent(response, "X-Content-Type-Options", "nosniff");
        setIfAbsent(response, "X-Frame-Options", "DENY");
        setIfAbsent(response, "Referrer-Policy", "no-referrer");
        setIfAbsent(response, "Cross-Origin-Opener-Policy", "same-origin");
        setIfAbsent(response, "Content-Security-Policy", CSP);
        if (path == null || path.startsWith("/api/") || path.startsWith("/actuator/")) {
            setIfAbsent(response, "Cache-Control", "no-cache, no-store, max-age=0, must-revalidate");
        }
    }

    private static void setIfAbsent(HttpServletResponse response, String name, String value) {
        if (!response.containsHeader(name)) {
            response.setHeader(name, value);
        }
    }
}
