package org.carechat.attachment;

import java.util.Collection;
import java.util.List;
import org.carechat.crypto.ConversationCipher;
import org.springframework.stereotype.Service;

/**
 * The files of a patient's export (retention's patients' rights, docs/retention.md): an attachment's decrypted content
 * with its name as given, for texts the caller chose. Not audited here: the export is audited as a whole by its caller.
 */
@Service
public class AttachmentExport {

    private final AttachmentRepository repository;
    private final AttachmentClaims claims;
    private final BlobStore blobs;
    private final ConversationCipher cipher;

    AttachmentExport(
            AttachmentRepository repository, AttachmentClaims claims, BlobStore blobs, ConversationCipher cipher) {
        this.repository = repository;
        this.claims = claims;
        this.blobs = blobs;
        this.cipher = cipher;
    }

    /**
     * One exported file.
     *
     * @param messageId the text it was sent with
     * @param name      the file name as the sender gave it (display only, never a path)
     * @param content   the decrypted content; empty when its blob is missing or fails its integrity check
     */
    public record File(String id, String messageId, String name, String contentType, byte[] content) {
        /** No file name and no content: they are clinical. */
        @Override
        public String toString() {
            return "File[id=" + id + ", type=" + contentType + ", size=" + content.length + "]";
        }
    }

    /** The attached files of the given texts of one conversation, in the order they were sent. */
    public List<File> ofMessages(String orgId, String conversationId, Collection<String> messageIds) {
        return repository.ofMessages(orgId, conversationId, messageIds).stream()
                .map(a -> new File(a.id(), a.messageId(), claims.name(a), a.contentType(), content(a)))
                .toList();
    }

    private byte[] content(StoredAttachment a) {
        try {
            return blobs.get(a.blobKey())
                    .map(stored ->
                            cipher.decryptPart(a.conversationId(), a.id(), AttachmentService.CONTENT_PART, stored))
                    .orElse(new byte[0]);
        } catch (IllegalStateException unreadable) {
            return new byte[0];
        }
    }
}
