package org.carechat.timeline;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.carechat.identity.CurrentUser;

/**
 * The files of text entries, kept by the attachment feature (which depends on this package, not the other way
 * round). A text stores its attachments' ids in {@code meta.attachments}; members are shown their descriptions there.
 */
public interface EntryAttachments {

    /** The meta key of a text's attachments: their ids as stored, their descriptions as shown. */
    String META_KEY = "attachments";

    /**
     * Binds the sender's ready uploads to a text being appended; called inside its transaction, after its row is
     * inserted. All or nothing: the transaction rolls back with the refusal.
     *
     * @return the attachments as members see them, in the order given
     * @throws org.carechat.web.ApiProblem 400 when an id is not an upload of the sender's to this conversation that
     *                                     is ready and not yet sent
     */
    List<Attachment> attach(CurrentUser sender, String conversationId, String entryId, long seq, List<String> ids);

    /** The attachments of the given texts of one conversation, by entry id; texts without any are absent. */
    Map<String, List<Attachment>> describe(String orgId, String conversationId, Collection<String> entryIds);

    /**
     * One attachment of a text as members see it (and its live event carries).
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
