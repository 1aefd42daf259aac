package org.carechat.message;

import org.carechat.identity.CurrentUser;

/**
 * A message was stored in a conversation: published inside the send's transaction (listeners that act outside it,
 * such as Web Push, wait for its commit). Carries ids only, never the text.
 *
 * @param direct whether the conversation is a direct (1:1) one
 */
public record MessageSent(CurrentUser sender, String conversationId, long seq, boolean urgent, boolean direct) {}
