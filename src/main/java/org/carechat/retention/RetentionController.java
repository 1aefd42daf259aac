package org.carechat.retention;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.List;
import org.carechat.audit.AuditType;
import org.carechat.identity.CurrentUser;
import org.carechat.identity.RolePolicy;
import org.carechat.storage.Transactions;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Legal holds and discharges (admins; docs/retention.md). */
@RestController
@Tag(name = "Retention", description = "Legal holds and discharges: what the purge must keep, and when it may take")
class RetentionController {

    private final RetentionService retention;
    private final RolePolicy roles;
    private final Transactions transactions;

    RetentionController(RetentionService retention, RolePolicy roles, Transactions transactions) {
        this.retention = retention;
        this.roles = roles;
        this.transactions = transactions;
    }

    /**
     * What a hold or release names.
     *
     * @param targetType {@code conversation}, {@code patient} or {@code user}
     * @param targetId   its id
     * @param reason     why (a case or request reference): kept with the hold and in the audit trail
     */
    @Schema(name = "LegalHoldRequest")
    record HoldRequest(
            @NotBlank @Size(max = 20) String targetType,
            @NotBlank @Size(max = 64) String targetId,

            @NotBlank @Size(max = RetentionService.MAX_REASON)
            String reason) {}

    /** The holds a release ended (none when none was in force). */
    @Schema(name = "LegalHoldsReleased")
    record Released(List<LegalHold> released) {}

    /** The conversations a discharge closed now. */
    @Schema(name = "DischargedConversations")
    record Discharged(List<String> conversationIds) {}

    @GetMapping("/api/v1/retention/holds")
    @Operation(summary = "The legal holds in force (admins; audited)")
    List<LegalHold> holds(@AuthenticationPrincipal CurrentUser actor) {
        roles.requireAdmin(actor, AuditType.CONSOLE_VIEWED, "Only an organisation admin can see legal holds");
        return transactions.write(() -> {
            retention.recordHoldsViewed(actor);
            return retention.holds(actor.orgId());
        });
    }

    @PostMapping("/api/v1/retention/holds")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Place a legal hold on a conversation, a patient or a user, with a reason (admins; audited)")
    LegalHold place(@AuthenticationPrincipal CurrentUser actor, @Valid @RequestBody @NotNull HoldRequest body) {
        roles.requireAdmin(actor, AuditType.LEGAL_HOLD_PLACED, "Only an organisation admin can place a legal hold");
        return transactions.write(() -> retention.placeHold(actor, body.targetType(), body.targetId(), body.reason()));
    }

    @PostMapping("/api/v1/retention/holds/release")
    @Operation(
            summary = "Release the legal holds on a conversation, a patient or a user, with a reason (admins; audited)")
    Released release(@AuthenticationPrincipal CurrentUser actor, @Valid @RequestBody @NotNull HoldRequest body) {
        roles.requireAdmin(actor, AuditType.LEGAL_HOLD_RELEASED, "Only an organisation admin can release a legal hold");
        return new Released(transactions.write(
                () -> retention.releaseHolds(actor, body.targetType(), body.targetId(), body.reason())));
    }

    @PostMapping("/api/v1/patients/{id}/discharge")
    @Operation(
            summary = "Discharge a patient (admins; audited): their linked conversations close to new messages and are "
                    + "purged after the organisation's discharge grace period, unless held")
    Discharged discharge(@AuthenticationPrincipal CurrentUser actor, @PathVariable @Size(max = 64) String id) {
        roles.requireAdmin(actor, AuditType.PATIENT_DISCHARGED, "Only an organisation admin can record a discharge");
        return new Discharged(transactions.write(
                () -> retention.discharge(new PatientDischarged(actor.orgId(), id, actor.userId(), actor.ip()))));
    }
}
