package org.carechat.attachment;

/**
 * An attachment row: its name still encrypted, its content in the blob store under {@link #blobKey()}.
 *
 * @param state {@code uploading}, {@code ready}, {@code attached} or {@code abandoned}
 * @param seq   the seq of the message it was sent with, once attached
 */
record StoredAttachment(
        String id,
        String orgId,
        String conversationId,
        String uploadedBy,
        String state,
        byte[] name,
        String contentType,
        long sizeBytes,
        Integer width,
        Integer height,
        String sha256,
        boolean hasThumbnail,
        String messageId,
        Long seq,
        long createdAt) {

    static final String UPLOADING = "uploading";
    static final String READY = "ready";
    static final String ATTACHED = "attached";
    static final String ABANDONED = "abandoned";

    /** Server-made: the attachment id. The file name never names anything stored. */
    String blobKey() {
        return id;
    }

    String thumbnailKey() {
        return id + ".thumb";
    }

    @Override
    public String toString() {
        return "StoredAttachment[id=" + id + ", c=" + conversationId + ", state=" + state + "]";
    }
}
