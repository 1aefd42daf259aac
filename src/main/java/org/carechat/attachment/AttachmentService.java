package org.carechat.attachment;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.HexFormat;
import org.carechat.audit.AuditLog;
import org.carechat.audit.AuditType;
import org.carechat.conversation.ConversationPolicy;
import org.carechat.conversation.ConversationService;
import org.carechat.crypto.ConversationCipher;
import org.carechat.identity.CurrentUser;
import org.carechat.message.MessageHistory;
import org.carechat.storage.Ids;
import org.carechat.storage.Transactions;
import org.carechat.system.CareChatProperties;
import org.carechat.system.RateLimiter;
import org.carechat.timeline.EntryAttachments;
import org.carechat.web.ApiProblem;
import org.springframework.stereotype.Service;

/**
 * Uploading attachments and reading them back (docs/security.md §Attachments).
 *
 * <p>An upload is checked in full before anything is stored (type from the content, metadata stripped, thumbnail
 * made), then written in three steps: its row ({@code uploading}), its encrypted content and thumbnail in the blob
 * store, its row {@code ready} with the encrypted file name. A dropped connection stores nothing; a crash between
 * the steps leaves a row the sweeper finds ({@link AbandonedUploads}), never a blob without a row. The upload is
 * sent by naming its id in a message, which binds it in the send's transaction; one never sent is swept.
 *
 * <p>A read is authorised exactly as its message: the caller is a member of the conversation, the attachment was
 * sent in it, and the message is not deleted; anything else is the same 404. Every read is audited.
 */
@Service
public class AttachmentService {

    static final String CONTENT_PART = "content";
    static final String THUMBNAIL_PART = "thumbnail";

    private final AttachmentRepository repository;
    private final AttachmentClaims claims;
    private final BlobStore blobs;
    private final UploadCheck check;
    private final AttachmentTypes types;
    private final ConversationService conversations;
    private final MessageHistory messages;
    private final ConversationCipher cipher;
    private final AuditLog audit;
    private final Transactions transactions;
    private final Ids ids;
    private final Clock clock;
    private final CareChatProperties.Attachments limits;
    private final Counter integrityFailures;
    private final RateLimiter limiter;

    AttachmentService(
            AttachmentRepository repository,
            AttachmentClaims claims,
            BlobStore blobs,
            UploadCheck check,
            AttachmentTypes types,
            ConversationService conversations,
            MessageHistory messages,
            ConversationCipher cipher,
            AuditLog audit,
            Transactions transactions,
            Ids ids,
            Clock clock,
            CareChatProperties properties,
            MeterRegistry meters,
            RateLimiter limiter) {
        this.limiter = limiter;
        this.repository = repository;
        this.claims = claims;
        this.blobs = blobs;
        this.check = check;
        this.types = types;
        this.conversations = conversations;
        this.messages = messages;
        this.cipher = cipher;
        this.audit = audit;
        this.transactions = transactions;
        this.ids = ids;
        this.clock = clock;
        this.limits = properties.attachments();
        this.integrityFailures = Counter.builder("carechat.attachment.integrity.failures")
                .description("Stored attachments that failed their integrity check")
                .register(meters);
    }

