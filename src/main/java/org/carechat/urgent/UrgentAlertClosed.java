package org.carechat.urgent;

/**
 * An urgent alert was acknowledged (by its holder, or by the colleague it was escalated to or from): published
 * inside the acknowledgement's transaction. Ids only.
 */
public record UrgentAlertClosed(String orgId, String alertId, String recipientId, String conversationId, long seq) {}
