package org.carechat.attachment;

import java.util.List;
import java.util.function.IntFunction;
import org.carechat.audit.AuditEvent;
import org.carechat.audit.AuditLog;
import org.carechat.audit.AuditType;
import org.carechat.storage.Transactions;
import org.springframework.stereotype.Service;

/**
 * Deletes the attachments of conversations purged by retention (docs/retention.md): their blobs first, then their rows,
 * each audited by id. Called by the purge after its commit, and again by every later run: a crash in between leaves
 * rows that the next run finishes. Their contents were unreadable from the purge's commit on (the keyset is gone);
 * deleting the blobs takes the ciphertext out of the blob store too.
 */
@Service
public class PurgedAttachments {

    private static final int BATCH = 200;

    private final AttachmentRepository repository;
    private final BlobStore blobs;
    private final AuditLog audit;
    private final Transactions transactions;

    PurgedAttachments(AttachmentRepository repository, BlobStore blobs, AuditLog audit, Transactions transactions) {
        this.repository = repository;
        this.blobs = blobs;
        this.audit = audit;
        this.transactions = transactions;
    }

    /**
     * Takes the files {@code uploaderId} sent in a conversation out of reach, in the caller's unit of work (a
     * patient's erasure, in a conversation shared with other patients): from its commit on no one can fetch or export
     * them, and {@link #discard} deletes them with their blobs.
     *
     * @return their ids
     */
    public List<String> erase(String orgId, String conversationId, String uploaderId) {
        return repository.markErased(orgId, conversationId, uploaderId);
    }

    /**
     * Deletes every attachment of a purged conversation, and every file erased ({@link #erase}); returns how many.
     * Call outside any unit of work.
     */
    public int discard() {
        return discard(repository::ofPurgedConversations, "purged") + discard(repository::erased, "erasure");
    }

    private int discard(IntFunction<List<StoredAttachment>> next, String reason) {
        int discarded = 0;
        List<StoredAttachment> batch;
        do {
            batch = next.apply(BATCH);
            for (StoredAttachment a : batch) {
                blobs.delete(a.thumbnailKey());
                blobs.delete(a.blobKey());
                transactions.run(() -> {
                    repository.deletePurged(a.id());
                    audit.record(AuditEvent.of(AuditType.ATTACHMENT_DISCARDED)
                            .org(a.orgId())
                            .target("attachment", a.id())
                            .conversation(a.conversationId())
                            .detail("reason", reason));
                });
                discarded++;
            }
        } while (batch.size() == BATCH);
        return discarded;
    }
}
