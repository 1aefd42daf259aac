package org.carechat.realtime;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.carechat.web.DatabaseAdmission;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Lets a WebSocket upgrade of {@code /api/v1/ws} through authentication (which reads and touches the device's token)
 * and the handshake only when {@link DatabaseAdmission} gives it a turn. Runs after {@code BusyDatabaseFilter}, which
 * answers a full queue with 503 and {@code Retry-After}, and before Spring Security's chain.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 3)
class UpgradeAdmission extends OncePerRequestFilter {

    static final String PATH = "/api/v1/ws";

    private final DatabaseAdmission admission;

    UpgradeAdmission(DatabaseAdmission admission) {
        this.admission = admission;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !PATH.equals(request.getRequestURI());
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        try (DatabaseAdmission.Turn ignored = admission.enter()) {
            chain.doFilter(request, response);
        }
    }
}
