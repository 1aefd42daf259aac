package org.carechat.fhir;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.Map;
import org.carechat.audit.AuditType;
import org.carechat.identity.CurrentUser;
import org.carechat.identity.RolePolicy;
import org.carechat.web.ApiProblem;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

@RestController
@Tag(
        name = "EHR integration",
        description = "Each organisation's link to its EHR over FHIR R4 (SMART Backend Services)")
class FhirController {

    static final String JWKS = "/api/v1/public/fhir/{orgId}/jwks";

    private final FhirSettings settings;
    private final ConnectionCheck check;
    private final SyncStates states;
    private final RolePolicy roles;

    FhirController(FhirSettings settings, ConnectionCheck check, SyncStates states, RolePolicy roles) {
        this.settings = settings;
        this.check = check;
        this.states = states;
        this.roles = roles;
    }

    /** The settings and the worker's state as admins see them; {@code jwksUrl} is what to register at the EHR. */
    @Schema(name = "EhrConnection")
    record View(
            boolean configured,
            boolean enabled,
            String baseUrl,
            String tokenUrl,
            String clientId,
            String scopes,
            int syncIntervalSeconds,
            String fileAs,
            boolean encounterAccess,
            String jwksUrl,
            Map<String, Object> jwks,
            SyncState status) {}

    @Schema(name = "EhrConnectionChange")
    record Change(
            @NotNull Boolean enabled,
            @NotBlank @Size(max = 300) String baseUrl,
            @Size(max = 300) String tokenUrl,

            @NotBlank
            @Size(max = 200)
            @Pattern(regexp = "[A-Za-z0-9_.:/@-]+", message = "may contain only letters, digits and _ . : / @ -")
            String clientId,

            @NotBlank @Size(max = 1000) String scopes,

            @NotNull @Min(FhirSettings.MIN_INTERVAL_SECONDS) @Max(FhirSettings.MAX_INTERVAL_SECONDS)
            Integer syncIntervalSeconds,

            @Pattern(regexp = "communications|document", message = "must be communications or document")
            String fileAs,

            Boolean encounterAccess,

            Boolean replaceKey) {}

    @GetMapping("/api/v1/orgs/current/fhir")
    @Operation(summary = "Your organisation's EHR connection and the state of its sync (admins)")
    View current(@AuthenticationPrincipal CurrentUser admin) {
        roles.requireAdmin(admin, AuditType.CONSOLE_VIEWED, "Only an organisation admin can see the EHR link");
        return view(admin.orgId());
    }

    @PutMapping("/api/v1/orgs/current/fhir")
    @Operation(
            summary = "Set up or change your organisation's EHR connection (admins); CareChat makes the signing key "
                    + "at the first save")
    View save(@AuthenticationPrincipal CurrentUser admin, @Valid @RequestBody Change body) {
        settings.save(
                admin,
                new FhirSettings.Change(
                        body.enabled(),
                        body.baseUrl(),
                        body.tokenUrl(),
                        body.clientId(),
                        body.scopes(),
                        body.syncIntervalSeconds(),
                        body.fileAs(),
                        body.encounterAccess(),
                        Boolean.TRUE.equals(body.replaceKey())));
        return view(admin.orgId());
    }

    @Schema(name = "EhrConnectionCheck")
    record CheckResult(boolean ok, String fhirVersion, String software, String error) {}

    @PostMapping("/api/v1/orgs/current/fhir/check")
    @Operation(
            summary = "Check the EHR connection now (admins): a Backend Services token, then the FHIR server's "
                    + "capability statement")
    CheckResult check(@AuthenticationPrincipal CurrentUser admin) {
        ConnectionCheck.Outcome outcome = check.check(admin);
        return new CheckResult(outcome.ok(), outcome.fhirVersion(), outcome.software(), outcome.error());
    }

    @GetMapping(JWKS)
    @Operation(
            summary = "The public key CareChat signs its client assertions with for this organisation (a JWKS), to "
                    + "register at the EHR's authorisation server")
    Map<String, Object> jwks(@PathVariable String orgId) {
        return settings.jwks(orgId).orElseThrow(() -> ApiProblem.notFound("The organisation's EHR key"));
    }

    private View view(String orgId) {
        String jwksUrl = ServletUriComponentsBuilder.fromCurrentContextPath()
                .path(JWKS.replace("{orgId}", orgId))
                .toUriString();
        return settings.find(orgId)
                .map(c -> new View(
                        true,
                        c.enabled(),
                        c.baseUrl(),
                        c.tokenUrl(),
                        c.clientId(),
                        String.join(" ", c.scopes()),
                        c.syncIntervalSeconds(),
                        c.fileAs(),
                        c.encounterAccess(),
                        jwksUrl,
                        settings.jwks(orgId).orElseThrow(),
                        states.of(orgId)))
                .orElseGet(() -> new View(
                        false,
                        false,
                        "",
                        "",
                        "",
                        "system/Patient.read system/Encounter.read",
                        900,
                        FhirConnection.FILE_AS_COMMUNICATIONS,
                        false,
                        null,
                        null,
                        null));
    }
}
