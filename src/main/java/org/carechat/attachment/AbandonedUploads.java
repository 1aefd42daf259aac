package org.carechat.attachment;

import java.time.Clock;
import java.util.List;
import org.carechat.audit.AuditEvent;
import org.carechat.audit.AuditLog;
import org.carechat.audit.AuditType;
import org.carechat.storage.Transactions;
import org.carechat.system.CareChatProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * The sweeper: removes uploads never sent with a message (the client gave up, lost its connection, or the node
 * stopped mid-upload) once they are older than {@code carechat.attachments.abandon-after}.
 *
 * <p>Order matters for crashes and for a send racing the sweeper: the row is first marked {@code abandoned} (from
 * then on no send can claim it; a send that claimed it first keeps it), then its blobs are deleted, then the row.
 * A crash in between leaves an {@code abandoned} row the next sweep finishes. Several nodes may sweep at once: each
 * step is idempotent.
 */
@Component
class AbandonedUploads {

    private static final Logger log = LoggerFactory.getLogger(AbandonedUploads.class);
    private static final int BATCH = 200;

    private final AttachmentRepository repository;
    private final BlobStore blobs;
    private final AuditLog audit;
    private final Transactions transactions;
    private final Clock clock;
    private final long abandonAfterMillis;

    AbandonedUploads(
            AttachmentRepository repository,
            BlobStore blobs,
            AuditLog audit,
            Transactions transactions,
            Clock clock,
            CareChatProperties properties) {
        this.repository = repository;
        this.blobs = blobs;
        this.audit = audit;
        this.transactions = transactions;
        this.clock = clock;
        this.abandonAfterMillis = properties.attachments().abandonAfter().toMillis();
    }

    @Scheduled(
            initialDelayString = "${carechat.attachments.sweep-every:10m}",
            fixedDelayString = "${carechat.attachments.sweep-every:10m}")
    void scheduled() {
        try {
            int swept = sweep();
            if (swept > 0) {
                log.info("discarded {} abandoned uploads", swept);
            }
        } catch (RuntimeException e) {
            log.warn(
                    "the sweep of abandoned uploads failed; the next one retries: {}",
                    e.getClass().getName());
        }
    }

    /** Removes every abandoned upload; returns how many. */
    int sweep() {
        int swept = 0;
        List<StoredAttachment> batch;
        do {
            long before = clock.millis() - abandonAfterMillis;
            batch = repository.abandoned(before, BATCH);
            for (StoredAttachment a : batch) {
                boolean mine = transactions.write(() -> repository.markAbandoned(a.id()));
                if (!mine) {
                    continue; // sent just now
                }
                blobs.delete(a.thumbnailKey());
                blobs.delete(a.blobKey());
                transactions.run(() -> {
                    repository.deleteAbandoned(a.id());
                    audit.record(AuditEvent.of(AuditType.ATTACHMENT_DISCARDED)
                            .org(a.orgId())
                            .target("attachment", a.id())
                            .conversation(a.conversationId())
                            .detail("reason", "never_sent"));
                });
                swept++;
            }
        } while (batch.size() == BATCH);
        return swept;
    }
}
