package org.carechat.notification;

/**
 * Where a channel reports what became of a message it sent (an SMS centre's delivery receipt), by the provider's
 * message id that {@link PatientChannel#send} returned.
 */
public interface DeliveryReports {

    /**
     * @param providerId the id the provider gave the message when it was sent
     * @param status     the provider's final state, e.g. {@code DELIVRD}, {@code UNDELIV}, {@code EXPIRED}
     */
    void delivered(String providerId, String status);

    /**
     * As {@link #delivered(String, String)}, with the SMS centre's error code (network specific, e.g. {@code 001};
     * {@code 000} or null when there is none).
     */
    default void delivered(String providerId, String status, String error) {
        delivered(providerId, status);
    }
}
