package org.carechat.timeline;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.util.List;
import java.util.Map;

/**
 * One timeline entry as members see it, in history pages, live events and catch-up batches (before a viewer's
 * privacy is applied: {@code conversation.Privacy#entry}).
 *
 * @param kind       what the entry is; on the wire its code ({@code text}, {@code member_added}, ...)
 * @param senderId   who wrote the text or made the change
 * @param body       the text; {@code null} for events and for deleted texts
 * @param meta       event details (ids and codes); for a text, its {@code urgent} mark and {@code attachments}
 * @param deleted    the text was deleted: hidden from users, kept for audit
 * @param receipts   for texts in history pages: who it was delivered to and who read it
 * @param unreadable {@code true} when the stored text failed its integrity check (altered or moved in the database):
 *                   it is not shown, the rest of the conversation is
 * @param quote      for a reply: the message it answers, as it reads now (its seq, sender and the start of its text)
 */
public record TimelineEntry(
        String id,
        String conversationId,
        long seq,
        EntryKind kind,
        String senderId,
        String senderName,
        String clientMsgId,
        String body,
        Map<String, Object> meta,
        long createdAt,
        boolean deleted,
        Receipts receipts,
        Boolean unreadable,
        Quote quote) {

    /**
     * Derived from the members' markers: delivered to a member when one of their devices acknowledged the seq,
     * read when their read marker passed it. The sender is not counted.
     */
    public record Receipts(int delivered, int read, List<Reader> readers) {}

    public record Reader(String userId, String displayName) {}

    /**
     * The message a reply answers, read from that message each time (its text is stored once, encrypted, in its own
     * row): deleted or purged since, it is {@code gone} and carries no text.
     *
     * @param seq        the quoted message's seq in the same conversation: where the app scrolls to
     * @param senderId   who wrote it
     * @param senderName their name as the viewer may see it
     * @param excerpt    the start of its text (at most {@value #EXCERPT} characters); absent when gone
     * @param gone       the quoted message was deleted or purged since
     */
    public record Quote(long seq, String senderId, String senderName, String excerpt, boolean gone) {

        /** Characters of the quoted text carried with a reply. */
        public static final int EXCERPT = 160;

        /** No text: it is clinical content. */
        @Override
        public String toString() {
            return "Quote[seq=" + seq + "]";
        }
    }

    /** Ids and positions only: the text never reaches a log through this. */
    @Override
    public String toString() {
        return "TimelineEntry[id=" + id + ", c=" + conversationId + ", seq=" + seq + ", kind=" + kind.code() + "]";
    }

    /** Whether a text members read, still shown (not deleted). Not part of the entry's JSON. */
    @JsonIgnore
    public boolean isVisibleText() {
        return kind.carriesText() && !deleted;
    }

    /** Whether this entry takes {@code userId} out of the conversation: their sockets get nothing after it. */
    public boolean removes(String userId) {
        return kind == EntryKind.MEMBER_REMOVED && meta != null && userId.equals(meta.get("userId"));
    }

    public TimelineEntry withReceipts(Receipts r) {
        return new TimelineEntry(
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
                unreadable,
                quote);
    }
}
