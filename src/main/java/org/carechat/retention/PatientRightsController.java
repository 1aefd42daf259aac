package org.carechat.retention;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.carechat.audit.AuditLog;
import org.carechat.audit.AuditType;
import org.carechat.identity.CurrentUser;
import org.carechat.identity.RolePolicy;
import org.carechat.storage.Transactions;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** A patient's rights (GDPR Art. 15, 17, 20; docs/retention.md): their export and their erasure, by an admin. */
@RestController
@Tag(name = "Patients' rights", description = "Export everything held about a patient; erase a patient")
class PatientRightsController {

    static final MediaType ZIP = MediaType.parseMediaType("application/zip");

    private final PatientExport export;
    private final ArchiveWriter writer;
    private final PatientErasure erasure;
    private final RetentionPurge purge;
    private final RolePolicy roles;
    private final AuditLog audit;
    private final Transactions transactions;

    PatientRightsController(
            PatientExport export,
            ArchiveWriter writer,
            PatientErasure erasure,
            RetentionPurge purge,
            RolePolicy roles,
            AuditLog audit,
            Transactions transactions) {
        this.export = export;
        this.writer = writer;
        this.erasure = erasure;
        this.purge = purge;
        this.roles = roles;
        this.audit = audit;
        this.transactions = transactions;
    }

    /** Why a patient is erased: the request's reference (kept in the audit trail). */
    @Schema(name = "PatientErasureRequest")
    record ErasureRequest(
            @NotBlank @Size(max = RetentionService.MAX_REASON)
            String reason) {}

    /** What an erasure did, by ids. */
    @Schema(name = "PatientErased")
    record Erased(
            String patientId,
            java.util.List<String> shreddedConversationIds,
            java.util.List<String> textsErasedInConversationIds,
            boolean accountErased) {}

    @GetMapping("/api/v1/patients/{id}/export")
    @Operation(
            summary = "Everything held about a patient as a zip: patient.json (record, conversations and texts, files, "
                    + "access log), patient.pdf to read, and their files (admins; audited)")
    ResponseEntity<byte[]> export(@AuthenticationPrincipal CurrentUser actor, @PathVariable @Size(max = 64) String id) {
        roles.requireAdmin(actor, AuditType.PATIENT_EXPORTED, "Only an organisation admin can export a patient's data");
        PatientArchive.WithFiles gathered = export.gather(actor.orgId(), id);
        byte[] zip = writer.zip(gathered);
        transactions.run(() -> audit.record(actor.audit(AuditType.PATIENT_EXPORTED)
                .target("patient", id)
                .patient(id)
                .detail("conversations", gathered.archive().conversations().size())
                .detail("files", gathered.files().size())
                .detail("accessRows", gathered.archive().accessLog().size())));
        return ResponseEntity.ok()
                .contentType(ZIP)
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"carechat-patient-" + id + ".zip\"")
                .header(HttpHeaders.CACHE_CONTROL, "no-store")
                .body(zip);
    }

    @PostMapping("/api/v1/patients/{id}/erase")
    @Operation(
            summary =
                    "Erase a patient unless a legal hold covers their data: shreds the conversations that were theirs "
                            + "alone, blanks their texts elsewhere, erases their account and record (admins; audited)")
    Erased erase(
            @AuthenticationPrincipal CurrentUser actor,
            @PathVariable @Size(max = 64) String id,
            @Valid @RequestBody @NotNull ErasureRequest body) {
        roles.requireAdmin(actor, AuditType.PATIENT_ERASED, "Only an organisation admin can erase a patient");
        PatientErasure.Result done = transactions.write(() -> erasure.erase(actor, id, body.reason()));
        purge.discardAttachments();
        return new Erased(done.patientId(), done.shredded(), done.textsErasedIn(), done.accountErased());
    }
}
