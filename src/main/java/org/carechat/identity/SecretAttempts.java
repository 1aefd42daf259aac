package org.carechat.identity;

import java.util.Locale;
import org.carechat.audit.AuditEvent;
import org.carechat.audit.AuditLog;
import org.carechat.audit.AuditType;
import org.carechat.system.RateLimiter;
import org.carechat.web.ApiProblem;
import org.springframework.stereotype.Component;

/**
 * The limits every check of a secret shares — a password at sign-in or at a password change, a second-factor code at
 * sign-in, set-up or removal, a patient's password or one-time code: attempts per address, and a lock-out per
 * account (per username or patient contact for passwords, per user for codes).
 *
 * <p>An attempt is <em>reserved</em> before the secret is checked, in one atomic step of the token bucket: however
 * many attempts run at once, no more than the limit are ever checked, and an attempt beyond it is refused before it
 * costs anything. A wrong secret keeps its reservation (that is the failure counted, and the one that uses the limit
 * up is audited as a lock-out); a right one clears the account's count.
 */
@Component
public class SecretAttempts {

    private final RateLimiter limits;
    private final AuditLog audit;

    SecretAttempts(RateLimiter limits, AuditLog audit) {
        this.limits = limits;
        this.audit = audit;
    }

    /** A reserved attempt: whether it was the last one before the lock-out. */
    public record Attempt(RateLimiter.Limit limit, String key, boolean last) {}

    /**
     * Takes one attempt of {@code ip}; the first refusal of a run is audited.
     *
     * @throws ApiProblem 429 beyond the address's rate
     */
    public void requireAddressAllowed(String ip) {
        RateLimiter.Decision fromAddress = limits.take(RateLimiter.Limit.SIGN_INS_PER_ADDRESS, String.valueOf(ip));
        if (!fromAddress.allowed()) {
            if (fromAddress.firstRefusal()) {
                audit.refused(AuditEvent.of(AuditType.SIGN_IN).actor(null, ip).detail("reason", "rate_limited"));
            }
            throw ApiProblem.tooManyRequests(
                    "Too many sign-in attempts from your address; try again in " + fromAddress.retryAfterSeconds()
                            + " seconds",
                    fromAddress.retryAfterSeconds());
        }
    }

    /**
     * Reserves a password attempt for {@code lockKey} (a username, or a patient's contact), after the address's.
     * Names that exist and names that do not are treated alike.
     *
     * @throws ApiProblem 429 beyond the address's rate, or while the key is locked
     */
    public Attempt reservePassword(String ip, String lockKey) {
        requireAddressAllowed(ip);
        RateLimiter.Decision account = limits.take(RateLimiter.Limit.FAILED_SIGN_INS_PER_ACCOUNT, lockKey);
        if (!account.allowed()) {
            throw ApiProblem.tooManyRequests(
                    "Too many failed sign-ins for this username: it is locked for "
                            + SignInService.minutes(account.retryAfterSeconds()) + ". Try again then, or ask an admin",
                    account.retryAfterSeconds());
        }
        return new Attempt(RateLimiter.Limit.FAILED_SIGN_INS_PER_ACCOUNT, lockKey, account.remaining() == 0);
    }

    /**
     * Reserves a second-factor code attempt of the user {@code userId} (the caller has taken the address's).
     *
     * @throws ApiProblem 429 while the account is locked by wrong codes
     */
    Attempt reserveCode(String userId) {
        RateLimiter.Decision account = limits.take(RateLimiter.Limit.FAILED_CODES_PER_ACCOUNT, userId);
        if (!account.allowed()) {
            throw ApiProblem.tooManyRequests(
                    "Too many wrong codes for this account: it is locked for "
                            + SignInService.minutes(account.retryAfterSeconds()) + ". Try again then, or ask an admin",
                    account.retryAfterSeconds());
        }
        return new Attempt(RateLimiter.Limit.FAILED_CODES_PER_ACCOUNT, userId, account.remaining() == 0);
    }

    /** The secret was right: the account's count starts again. */
    public void accepted(Attempt attempt) {
        limits.reset(attempt.limit(), attempt.key());
    }

    /** The secret was wrong: the reservation stays; if it was the last one, the lock-out is audited. */
    public void rejected(Attempt attempt, String orgId, String userId, String ip) {
        if (attempt.last()) {
            audit.refused(AuditEvent.of(AuditType.ACCOUNT_LOCKED)
                    .org(orgId)
                    .actor(userId, ip)
                    .detail("limit", attempt.limit().name().toLowerCase(Locale.ROOT)));
        }
    }
}
