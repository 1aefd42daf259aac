package org.carechat.admin;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import org.carechat.audit.AuditLog;
import org.carechat.audit.AuditQuery;
import org.carechat.audit.AuditRecord;
import org.carechat.audit.AuditType;
import org.carechat.audit.AuditVerifier;
import org.carechat.identity.CurrentUser;
import org.carechat.identity.RolePolicy;
import org.carechat.storage.Transactions;
import org.carechat.web.ApiProblem;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.json.JsonMapper;

/** Admins search and export their organisation's audit trail; each search and export is itself audited. */
@RestController
@RequestMapping("/api/v1/audit")
@Validated
@Tag(name = "Audit", description = "Search and export the audit trail (admins)")
class AuditController {

    static final int MAX_EXPORT_ROWS = 100_000;

    private final AuditLog audit;
    private final AuditVerifier verifier;
    private final Transactions transactions;
    private final JsonMapper json;

    private final RolePolicy roles;

    AuditController(
            AuditLog audit, AuditVerifier verifier, Transactions transactions, JsonMapper json, RolePolicy roles) {
        this.roles = roles;
        this.audit = audit;
        this.verifier = verifier;
        this.transactions = transactions;
        this.json = json;
    }

    @GetMapping("/verify")
    @Operation(summary = "Check the organisation's audit chains; reports the first broken link if any")
    AuditVerifier.Verification verify(@AuthenticationPrincipal CurrentUser actor) {
        requireAdmin(actor, AuditType.AUDIT_VERIFIED);
        AuditVerifier.Verification result = verifier.verify(actor.orgId());
        audit.record(actor.audit(AuditType.AUDIT_VERIFIED)
                .detail("intact", result.intact())
                .detail("rows", result.rows()));
        return result;
    }

    @GetMapping
    @Operation(summary = "Search by user, patient, conversation, type and time range (epoch ms), newest first")
    List<AuditRecord> search(
            @AuthenticationPrincipal CurrentUser actor,
            @RequestParam(required = false) String userId,
            @RequestParam(required = false) String patientId,
            @RequestParam(required = false) String conversationId,
            @RequestParam(required = false) AuditType type,
            @RequestParam(required = false) @Min(0) Long from,
            @RequestParam(required = false) @Min(0) Long to,
            @RequestParam(defaultValue = "100") @Min(1) @Max(1000) int limit) {
        AuditQuery query = new AuditQuery(userId, patientId, conversationId, type, from, to, limit);
        return searchAudited(actor, query, AuditType.AUDIT_SEARCHED, "json");
    }

    @GetMapping("/export")
    @Operation(summary = "Export matching rows as CSV or JSON (format=csv|json), up to 100,000 rows")
    ResponseEntity<byte[]> export(
            @AuthenticationPrincipal CurrentUser actor,
            @RequestParam(defaultValue = "csv") String format,
            @RequestParam(required = false) String userId,
            @RequestParam(required = false) String patientId,
            @RequestParam(required = false) String conversationId,
            @RequestParam(required = false) AuditType type,
            @RequestParam(required = false) @Min(0) Long from,
            @RequestParam(required = false) @Min(0) Long to) {
        String f = format.toLowerCase(Locale.ROOT);
        if (!f.equals("csv") && !f.equals("json")) {
            throw ApiProblem.badRequest("format must be csv or json");
        }
        AuditQuery query = new AuditQuery(userId, patientId, conversationId, type, from, to, MAX_EXPORT_ROWS);
        List<AuditRecord> rows = searchAudited(actor, query, AuditType.AUDIT_EXPORTED, f);
        byte[] body =
                f.equals("csv") ? AuditCsv.write(rows).getBytes(StandardCharsets.UTF_8) : json.writeValueAsBytes(rows);
        return ResponseEntity.ok()
                .contentType(
                        f.equals("csv")
                                ? new MediaType("text", "csv", StandardCharsets.UTF_8)
                                : MediaType.APPLICATION_JSON)
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"carechat-audit." + f + "\"")
                .body(body);
    }

    private void requireAdmin(CurrentUser actor, AuditType type) {
        roles.requireAdmin(actor, type, "Only an organisation admin can read the audit trail");
    }

    private List<AuditRecord> searchAudited(CurrentUser actor, AuditQuery query, AuditType type, String format) {
        requireAdmin(actor, type);
        List<AuditRecord> rows = audit.search(actor.orgId(), query);
        transactions.run(() -> {
            audit.record(actor.audit(type)
                    .detail("rows", rows.size())
                    .detail("format", format)
                    .patient(query.patientId())
                    .conversation(query.conversationId()));
        });
        return rows;
    }
}
