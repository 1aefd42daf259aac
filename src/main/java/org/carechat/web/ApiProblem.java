package org.carechat.web;

import org.springframework.http.HttpStatus;

/**
 * A refusal the caller can act on, answered as an RFC 9457 problem detail. The detail is written for a person
 * and never carries clinical content (no message text, no patient identifiers).
 */
public final class ApiProblem extends RuntimeException {

    private final HttpStatus status;

    private ApiProblem(HttpStatus status, String detail) {
        super(detail, null, false, false);
        this.status = status;
    }

    public HttpStatus status() {
        return status;
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

    public static ApiProblem conflict(String detail) {
        return new ApiProblem(HttpStatus.CONFLICT, detail);
    }
}