    /**
     * Takes an upload: checks it, strips its metadata, stores it encrypted; ready to be sent with a message.
     *
     * @param givenName     the file name as the client gave it (display only; may be null)
     * @param declaredBytes the request's Content-Length, or -1 when not declared
     * @throws ApiProblem 404 for a conversation the caller is not a member of; 403 for a 1-way conversation the
     *                    caller may not write in; 413 over the size limit; 415 for a type not allowed; 400 for a file
     *                    that fails its checks; 429 beyond the caller's upload rate or when they hold too many unsent
     *                    uploads
     */
    public EntryAttachments.Attachment upload(
            CurrentUser actor, String conversationId, String givenName, long declaredBytes, InputStream body) {
        ConversationPolicy.Access access = conversations.requireMember(actor, conversationId);
        conversations.policy().requireCanWrite(actor, access);
        long maxBytes = types.maxFileBytesFor(actor.orgId());
        if (declaredBytes > maxBytes) {
            throw tooLarge(maxBytes);
        }
        RateLimiter.Decision rate = limiter.take(RateLimiter.Limit.UPLOADS_PER_USER, actor.userId());
        if (!rate.allowed()) {
            if (rate.firstRefusal()) {
                audit.refused(actor.audit(AuditType.ATTACHMENT_UPLOADED)
                        .conversation(conversationId)
                        .detail("reason", "rate_limited"));
            }
            throw ApiProblem.tooManyRequests(
                    "You are uploading faster than allowed; nothing was stored. Try again in "
                            + rate.retryAfterSeconds() + " seconds",
                    rate.retryAfterSeconds());
        }
        if (repository.pendingOf(actor.orgId(), actor.userId()) >= limits.maxPendingPerUser()) {
            throw ApiProblem.tooManyRequests(
                    "You have " + limits.maxPendingPerUser() + " uploads not yet sent; "
                            + "send them with a message, or wait until they are discarded",
                    limits.abandonAfter().toSeconds());
        }
        if (types.allowedFor(actor.orgId()).isEmpty()) {
            throw ApiProblem.forbidden("Your organisation does not accept attachments");
        }
        byte[] content = read(body, maxBytes);
        DisplayName name = DisplayName.of(givenName);
        UploadCheck.Accepted accepted;
        try {
            accepted = check.check(content, name, types.allowedFor(actor.orgId()));
        } catch (ApiProblem refused) {
            audit.refused(actor.audit(AuditType.ATTACHMENT_UPLOADED)
                    .conversation(conversationId)
                    .patient(access.conversation().patientId())
                    .detail("reason", "content")
                    .detail("status", refused.status().value()));
            throw refused;
        }
        return store(actor, access, name, accepted);
    }

    private EntryAttachments.Attachment store(
            CurrentUser actor, ConversationPolicy.Access access, DisplayName name, UploadCheck.Accepted accepted) {
        String conversationId = access.conversation().id();
        String id = ids.next();
        transactions.run(() -> {
            repository.insertUploading(id, actor.orgId(), conversationId, actor.userId(), clock.millis());
        });
        RasterImages.Cleaned cleaned = accepted.cleaned();
        blobs.put(id, cipher.encryptPart(conversationId, id, CONTENT_PART, cleaned.content()));
        if (cleaned.thumbnail() != null) {
            blobs.put(id + ".thumb", cipher.encryptPart(conversationId, id, THUMBNAIL_PART, cleaned.thumbnail()));
        }
        byte[] encryptedName = cipher.encryptPart(
                conversationId, id, AttachmentClaims.NAME_PART, name.value().getBytes(StandardCharsets.UTF_8));
        Integer width = cleaned.width() > 0 ? cleaned.width() : null;
        Integer height = cleaned.height() > 0 ? cleaned.height() : null;
        boolean ready = transactions.write(() -> {
            boolean marked = repository.markReady(
                    id,
                    encryptedName,
                    accepted.type().mediaType,
                    cleaned.content().length,
                    width,
                    height,
                    sha256(cleaned.content()),
                    cleaned.thumbnail() != null);
            if (marked) {
                audit.record(actor.audit(AuditType.ATTACHMENT_UPLOADED)
                        .target("attachment", id)
                        .conversation(conversationId)
                        .patient(access.conversation().patientId())
                        .detail("type", accepted.type().mediaType)
                        .detail("bytes", cleaned.content().length));
            }
            return marked;
        });
        if (!ready) {
            throw ApiProblem.conflict("The upload took too long and was discarded; upload the file again");
        }
        return new EntryAttachments.Attachment(
                id,
                name.value(),
                accepted.type().mediaType,
                cleaned.content().length,
                cleaned.thumbnail() != null,
                width,
                height);
    }

