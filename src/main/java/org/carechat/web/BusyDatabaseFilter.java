package org.carechat.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.slf4j.MDC;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Answers 503 with {@code Retry-After} when a filter before the controllers — authentication above all, which reads
 * the session or device token — gets no database connection in time. Controllers' failures are answered by
 * {@link ApiExceptionHandler}; without this, an overloaded node would answer a reconnecting device's upgrade with a
 * bare 500 and no hint when to come back.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 2)
class BusyDatabaseFilter extends OncePerRequestFilter {

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        try {
            chain.doFilter(request, response);
        } catch (ServletException | RuntimeException e) {
            if (!ApiProblem.isBusy(e) || response.isCommitted()) {
                throw e;
            }
            ApiProblem busy = ApiProblem.busy();
            response.resetBuffer();
            response.setStatus(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
            response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(busy.retryAfterSeconds()));
            response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
            response.setCharacterEncoding(StandardCharsets.UTF_8.name());
            response.getWriter()
                    .write("{\"title\":\"Service Unavailable\",\"status\":503,\"detail\":\""
                            + busy.getMessage() + "\",\"retryAfter\":" + busy.retryAfterSeconds() + ",\"requestId\":\""
                            + MDC.get(RequestIdFilter.MDC_KEY) + "\"}");
        }
    }
}
