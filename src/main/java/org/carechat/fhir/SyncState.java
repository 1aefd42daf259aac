package org.carechat.fhir;

/**
 * What the EHR worker last did for an organisation, as the console shows it.
 *
 * @param state     {@code pending} (never ran since the last change), {@code ok}, or {@code failing}
 * @param lastError the last failure in words an admin can act on (the step and HTTP status; never clinical content)
 * @param failures  failures in a row: the back-off grows with them
 */
public record SyncState(
        String state, Long lastAttemptAt, Long lastSuccessAt, String lastError, int failures, long nextAttemptAt) {

    static SyncState pending(long now) {
        return new SyncState("pending", null, null, null, 0, now);
    }
}
