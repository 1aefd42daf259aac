package org.carechat.message;

import org.carechat.identity.CurrentUser;

/**
 * A message marked urgent was stored: published inside the send's transaction, so listeners that write (the urgent
 * alerts) commit or roll back with the message, and a listener that refuses (throws) refuses the send.
 */
public record UrgentMessageSent(CurrentUser sender, String conversationId, String messageId, long seq, long sentAt) {}
