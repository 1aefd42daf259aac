package org.carechat.attachment;

import java.time.Clock;
import java.util.List;
import org.carechat.audit.AuditLog;
import org.carechat.audit.AuditType;
import org.carechat.identity.CurrentUser;
import org.carechat.storage.Transactions;
import org.carechat.system.CareChatProperties;
import org.carechat.web.ApiProblem;
import org.springframework.stereotype.Component;

/**
 * The file types an organisation accepts: the installation's ({@code carechat.attachments.allowed-types}), or the
 * organisation's narrowing of them, which its admins choose.
 */
@Component
class AttachmentTypes {

    private final AttachmentRepository repository;
    private final UploadCheck check;
    private final AuditLog audit;
    private final Transactions transactions;
    private final Clock clock;
    private final CareChatProperties.Attachments limits;

    AttachmentTypes(
            AttachmentRepository repository,
            UploadCheck check,
            AuditLog audit,
            Transactions transactions,
            Clock clock,
            CareChatProperties properties) {
        this.repository = repository;
        this.check = check;
        this.audit = audit;
        this.transactions = transactions;
        this.clock = clock;
        this.limits = properties.attachments();
    }

    /** The types an organisation accepts: the installation's, or the organisation's narrowing of them. */
    List<FileType> allowedFor(String orgId) {
        return repository
                .allowedTypes(orgId)
                .map(types -> check.allowedTypes().stream()
                        .filter(t -> List.of(types.split(",")).contains(t.mediaType))
                        .toList())
                .orElse(check.allowedTypes());
    }

    /** The largest file an organisation accepts: its own limit when it set one, never above the installation's. */
    long maxFileBytesFor(String orgId) {
        return repository
                .maxFileBytes(orgId)
                .map(own -> Math.min(own, limits.maxFileBytes()))
                .orElse(limits.maxFileBytes());
    }

    /**
     * What the caller's organisation accepts, and the limits.
     *
     * @param allowedTypes             media types accepted now
     * @param installationTypes        the most an organisation may allow (carechat.attachments.allowed-types)
     * @param maxFileBytes             the largest file the organisation accepts now
     * @param installationMaxFileBytes the most an organisation may allow (carechat.attachments.max-file-bytes)
     */
    @io.swagger.v3.oas.annotations.media.Schema(name = "AttachmentSettings")
    public record Settings(
            List<String> allowedTypes,
            List<String> installationTypes,
            long maxFileBytes,
            long installationMaxFileBytes,
            int maxPerMessage) {}

    Settings settings(CurrentUser actor) {
        return new Settings(
                allowedFor(actor.orgId()).stream().map(t -> t.mediaType).toList(),
                check.allowedTypes().stream().map(t -> t.mediaType).toList(),
                maxFileBytesFor(actor.orgId()),
                limits.maxFileBytes(),
                limits.maxPerMessage());
    }

    /**
     * Narrows the types the caller's organisation accepts (the caller checked the admin role); audited as a setting
     * change. An empty list turns attachments off for the organisation.
     *
     * @param maxFileBytes the organisation's largest file, at most the installation's; null for the installation's
     * @throws ApiProblem 400 for a type the installation does not allow, or a size above the installation's limit
     */
    Settings narrow(CurrentUser actor, List<String> chosenTypes, Long maxFileBytes) {
        List<String> installation =
                check.allowedTypes().stream().map(t -> t.mediaType).toList();
        List<String> unknown =
                chosenTypes.stream().filter(t -> !installation.contains(t)).toList();
        if (!unknown.isEmpty()) {
            throw ApiProblem.badRequest(
                    "Not allowed on this server: " + unknown + "; an organisation may choose among " + installation);
        }
        if (maxFileBytes != null && (maxFileBytes < 1 || maxFileBytes > limits.maxFileBytes())) {
            throw ApiProblem.badRequest("maxFileBytes is at least 1 and at most this server's limit of "
                    + limits.maxFileBytes() + " bytes; leave it out for the server's limit");
        }
        List<String> chosen =
                installation.stream().filter(chosenTypes::contains).toList();
        transactions.run(() -> {
            String types = String.join(",", chosen);
            repository.setAllowedTypes(actor.orgId(), types, clock.millis());
            repository.setMaxFileBytes(actor.orgId(), maxFileBytes, types, clock.millis());
            audit.record(actor.audit(AuditType.SETTINGS_CHANGED)
                    .target("organisation", actor.orgId())
                    .detail("attachmentTypes", String.join(" ", chosen))
                    .detail("maxFileBytes", maxFileBytes == null ? "server" : maxFileBytes.toString()));
        });
        return settings(actor);
    }
}
