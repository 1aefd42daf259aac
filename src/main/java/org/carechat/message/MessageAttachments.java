package org.carechat.message;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.carechat.identity.CurrentUser;

/**
 * What the message feature needs of attachments, implemented by the attachment feature (which depends on this
 * package, not the other way round).
 */
public interface MessageAttachments {

    /**
     * Binds the caller's ready uploads to a message being sent; call inside the send's transaction, after the message
     * row is inserted. All or nothing: the transaction rolls back with the refusal.
     *
     * @return the attachments as members see them, in the order given
     * @throws org.carechat.web.ApiProblem 400 when an id is not an upload of the caller's to this conversation that
     *                                     is ready and not yet sent
     */
    List<Attachment> attach(CurrentUser actor, String conversationId, String messageId, long seq, List<String> ids);

    /** The attachments of the given messages of one conversation, by message id; messages without any are absent. */
    Map<String, List<Attachment>> describe(String orgId, String conversationId, Collection<String> messageIds);

    /**
     * One attachment of a message as members see it (and its live event carries).
     *
     * @param name        the file name as the sender gave it (display only, never a path)
     * @param contentType decided from the content
     * @param thumbnail   a thumbnail can be fetched
     * @param width       for images, in pixels; else {@code null}
     */
    record Attachment(
            String id, String name, String contentType, long size, boolean thumbnail, Integer width, Integer height) {

        /** No file name: it is clinical content. */
        @Override
        public String toString() {
            return "Attachment[id=" + id + ", type=" + contentType + ", size=" + size + "]";
        }
    }
}
