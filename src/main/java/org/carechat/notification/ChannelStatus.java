package org.carechat.notification;

/**
 * How one way of reaching patients (SMS or e-mail) is doing on this node, for the admin console: whether it is
 * configured, and the outcome of its last sends since the node started. The error is the provider's answer as
 * {@link PatientChannel.SendFailed} words it: never an address or a text.
 *
 * @param lastSentAt   the last send the provider took (epoch ms), or null
 * @param lastFailedAt the last send that failed, or null
 * @param lastError    what the last failed send was refused with, or null
 */
public record ChannelStatus(
        String name, boolean configured, Long lastSentAt, Long lastFailedAt, String lastError, String lastErrorKind) {}