    /**
     * An attachment's content (or its thumbnail) for a member of its conversation. Audited as a read of clinical
     * data.
     *
     * @throws ApiProblem 404, the same for every reason: not a member, no such attachment in this conversation, not
     *                    sent, its message deleted, no thumbnail
     */
    public Download open(CurrentUser actor, String conversationId, String attachmentId, boolean thumbnail) {
        ConversationPolicy.Access access = conversations.requireMember(actor, conversationId);
        StoredAttachment a = repository
                .find(actor.orgId(), conversationId, attachmentId)
                .filter(found -> StoredAttachment.ATTACHED.equals(found.state())
                        && found.seq() != null
                        && messages.isVisible(actor.orgId(), conversationId, found.seq()))
                .filter(found -> !thumbnail || found.hasThumbnail())
                .orElseThrow(() -> {
                    audit.refused(actor.audit(AuditType.ATTACHMENT_OPENED)
                            .target("attachment", attachmentId)
                            .conversation(conversationId)
                            .detail("reason", "not_in_conversation"));
                    return notFound(attachmentId).audited();
                });
        String part = thumbnail ? THUMBNAIL_PART : CONTENT_PART;
        byte[] plain;
        try {
            byte[] stored = blobs.get(thumbnail ? a.thumbnailKey() : a.blobKey())
                    .orElseThrow(() -> new IllegalStateException("an attachment's content is missing"));
            plain = cipher.decryptPart(conversationId, a.id(), part, stored);
            if (!thumbnail && !sha256(plain).equals(a.sha256())) {
                throw new IllegalStateException("an attachment does not match its hash");
            }
        } catch (IllegalStateException failed) {
            integrityFailures.increment();
            throw failed;
        }
        audit.record(actor.audit(AuditType.ATTACHMENT_OPENED)
                .target("attachment", a.id())
                .conversation(conversationId)
                .patient(access.conversation().patientId())
                .detail("part", part));
        FileType type = FileType.of(a.contentType()).orElseThrow();
        String contentType =
                thumbnail ? (type == FileType.PNG ? FileType.PNG.mediaType : FileType.JPEG.mediaType) : type.mediaType;
        return new Download(
                plain, contentType, DisplayName.of(claims.name(a)).forDownload(type), thumbnail || type.inline);
    }

    /**
     * What is sent back for a read.
     *
     * @param inline safe to show in the page (a re-encoded image); otherwise only ever a download
     */
    public record Download(byte[] content, String contentType, String fileName, boolean inline) {
        @Override
        public String toString() {
            return "Download[" + contentType + ", " + content.length + " bytes]";
        }
    }

    private static ApiProblem notFound(String attachmentId) {
        return ApiProblem.notFound("Attachment " + attachmentId);
    }

    private static ApiProblem tooLarge(long maxBytes) {
        return ApiProblem.contentTooLarge(
                "The file is larger than the limit of " + megabytes(maxBytes) + "; nothing was stored");
    }

    private static String megabytes(long bytes) {
        return bytes % (1024 * 1024) == 0 ? bytes / (1024 * 1024) + " MB" : bytes + " bytes";
    }

    private static byte[] read(InputStream body, long maxBytes) {
        try {
            byte[] content = body.readNBytes((int) Math.min(Integer.MAX_VALUE - 16, maxBytes + 1));
            if (content.length > maxBytes) {
                throw tooLarge(maxBytes);
            }
            if (content.length == 0) {
                throw ApiProblem.badRequest("The file is empty");
            }
            return content;
        } catch (IOException cutOff) {
            // The client went away mid-upload (or sent less than it declared): nothing was stored; it uploads again.
            throw ApiProblem.badRequest(
                    "The upload was cut off before the whole file arrived; nothing was stored. " + "Upload it again");
        }
    }

    static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
