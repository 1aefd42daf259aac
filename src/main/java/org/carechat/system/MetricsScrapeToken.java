package org.carechat.system;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The scrape credential that is not a person: a bearer token whose SHA-256 is {@code carechat.metrics.token-hash}
 * authenticates the principal {@value #PRINCIPAL} with the one role {@value #ROLE}, and only on
 * {@value #ENDPOINT}. Anywhere else the token is an unknown bearer token (401), so it reads metrics and nothing else
 * — no API, no socket, no other actuator endpoint. The server keeps only the hash; {@code carechat metrics-token}
 * makes a token and prints both.
 */
public class MetricsScrapeToken extends OncePerRequestFilter {

    public static final String ENDPOINT = "/actuator/prometheus";
    public static final String ROLE = "METRICS";
    public static final String PRINCIPAL = "metrics-scraper";
    private static final String PREFIX = "ccm_";
    private static final int TOKEN_BYTES = 32;

    private final byte[] expectedHash;

    /** @param tokenHash hex SHA-256 of the token; empty turns the token off (admins still scrape) */
    public MetricsScrapeToken(String tokenHash) {
        this.expectedHash =
                tokenHash == null || tokenHash.isBlank() ? null : HexFormat.of().parseHex(tokenHash);
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return expectedHash == null || !ENDPOINT.equals(request.getRequestURI());
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String header = request.getHeader("Authorization");
        if (SecurityContextHolder.getContext().getAuthentication() == null
                && header != null
                && header.startsWith("Bearer " + PREFIX)
                && MessageDigest.isEqual(expectedHash, digest(header.substring("Bearer ".length())))) {
            SecurityContextHolder.getContext()
                    .setAuthentication(UsernamePasswordAuthenticationToken.authenticated(
                            PRINCIPAL, null, List.of(new SimpleGrantedAuthority("ROLE_" + ROLE))));
        }
        chain.doFilter(request, response);
    }

    /** A new random token ({@code ccm_} and 256 random bits). */
    public static String newToken() {
        byte[] random = new byte[TOKEN_BYTES];
        new SecureRandom().nextBytes(random);
        return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    }

    /** The hex SHA-256 of {@code token}: the value of {@code carechat.metrics.token-hash}. */
    public static String hash(String token) {
        return HexFormat.of().formatHex(digest(token));
    }

    private static byte[] digest(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
