package org.carechat.retention;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.carechat.identity.CurrentUser;
import org.carechat.storage.Transactions;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** A conversation's own retention period (members see it; owners shorten it, admins lengthen it). */
@RestController
@RequestMapping("/api/v1/conversations/{id}/retention")
@Tag(name = "Retention", description = "Legal holds and discharges: what the purge must keep, and when it may take")
class ConversationRetentionController {

    private final RetentionOverrideService overrides;
    private final Transactions transactions;

    ConversationRetentionController(RetentionOverrideService overrides, Transactions transactions) {
        this.overrides = overrides;
        this.transactions = transactions;
    }

    /** @param days the conversation's own period after its last activity, 1 to 3,650 */
    @Schema(name = "ConversationRetentionRequest")
    record Request(@NotNull Integer days) {}

    @GetMapping
    @Operation(summary = "How long the conversation is kept and when it is due to be purged (members; audited)")
    ConversationRetention get(@AuthenticationPrincipal CurrentUser actor, @PathVariable @Size(max = 64) String id) {
        return transactions.write(() -> overrides.view(actor, id));
    }

    @PutMapping
    @Operation(
            summary = "Set the conversation's own retention period: shorter than the organisation's by its owners, "
                    + "longer only by an admin (audited)")
    ConversationRetention set(
            @AuthenticationPrincipal CurrentUser actor,
            @PathVariable @Size(max = 64) String id,
            @Valid @RequestBody @NotNull Request body) {
        return transactions.write(() -> overrides.set(actor, id, body.days()));
    }

    @DeleteMapping
    @Operation(summary = "Keep the conversation for the organisation's period again (owners; audited)")
    ConversationRetention clear(@AuthenticationPrincipal CurrentUser actor, @PathVariable @Size(max = 64) String id) {
        return transactions.write(() -> overrides.clear(actor, id));
    }
}
