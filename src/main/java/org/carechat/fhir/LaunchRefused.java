package org.carechat.fhir;

/**
 * An EHR launch that cannot sign anyone in: {@code reason} is the audit row's code, the message what the person is
 * told (never a token, a code or the EHR's own text).
 */
class LaunchRefused extends RuntimeException {

    private final String reason;

    LaunchRefused(String reason, String message) {
        super(message, null, false, false);
        this.reason = reason;
    }

    String reason() {
        return reason;
    }
}
