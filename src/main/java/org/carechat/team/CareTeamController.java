package org.carechat.team;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.List;
import org.carechat.identity.CurrentUser;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/teams")
@Tag(name = "Care teams", description = "Staff who share the patient conversations given to the team")
class CareTeamController {

    private final CareTeamService teams;

    CareTeamController(CareTeamService teams) {
        this.teams = teams;
    }

    record NewTeam(
            @NotBlank @Size(max = CareTeamService.MAX_NAME_LENGTH)
            String name,

            @Size(max = CareTeamService.MAX_MEMBERS) List<@NotNull @Size(max = 64) String> memberIds) {}

    record NewTeamMember(@NotBlank @Size(max = 64) String userId) {}

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Make a care team with its first members (admins)")
    CareTeam create(@AuthenticationPrincipal CurrentUser actor, @Valid @RequestBody NewTeam body) {
        return teams.create(actor, body.name(), body.memberIds());
    }

    @GetMapping
    @Operation(summary = "The care teams of your organisation")
    List<CareTeam> list(@AuthenticationPrincipal CurrentUser actor) {
        return teams.list(actor);
    }

    @GetMapping("/{id}")
    @Operation(summary = "One care team and its members")
    CareTeam get(@AuthenticationPrincipal CurrentUser actor, @PathVariable String id) {
        return teams.require(actor.orgId(), id);
    }

    @PostMapping("/{id}/members")
    @Operation(summary = "Add a staff member to a care team (admins); they join the team's conversations")
    CareTeam addMember(
            @AuthenticationPrincipal CurrentUser actor,
            @PathVariable String id,
            @Valid @RequestBody NewTeamMember body) {
        return teams.addMember(actor, id, body.userId());
    }

    @DeleteMapping("/{id}/members/{userId}")
    @Operation(summary = "Remove a staff member from a care team (admins); they leave the team's conversations")
    CareTeam removeMember(
            @AuthenticationPrincipal CurrentUser actor, @PathVariable String id, @PathVariable String userId) {
        return teams.removeMember(actor, id, userId);
    }
}
