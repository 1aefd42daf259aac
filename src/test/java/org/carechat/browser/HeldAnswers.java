package org.carechat.browser;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.ContentCachingResponseWrapper;

/**
 * A server that does the work of a request and then stops answering, as seen from the browser: a Wi-Fi that lost
 * the answer, or a server that hung before writing it. A browser test names the next request to hold by method and
 * path ({@link #holdNext}); that request is served in full (its transaction committed) and its answer kept back
 * until the test releases it ({@link Held#release}, {@link #releaseAll} after each test) or a minute has passed.
 * Holds nothing unless asked. Registered in every browser test's server ({@link OnSqliteForBrowsers}), so no test
 * needs a server of its own.
 */
class HeldAnswers extends OncePerRequestFilter {

    private static final long AT_MOST_SECONDS = 60;

    private final Queue<Held> asked = new ConcurrentLinkedQueue<>();

    /** An answer asked to be held: {@link #awaitServed} until the server has done the work, then maybe release it. */
    static final class Held {
        private final String method;
        private final Predicate<String> path;
        private final CountDownLatch served = new CountDownLatch(1);
        private final CountDownLatch released = new CountDownLatch(1);

        private Held(String method, Predicate<String> path) {
            this.method = method;
            this.path = path;
        }

        /** Waits until the held request has been served (its answer, not yet sent, is ready). */
        void awaitServed() throws InterruptedException {
            if (!served.await(AT_MOST_SECONDS, TimeUnit.SECONDS)) {
                throw new AssertionError("no " + method + " request came to be held");
            }
        }

        void release() {
            released.countDown();
        }

        private boolean matches(HttpServletRequest request) {
            return method.equals(request.getMethod()) && path.test(request.getRequestURI());
        }
    }

    /** Holds the answer to the next request of {@code method} whose path {@code path} accepts. */
    Held holdNext(String method, Predicate<String> path) {
        Held held = new Held(method, path);
        asked.add(held);
        return held;
    }

    /** Sends every answer held or still asked for, and forgets what was asked. */
    void releaseAll() {
        Held held;
        while ((held = asked.poll()) != null) {
            held.release();
        }
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Held held = asked.stream().filter(h -> h.matches(request)).findFirst().orElse(null);
        if (held == null || held.served.getCount() == 0) {
            chain.doFilter(request, response);
            return;
        }
        ContentCachingResponseWrapper kept = new ContentCachingResponseWrapper(response);
        chain.doFilter(request, kept);
        held.served.countDown();
        try {
            held.released.await(AT_MOST_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException stopping) {
            Thread.currentThread().interrupt();
        }
        try {
            kept.copyBodyToResponse();
        } catch (IOException browserGaveUp) {
            // the browser stopped waiting and closed the connection: nobody is left to answer
        }
    }
}
