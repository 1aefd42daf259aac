package org.carechat.message;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.carechat.conversation.Privacy;

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

    /**
     * This entry as {@code privacy}'s viewer may see it: another patient as sender is "Another patient" without an
     * id, and other patients' ids are taken out of event details. Staff viewers get the entry unchanged.
     */
    public MessageView seenBy(Privacy privacy) {
        if (!privacy.restricted()) {
            return this;
        }
        boolean hideSender = !privacy.mayName(senderId);
        return new MessageView(
                id,
                conversationId,
                seq,
                kind,
                hideSender ? null : senderId,
                hideSender ? Privacy.ANOTHER_PATIENT : senderName,
                hideSender ? null : clientMsgId,
                body,
                redacted(meta, privacy),
                createdAt,
                deleted,
                receipts,
                unreadable);
    }

    private static Map<String, Object> redacted(Map<String, Object> meta, Privacy privacy) {
        if (meta == null) {
            return null;
        }
        Map<String, Object> shown = new LinkedHashMap<>();
        meta.forEach((key, value) -> {
            if (value instanceof List<?> ids && (key.equals("members") || key.equals("owners"))) {
                shown.put(
                        key,
                        ids.stream()
                                .filter(i -> privacy.mayName(String.valueOf(i)))
                                .toList());
            } else if (key.equals("userId") && !privacy.mayName(String.valueOf(value))) {
                shown.put("anotherPatient", true);
            } else {
                shown.put(key, value);
            }
        });
        return shown;
    }

    MessageView withReceipts(Receipts r) {
        return new MessageView(
                id,
                conversationId,
                seq,
                kind,
                senderId,
                senderName,
                clientMsgId,
                body,
                meta,
                createdAt,
                deleted,
                r,
                unreadable);
    }
}
