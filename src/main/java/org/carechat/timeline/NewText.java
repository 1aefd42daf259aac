package org.carechat.timeline;

import java.util.List;
import java.util.Map;
import org.carechat.identity.CurrentUser;

/**
 * A text to append to a conversation's timeline ({@link Timeline#appendText}), already checked by the caller.
 *
 * @param clientMsgId   chosen by the sending client: the same id again is a retry of this text
 * @param meta          stored with the text besides it (flags and ids only: {@code urgent}); may be empty
 * @param attachmentIds the sender's ready uploads to this conversation, bound to the text; empty for none
 * @param copyOf        what this text is a copy of, or {@code null} for a text of its sender's own
 * @param kind          a kind that carries text: {@code text}, or an SMS out or in
 */
public record NewText(
        CurrentUser sender,
        String conversationId,
        String clientMsgId,
        String body,
        Map<String, Object> meta,
        List<String> attachmentIds,
        CopyOf copyOf,
        EntryKind kind) {

    public NewText {
        if (!kind.carriesText()) {
            throw new IllegalArgumentException("a " + kind.code() + " entry carries no text");
        }
    }

    /** A {@code text} entry. */
    public NewText(
            CurrentUser sender,
            String conversationId,
            String clientMsgId,
            String body,
            Map<String, Object> meta,
            List<String> attachmentIds,
            CopyOf copyOf) {
        this(sender, conversationId, clientMsgId, body, meta, attachmentIds, copyOf, EntryKind.TEXT);
    }

    /** No text: it is clinical content. */
    @Override
    public String toString() {
        return "NewText[c=" + conversationId + ", clientMsgId=" + clientMsgId + "]";
    }
}
