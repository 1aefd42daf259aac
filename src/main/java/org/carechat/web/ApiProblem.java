package org.carechat.web;

import org.springframework.http.HttpStatus;

/**
 * A refusal the caller can act on, answered as an RFC 9457 problem detail. The detail is written for a person
 * and never carries clinical content (no message text, no patient identifiers).
 */
public final class ApiProblem extends RuntimeException {

    private final HttpStatus status;
    private final long retryAfterSeconds;
    private final boolean audited;

    private ApiProblem(HttpStatus status, String detail) {
        this(status, detail, 0, false);
    }

    private ApiProblem(HttpStatus status, String detail, long retryAfterSeconds) {
        this(status, detail, retryAfterSeconds, false);
    }

    private ApiProblem(HttpStatus status, String detail, long retryAfterSeconds, boolean audited) {
        super(detail, null, false, false);
        this.status = status;
        this.retryAfterSeconds = retryAfterSeconds;
        this.audited = audited;
    }

    /**
     * The same refusal, marked as audited already by the feature that made it (with more to say than a general
     * "not found" row would), so that it is not audited twice.
     */
    public ApiProblem audited() {
        return new ApiProblem(status, getMessage(), retryAfterSeconds, true);
    }

    public boolean isAudited() {
        return audited;
    }

    public HttpStatus status() {
        return status;
    }

    /** For 429 and 503: after how many seconds a retry can succeed (the {@code Retry-After} header); 0 otherwise. */
    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }

    /** A rate limit was reached; nothing was done, and the same request may succeed after {@code seconds}. */
    public static ApiProblem tooManyRequests(String detail, long seconds) {
        return new ApiProblem(HttpStatus.TOO_MANY_REQUESTS, detail, seconds);
    }

    public static ApiProblem badRequest(String detail) {
        return new ApiProblem(HttpStatus.BAD_REQUEST, detail);
    }

    public static ApiProblem unauthorized(String detail) {
        return new ApiProblem(HttpStatus.UNAUTHORIZED, detail);
    }

    public static ApiProblem forbidden(String detail) {
        return new ApiProblem(HttpStatus.FORBIDDEN, detail);
    }

    /** Also the answer for things that exist but that the caller may not see: existence is not revealed. */
    public static ApiProblem notFound(String what) {
        return new ApiProblem(HttpStatus.NOT_FOUND, what + " was not found");
    }

    /** The server is overloaded; nothing was changed and the caller may retry shortly. */
    public static ApiProblem serviceUnavailable(String detail) {
        return new ApiProblem(HttpStatus.SERVICE_UNAVAILABLE, detail);
    }

    /**
     * No database connection came free in time: the server is overloaded, nothing was done, and the same request may
     * succeed in a few seconds.
     */
    public static ApiProblem busy() {
        return new ApiProblem(
                HttpStatus.SERVICE_UNAVAILABLE,
                "The server is too busy right now; nothing was changed. Try again in a few seconds",
                2);
    }

    /** The request body is larger than the route accepts; nothing was stored. */
    public static ApiProblem contentTooLarge(String detail) {
        return new ApiProblem(HttpStatus.CONTENT_TOO_LARGE, detail);
    }

    /** The body is of a type the route does not accept (decided from its content). */
    public static ApiProblem unsupportedMediaType(String detail) {
        return new ApiProblem(HttpStatus.UNSUPPORTED_MEDIA_TYPE, detail);
    }

    /**
     * Whether {@code e} comes from a database connection that did not come free in time (or a transaction that could
     * not open one): the node is overloaded, nothing was done, and the caller is answered with {@link #busy()}.
     */
    public static boolean isBusy(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof org.springframework.jdbc.CannotGetJdbcConnectionException
                    || t instanceof org.springframework.transaction.CannotCreateTransactionException) {
                return true;
            }
        }
        return false;
    }

    public static ApiProblem conflict(String detail) {
        return new ApiProblem(HttpStatus.CONFLICT, detail);
    }
}
