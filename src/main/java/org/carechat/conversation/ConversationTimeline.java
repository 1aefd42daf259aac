package org.carechat.conversation;

import java.util.Map;

/**
 * Writes the entries of a conversation's timeline that record a change to the conversation itself (created,
 * member added or removed, settings changed). Implemented by the message feature, which owns the timeline table;
 * the interface lives here so conversations do not depend on messages.
 */
public interface ConversationTimeline {

    /**
     * Appends an event entry at {@code seq} (already taken with the conversation's row lock). Call inside the
     * transaction that makes the change.
     *
     * @param meta ids and codes only; never clinical content
     */
    void appendEvent(
            String orgId, String conversationId, long seq, String actorId, String kind, Map<String, Object> meta);
}
