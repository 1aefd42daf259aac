package org.carechat.identity;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Locale;
import org.carechat.audit.AuditEvent;
import org.carechat.audit.AuditLog;
import org.carechat.audit.AuditType;
import org.carechat.system.RateLimiter;
import org.carechat.web.ApiProblem;
import org.springframework.stereotype.Component;

/**
 * The limit on the public reads a sign-in page makes before anyone has signed in (RateLimiter's
 * {@code PUBLIC_READS_PER_ADDRESS}, a bucket per route and address): beyond it the read is refused with 429 and
 * Retry-After, and the first refusal of a run is audited.
 */
@Component
public class PublicReadLimit {

    private static final String LIMIT_NAME =
            RateLimiter.Limit.PUBLIC_READS_PER_ADDRESS.name().toLowerCase(Locale.ROOT);

    private final RateLimiter limits;
    private final AuditLog audit;

    PublicReadLimit(RateLimiter limits, AuditLog audit) {
        this.limits = limits;
        this.audit = audit;
    }

    /** Takes a token for a read of {@code route} from the request's address, or throws the 429 problem. */
    public void take(HttpServletRequest request, String route) {
        String ip = String.valueOf(request.getRemoteAddr());
        RateLimiter.Decision decision = limits.take(RateLimiter.Limit.PUBLIC_READS_PER_ADDRESS, route + " " + ip);
        if (decision.allowed()) {
            return;
        }
        if (decision.firstRefusal()) {
            audit.refused(AuditEvent.of(AuditType.ACCESS_DENIED)
                    .actor(null, ip)
                    .detail("route", route)
                    .detail("reason", "rate_limited")
                    .detail("limit", LIMIT_NAME));
        }
        throw ApiProblem.tooManyRequests(
                "Too many requests from your address; reload the page in " + decision.retryAfterSeconds() + " s",
                decision.retryAfterSeconds());
    }
}
