package org.carechat.message;

import java.util.List;
import java.util.Map;

/**
 * One timeline entry as a member sees it, in history pages and live events.
 *
 * @param kind    {@code text}, or an event: {@code conversation_created}, {@code member_added},
 *                {@code member_removed}, {@code settings_changed}, {@code message_deleted}
 * @param body    the text; {@code null} for events and for deleted messages
 * @param meta    event details (ids and codes); for {@code message_deleted}, the deleted {@code seq}
 * @param deleted the message was deleted: hidden from users, kept for audit
 * @param receipts for text messages in history pages: who it was delivered to and who read it
 * @param unreadable {@code true} when the stored text failed its integrity check (altered or moved in the database):
 *                 it is not shown, the rest of the conversation is
 */
public record MessageView(
        String id,
        String conversationId,
        long seq,
        String kind,
        String senderId,
        String senderName,
        String clientMsgId,
        String body,
        Map<String, Object> meta,
        long createdAt,
        boolean deleted,
        Receipts receipts,
        Boolean unreadable) {

    /**
     * Derived from the members' markers: delivered to a member when one of their devices acknowledged the seq,
     * read when their read marker passed it. The sender is not counted.
     */
    public record Receipts(int delivered, int read, List<Reader> readers) {}

    public record Reader(String userId, String displayName) {}

    /** Ids and positions only: the text never reaches a log through this. */
    @Override
    public String toString() {
        return "MessageView[id=" + id + ", c=" + conversationId + ", seq=" + seq + ", kind=" + kind + "]";
    }

    MessageView withReceipts(Receipts r) {
        return new MessageView(id, conversationId, seq, kind, senderId, senderName, clientMsgId, body, meta, createdAt,
                deleted, r, unreadable);
    }
}
