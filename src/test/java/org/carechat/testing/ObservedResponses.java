package org.carechat.testing;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Records, in every server the tests start, each API answer's method, path, status and content type (one line per
 * distinct answer) in {@code target/observed-responses/<run>.tsv}. {@code ApiContractConformanceCheck} compares them
 * with the OpenAPI document after the suite: a route that answers a status its contract does not list fails the build.
 * Registered for tests only ({@code META-INF/spring/...AutoConfiguration.imports} under src/test/resources).
 */
@AutoConfiguration
@ConditionalOnWebApplication
public class ObservedResponses {

    /** The file of this run, shared by every test JVM of one Maven build; see the surefire configuration. */
    public static Path file() {
        String run = System.getProperty("carechat.test-run", "adhoc");
        return Path.of("target", "observed-responses", run + ".tsv").toAbsolutePath();
    }

    private static final Set<String> SEEN = ConcurrentHashMap.newKeySet();

    @Bean
    FilterRegistrationBean<OncePerRequestFilter> observedResponsesFilter() {
        FilterRegistrationBean<OncePerRequestFilter> registration = new FilterRegistrationBean<>(new Recorder());
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        registration.addUrlPatterns("/api/*");
        return registration;
    }

    static final class Recorder extends OncePerRequestFilter {
        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            try {
                chain.doFilter(request, response);
            } finally {
                String type = response.getContentType() == null
                        ? "-"
                        : response.getContentType().replaceAll(";.*", "").strip();
                record(request.getMethod() + "\t" + request.getRequestURI() + "\t" + response.getStatus() + "\t"
                        + type);
            }
        }

        @Override
        protected boolean shouldNotFilterAsyncDispatch() {
            return false;
        }
    }

    private static void record(String line) {
        if (line.contains("/api/v1/ws\t") || !SEEN.add(line)) {
            return;
        }
        synchronized (SEEN) {
            try {
                Files.createDirectories(file().getParent());
                Files.writeString(
                        file(),
                        line + "\n",
                        StandardCharsets.UTF_8,
                        StandardOpenOption.CREATE,
                        StandardOpenOption.APPEND);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
