package org.carechat.urgent;

/**
 * An urgent alert now waits for {@code recipientId}'s acknowledgement: published inside the transaction that raised
 * it, so what listeners write commits with it. Ids only.
 */
public record UrgentAlertRaised(String orgId, String alertId, String recipientId) {}
