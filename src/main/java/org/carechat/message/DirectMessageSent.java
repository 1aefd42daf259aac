package org.carechat.message;

import org.carechat.identity.CurrentUser;
import org.carechat.timeline.CopyOf;

/**
 * A text message was stored in a direct conversation: published inside the send's transaction, so what listeners
 * write (forwarded copies) commits or rolls back with it. Carries the text, in memory only, for a listener that
 * hands it on; it is never logged ({@link #toString}).
 *
 * @param patientId the patient the conversation is linked to, or null
 * @param copyOf    what the message is a copy of, when the server made it from another (never handed on again);
 *                  null for a message of its sender's own
 */
public record DirectMessageSent(
        CurrentUser sender,
        String conversationId,
        String messageId,
        long seq,
        long sentAt,
        String body,
        boolean urgent,
        String patientId,
        CopyOf copyOf) {

    @Override
    public String toString() {
        return "DirectMessageSent[c=" + conversationId + ", seq=" + seq + "]";
    }
}
