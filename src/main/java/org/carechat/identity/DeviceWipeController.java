package org.carechat.identity;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.List;
import org.carechat.audit.AuditLog;
import org.carechat.audit.AuditType;
import org.carechat.storage.Transactions;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** Remote wipe ({@link DeviceWipes}): an admin's for a lost device or a user who left, and a user's own. */
@RestController
@Tag(name = "Remote wipe", description = "End a lost device now and have its browser delete what it holds")
class DeviceWipeController {

    private final DeviceWipes wipes;
    private final AuditLog audit;
    private final Transactions transactions;

    DeviceWipeController(DeviceWipes wipes, AuditLog audit, Transactions transactions) {
        this.wipes = wipes;
        this.audit = audit;
        this.transactions = transactions;
    }

    /**
     * What to wipe.
     *
     * @param tokenId the lost device (a session or token id); absent: every device of the user (they left)
     */
    @Schema(name = "DeviceWipeRequest")
    record WipeRequest(@Size(max = 64) String tokenId) {}

    @GetMapping("/api/v1/users/{id}/devices")
    @Operation(
            summary = "A user's devices and the outcome of each wipe: active, wipe_pending (not seen since) or wiped "
                    + "(admins; audited)")
    List<DeviceWipes.Device> devices(
            @AuthenticationPrincipal CurrentUser actor, @PathVariable @Size(max = 64) String id) {
        wipes.requireUser(actor, id);
        transactions.run(() -> audit.record(
                actor.audit(AuditType.CONSOLE_VIEWED).target("user", id).detail("page", "devices")));
        return wipes.devices(actor.orgId(), id);
    }

    @PostMapping("/api/v1/users/{id}/wipe")
    @Operation(
            summary = "Wipe a lost device of a user (tokenId), or every device of a user who left (no tokenId): "
                    + "ended now, sockets closed, cleared when it next reaches the server (admins; audited)")
    List<DeviceWipes.Device> wipe(
            @AuthenticationPrincipal CurrentUser actor,
            @PathVariable @Size(max = 64) String id,
            @Valid @RequestBody @NotNull WipeRequest body) {
        wipes.requireUser(actor, id);
        transactions.run(() -> wipes.wipe(actor, id, body.tokenId()));
        return wipes.devices(actor.orgId(), id);
    }

    @PostMapping("/api/v1/auth/tokens/{id}/wipe")
    @Operation(summary = "Wipe one of your own devices (lost): ended now, cleared when it next reaches the server")
    ResponseEntity<Void> wipeOwn(@AuthenticationPrincipal CurrentUser user, @PathVariable @Size(max = 64) String id) {
        transactions.run(() -> wipes.wipe(user, user.userId(), id));
        return ResponseEntity.noContent().build();
    }
}
