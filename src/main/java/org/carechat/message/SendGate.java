package org.carechat.message;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.carechat.audit.AuditLog;
import org.carechat.audit.AuditType;
import org.carechat.identity.CurrentUser;
import org.carechat.system.RateLimiter;
import org.carechat.system.SendAdmission;
import org.carechat.web.ApiProblem;
import org.springframework.stereotype.Component;

/**
 * What a person's send passes before it touches the database: a place on this node (docs/operations.md §Overload),
 * then the sender's and their address's sending rate. Copies the server makes of a sent message do not pass here
 * again: they are part of the send (or escalation) that makes them.
 */
@Component
class SendGate {

    private final SendAdmission admission;
    private final RateLimiter limiter;
    private final AuditLog audit;
    private final Counter overloaded;

    SendGate(SendAdmission admission, RateLimiter limiter, AuditLog audit, MeterRegistry meters) {
        this.admission = admission;
        this.limiter = limiter;
        this.audit = audit;
        this.overloaded = Counter.builder("carechat.message.overloaded")
                .description("Sends refused because the node was at capacity")
                .register(meters);
    }

    /**
     * Takes a place on the node for one send of {@code actor}; give the permit back when the send is over.
     *
     * @throws ApiProblem 429 beyond the node's capacity or the organisation's share of it, with a retry hint; nothing
     *                    is stored
     */
    SendAdmission.Permit admit(CurrentUser actor) {
        SendAdmission.Permit permit = admission.enter(actor.orgId());
        if (permit == null) {
            overloaded.increment();
            throw ApiProblem.tooManyRequests(
                    "The server is too busy to take this message now; nothing was sent. Try again in "
                            + admission.retryAfterSeconds() + " seconds",
                    admission.retryAfterSeconds());
        }
        return permit;
    }

    /**
     * Takes one send from the sender's and their address's sending rates.
     *
     * @throws ApiProblem 429 beyond either (the first refusal of a run is audited), with a retry hint; nothing is
     *                    stored
     */
    void requireRateAllowed(CurrentUser actor, String conversationId) {
        RateLimiter.Decision user = limiter.take(RateLimiter.Limit.SENDS_PER_USER, actor.userId());
        RateLimiter.Decision address =
                user.allowed() ? limiter.take(RateLimiter.Limit.SENDS_PER_ADDRESS, String.valueOf(actor.ip())) : user;
        if (!address.allowed()) {
            if (address.firstRefusal()) {
                audit.refused(actor.audit(AuditType.MESSAGE_SENT)
                        .conversation(conversationId)
                        .detail("reason", "rate_limited"));
            }
            throw ApiProblem.tooManyRequests(
                    "You are sending faster than allowed; nothing was sent. Try again in " + address.retryAfterSeconds()
                            + " seconds",
                    address.retryAfterSeconds());
        }
    }
}
