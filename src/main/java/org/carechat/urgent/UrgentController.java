package org.carechat.urgent;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.List;
import org.carechat.identity.CurrentUser;
import org.carechat.system.MobileNumbers;
import org.carechat.web.ApiProblem;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "Urgent messages", description = "Acknowledgement and escalation of messages marked urgent")
class UrgentController {

    private final UrgentService urgent;
    private final UrgentReports reports;
    private final UrgentRules rules;
    private final MobileNumbers numbers;

    UrgentController(UrgentService urgent, UrgentReports reports, UrgentRules rules, MobileNumbers numbers) {
        this.urgent = urgent;
        this.reports = reports;
        this.rules = rules;
        this.numbers = numbers;
    }

    record Rules(
            @NotNull @Min(1) @Max(240) Integer escalateAfterMinutes,
            @NotNull @Min(1) @Max(60) Integer repeatEveryMinutes,
            @Size(max = 64) String escalationContactId) {}

    /** @param mobile a mobile number (E.164, or national in the installation's default region); null removes it */
    record Mobile(@Size(max = 40) String mobile) {}

    @PostMapping("/api/v1/conversations/{conversationId}/messages/{seq}/acknowledge")
    @Operation(summary = "Acknowledge the urgent message at seq (distinct from read); closes your pending alert on it")
    UrgentService.Acknowledged acknowledge(
            @AuthenticationPrincipal CurrentUser actor, @PathVariable String conversationId, @PathVariable long seq) {
        return urgent.acknowledge(actor, conversationId, seq);
    }

    @GetMapping("/api/v1/urgent")
    @Operation(summary = "Your urgent alerts waiting for acknowledgement, oldest first")
    List<UrgentService.Pending> pending(@AuthenticationPrincipal CurrentUser actor) {
        return urgent.pending(actor);
    }

    @GetMapping("/api/v1/urgent/report")
    @Operation(
            summary = "Urgent messages per care team for a range (admins): time to acknowledge (median, p90) "
                    + "and escalations; from and to in epoch ms (to exclusive), at most 366 days")
    UrgentReport report(@AuthenticationPrincipal CurrentUser actor, @RequestParam long from, @RequestParam long to) {
        return reports.report(actor, from, to);
    }

    @GetMapping("/api/v1/urgent/settings")
    @Operation(summary = "The escalation rules (admins)")
    UrgentSettings settings(@AuthenticationPrincipal CurrentUser actor) {
        return rules.settings(actor);
    }

    /** @param mobile the caller's mobile for urgent nudges, in E.164 form; null when none is given */
    record OwnMobile(String mobile) {}

    @GetMapping("/api/v1/urgent/mobile")
    @Operation(summary = "Your mobile number for the SMS nudge of an unacknowledged urgent message")
    OwnMobile mobile(@AuthenticationPrincipal CurrentUser actor) {
        return new OwnMobile(rules.mobile(actor));
    }

    @PutMapping("/api/v1/urgent/settings")
    @Operation(
            summary = "Change the escalation rules (admins): minutes to escalate, minutes between repeated "
                    + "alerts, the escalation contact")
    UrgentSettings settings(@AuthenticationPrincipal CurrentUser actor, @Valid @RequestBody Rules body) {
        return rules.updateSettings(
                actor, body.escalateAfterMinutes(), body.repeatEveryMinutes(), body.escalationContactId());
    }

    @PutMapping("/api/v1/urgent/mobile")
    @Operation(summary = "Your mobile number for the SMS nudge of an unacknowledged urgent message")
    ResponseEntity<Void> mobile(@AuthenticationPrincipal CurrentUser actor, @Valid @RequestBody Mobile body) {
        String normalised = null;
        if (body.mobile() != null && !body.mobile().isBlank()) {
            normalised = numbers.normalise(body.mobile());
            if (normalised == null) {
                throw ApiProblem.badRequest("'mobile' is not a valid mobile number");
            }
        }
        rules.setMobile(actor, normalised);
        return ResponseEntity.noContent().build();
    }
}
