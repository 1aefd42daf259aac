package org.carechat.message;

import java.util.List;

/**
 * A text was stored (a member's message, or a copy the server made), published inside the send's unit of work: listen
 * after its commit ({@code @TransactionalEventListener}). Ids only, never the text. {@link AlertRule#whoToAlert} says
 * which members to alert of it.
 *
 * @param direct   whether the conversation is a direct (1:1) one
 * @param mentions the members it mentions, by id
 */
public record NewMessage(
        String orgId,
        String conversationId,
        String messageId,
        long seq,
        String senderId,
        boolean urgent,
        boolean direct,
        List<String> mentions) {}
