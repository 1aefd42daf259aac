package org.carechat.attachment;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.List;
import org.carechat.audit.AuditType;
import org.carechat.identity.CurrentUser;
import org.carechat.identity.RolePolicy;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/orgs/current/attachment-types")
@Validated
@Tag(name = "Attachments")
class AttachmentSettingsController {

    private final AttachmentTypes attachments;
    private final RolePolicy roles;

    AttachmentSettingsController(AttachmentTypes attachments, RolePolicy roles) {
        this.attachments = attachments;
        this.roles = roles;
    }

    /**
     * @param allowedTypes the media types to accept, among the server's
     * @param maxFileBytes the largest file, at most the server's limit; left out, the server's limit
     */
    record Types(
            @NotNull @Size(max = 20) List<@NotNull @Size(max = 100) String> allowedTypes,
            @Min(1) Long maxFileBytes) {}

    @GetMapping
    @Operation(summary = "The file types your organisation accepts, and the size and count limits")
    AttachmentTypes.Settings settings(@AuthenticationPrincipal CurrentUser actor) {
        return attachments.settings(actor);
    }

    @PutMapping
    @Operation(
            summary = "Narrow the file types your organisation accepts and lower the largest file (admins); within"
                    + " the server's limits")
    AttachmentTypes.Settings narrow(@AuthenticationPrincipal CurrentUser actor, @Valid @RequestBody Types body) {
        roles.requireAdmin(actor, AuditType.SETTINGS_CHANGED, "Only an organisation admin can change its settings");
        return attachments.narrow(actor, body.allowedTypes(), body.maxFileBytes());
    }
}
