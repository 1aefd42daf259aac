package org.carechat.message;

import org.carechat.identity.CurrentUser;

/**
 * A text message was stored in a direct conversation: published inside the send's transaction, so what listeners
 * write (forwarded copies) commits or rolls back with it. Carries the text, in memory only, for a listener that
 * hands it on; it is never logged ({@link #toString}).
 *
 * @param patientId the patient the conversation is linked to, or null
 */
public record DirectMessageSent(
        CurrentUser sender,
        String conversationId,
        String messageId,
        long seq,
        long sentAt,
        String clientMsgId,
        String body,
        boolean urgent,
        String patientId) {

    @Override
    public String toString() {
        return "DirectMessageSent[c=" + conversationId + ", seq=" + seq + "]";
    }
}
