package org.carechat.admin;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.List;
import org.carechat.audit.AuditType;
import org.carechat.identity.CurrentUser;
import org.carechat.identity.NewUser;
import org.carechat.identity.Role;
import org.carechat.identity.RolePolicy;
import org.carechat.identity.User;
import org.carechat.identity.UserService;
import org.carechat.org.NoticeRules;
import org.carechat.org.OrgService;
import org.carechat.org.Organisation;
import org.carechat.retention.RetentionPolicy;
import org.carechat.retention.RetentionService;
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
    private final RetentionService retention;

    OrgController(
            OrgService orgs,
            UserService users,
            Transactions transactions,
            RolePolicy roles,
            RetentionService retention) {
        this.roles = roles;
        this.retention = retention;
        this.orgs = orgs;
        this.users = users;
        this.transactions = transactions;
    }

    record NewOrganisation(
            @NotBlank @Size(max = OrgService.MAX_NAME_LENGTH)
            String name,

            @NotNull @Valid NewUser admin) {}

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

    /**
     * Settings to change; each left out stays as it is.
     *
     * @param requireSecondFactor staff must sign in with a second factor
     * @param notices             how patients are told of unread messages (all fields; replaces the rules)
     * @param patientSignIn       how patients sign in after registering: {@code code} or {@code password}
     * @param name                the organisation's name, shown to its patients
     * @param emergencyNotice     the "not for emergencies" sentence patients see; blank for CareChat's own
     * @param expectedReply       how soon the practice usually replies, one sentence patients see; blank for none
     * @param retention           how long conversations are kept (all fields; replaces the policy)
     */
    @io.swagger.v3.oas.annotations.media.Schema(name = "OrganisationSettings")
    record Settings(
            Boolean requireSecondFactor,
            @Valid NoticeSettings notices,
            @Size(max = 10) String patientSignIn,
            @Size(max = OrgService.MAX_NAME_LENGTH) String name,

            @Size(max = OrgService.MAX_EMERGENCY_NOTICE_LENGTH)
            String emergencyNotice,

            @Size(max = OrgService.MAX_EXPECTED_REPLY_LENGTH)
            String expectedReply,

            @Valid RetentionSettings retention) {}

    /** The organisation's retention policy as written over the API, all periods together ({@link RetentionPolicy}). */
    record RetentionSettings(
            @NotNull @Min(RetentionPolicy.MIN_DAYS) @Max(RetentionPolicy.MAX_DAYS)
            Integer staffDays,

            @NotNull @Min(RetentionPolicy.MIN_DAYS) @Max(RetentionPolicy.MAX_DAYS)
            Integer patientDays,

            @NotNull @Min(RetentionPolicy.MIN_DAYS) @Max(RetentionPolicy.MAX_DAYS)
            Integer mixedDays,

            @NotNull @Min(RetentionPolicy.MIN_DAYS) @Max(RetentionPolicy.MAX_DAYS)
            Integer contactRequestDays,

            @NotNull @Min(0) @Max(RetentionPolicy.MAX_GRACE_DAYS)
            Integer dischargeGraceDays) {

        RetentionPolicy policy() {
            return new RetentionPolicy(staffDays, patientDays, mixedDays, contactRequestDays, dischargeGraceDays);
        }
    }

    /** The organisation's patient notice rules, as read and written over the API ({@link NoticeRules}). */
    record NoticeSettings(
            @NotNull @Size(max = 2) List<@NotNull @Size(max = 10) String> channels,
            @NotNull @Size(max = 5) String windowStart,
            @NotNull @Size(max = 5) String windowEnd,
            @Size(max = 5) String quietStart,
            @Size(max = 5) String quietEnd,
            @NotNull @Size(max = 64) String timeZone) {}

    /** The organisation with its settings. */
    record Current(
            String id,
            String name,
            long createdAt,
            boolean requireSecondFactor,
            NoticeRules notices,
            String patientSignIn,
            String emergencyNotice,
            String expectedReply,
            RetentionPolicy retention) {}

    private Current current(String orgId) {
        Organisation org = orgs.find(orgId).orElseThrow(() -> ApiProblem.notFound("Organisation"));
        OrgService.PatientFacing patientFacing = orgs.patientFacing(orgId);
        return new Current(
                org.id(),
                org.name(),
                org.createdAt(),
                org.requireSecondFactor(),
                orgs.noticeRules(orgId),
                orgs.patientSignIn(orgId),
                patientFacing.emergencyNotice(),
                patientFacing.expectedReply(),
                retention.policy(orgId));
    }

    @GetMapping("/current")
    @Operation(summary = "Your organisation, with its settings")
    Current current(@AuthenticationPrincipal CurrentUser actor) {
        return current(actor.orgId());
    }

    @GetMapping("/current/profile")
    @Operation(
            summary = "What patients see of your organisation: its name, the \"not for emergencies\" sentence and "
                    + "how soon it usually replies")
    OrgService.PatientFacing profile(@AuthenticationPrincipal CurrentUser actor) {
        return orgs.patientFacing(actor.orgId());
    }

    @PatchMapping("/current")
    @Operation(
            summary = "Change your organisation's settings (admins): requireSecondFactor, notices (channels in "
                    + "order, windowStart/windowEnd, quietStart/quietEnd as HH:mm, timeZone), patientSignIn "
                    + "(code or password), name, emergencyNotice, expectedReply, retention (staffDays, patientDays, mixedDays, "
                    + "contactRequestDays, dischargeGraceDays, all together); each left out stays as it is")
    Current updateSettings(@AuthenticationPrincipal CurrentUser actor, @Valid @RequestBody Settings body) {
        roles.requireAdmin(actor, AuditType.SETTINGS_CHANGED, "Only an organisation admin can change its settings");
        return transactions.write(() -> {
            String org = actor.orgId();
            orgs.updateSettings(org, body.requireSecondFactor(), actor.userId(), actor.ip());
            if (body.notices() != null) {
                orgs.updateNoticeRules(org, noticeRules(body.notices()), actor.userId(), actor.ip());
            }
            if (body.patientSignIn() != null) {
                orgs.updatePatientSignIn(org, body.patientSignIn(), actor.userId(), actor.ip());
            }
            if (body.name() != null) {
                orgs.rename(org, body.name(), actor.userId(), actor.ip());
            }
            if (body.emergencyNotice() != null) {
                orgs.updateEmergencyNotice(org, body.emergencyNotice(), actor.userId(), actor.ip());
            }
            if (body.expectedReply() != null) {
                orgs.updateExpectedReply(org, body.expectedReply(), actor.userId(), actor.ip());
            }
            if (body.retention() != null) {
                retention.updatePolicy(org, body.retention().policy(), actor.userId(), actor.ip());
            }
            return current(org);
        });
    }

    private static NoticeRules noticeRules(NoticeSettings n) {
        return new NoticeRules(
                n.channels(), n.windowStart(), n.windowEnd(), n.quietStart(), n.quietEnd(), n.timeZone());
    }
}
