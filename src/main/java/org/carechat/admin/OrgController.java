package org.carechat.admin;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.carechat.identity.CurrentUser;
import org.carechat.audit.AuditType;
import org.carechat.identity.NewUser;
import org.carechat.identity.RolePolicy;
import org.carechat.identity.Role;
import org.carechat.identity.User;
import org.carechat.identity.UserService;
import org.carechat.org.OrgService;
import org.carechat.org.Organisation;
import org.carechat.storage.Transactions;
import org.carechat.web.ApiProblem;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/orgs")
@Tag(name = "Organisations", description = "Tenants of this installation")
class OrgController {

    private final OrgService orgs;
    private final UserService users;
    private final Transactions transactions;
    private final RolePolicy roles;

    OrgController(OrgService orgs, UserService users, Transactions transactions, RolePolicy roles) {
        this.roles = roles;
        this.orgs = orgs;
        this.users = users;
        this.transactions = transactions;
    }

    record NewOrganisation(@NotBlank @Size(max = OrgService.MAX_NAME_LENGTH) String name, @NotNull @Valid NewUser admin) {}

    record Created(Organisation organisation, User admin) {}

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Create an organisation with its first admin (system administrators)")
    Created create(@AuthenticationPrincipal CurrentUser actor, @Valid @RequestBody NewOrganisation body) {
        roles.requireSystemAdmin(actor, AuditType.ORG_CREATED, "Only a system administrator can create organisations");
        if (body.admin().role() != Role.ADMIN) {
            throw ApiProblem.badRequest("The first user of an organisation must have the admin role");
        }
        return transactions.write(() -> {
            Organisation org = orgs.create(body.name(), actor.userId(), actor.ip());
            User admin = users.createByOperator(org.id(), body.admin(), false);
            return new Created(org, admin);
        });
    }

    @GetMapping("/current")
    @Operation(summary = "Your organisation")
    Organisation current(@AuthenticationPrincipal CurrentUser actor) {
        return orgs.find(actor.orgId()).orElseThrow(() -> ApiProblem.notFound("Organisation"));
    }

    /** @param requireSecondFactor staff must sign in with a second factor */
    record Settings(Boolean requireSecondFactor) {}

    @PatchMapping("/current")
    @Operation(summary = "Change your organisation's settings (admins): requireSecondFactor")
    Organisation updateSettings(@AuthenticationPrincipal CurrentUser actor, @RequestBody Settings body) {
        roles.requireAdmin(actor, AuditType.SETTINGS_CHANGED, "Only an organisation admin can change its settings");
        return transactions.write(() -> orgs.updateSettings(actor.orgId(), body.requireSecondFactor(), actor.userId(),
                actor.ip()));
    }
}
