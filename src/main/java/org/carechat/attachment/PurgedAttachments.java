package org.carechat.attachment;

import java.util.List;
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

    /** Deletes every attachment of a purged conversation; returns how many. Call outside any unit of work. */
    public int discard() {
        int discarded = 0;
        List<StoredAttachment> batch;
        do {
            batch = repository.ofPurgedConversations(BATCH);
            for (StoredAttachment a : batch) {
                blobs.delete(a.thumbnailKey());
                blobs.delete(a.blobKey());
                transactions.run(() -> {
                    repository.deletePurged(a.id());
                    audit.record(AuditEvent.of(AuditType.ATTACHMENT_DISCARDED)
                            .org(a.orgId())
                            .target("attachment", a.id())
                            .conversation(a.conversationId())
                            .detail("reason", "purged"));
                });
                discarded++;
            }
        } while (batch.size() == BATCH);
        return discarded;
    }
}
