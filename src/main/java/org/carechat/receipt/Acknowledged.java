package org.carechat.receipt;

import org.carechat.identity.CurrentUser;

/**
 * A device's delivery acknowledgement, checked and ready to write: it has everything of {@code conversationId} up to
 * {@code upTo}.
 *
 * @param patientId the conversation's linked patient, for the audit row; null when none
 * @param at        when the device acknowledged (epoch ms), for the delivery latency
 */
record Acknowledged(CurrentUser actor, String conversationId, String patientId, long upTo, long at) {}
