package org.carechat.sms;

/**
 * Where a patient's SMS goes once it is recognised as new (the contact requests). The SMS centre is acknowledged
 * ({@code deliver_sm_resp}) only after the transaction this is called in has committed, so an SMS stored here is never
 * lost, and one that fails here is delivered again by the SMS centre.
 */
public interface InboundSmsHandler {

    /**
     * Stores the SMS where it belongs. Called inside the transaction that records its receipt; must not commit on its
     * own or wait for the SMS centre (an automatic answer is queued, not sent, here).
     *
     * @return false when no organisation uses {@code sms.destination()}: the SMS is then kept unrouted, sealed
     */
    boolean received(InboundSms sms);
}
